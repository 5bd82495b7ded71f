import type { Command } from 'commander'
import { checkAccountName, type VaultName } from '../core/credentials/account-store'
import { openAccountStore } from '../core/credentials/open-account-store'
import { CrossdockError, isCrossdockError } from '../core/lib/errors'
import { cliContext } from './cli-context'
import { readAll } from './standard-input'
import { UsageError } from './usage-error'

interface Io {
  stdout: NodeJS.WritableStream
  stdin?: NodeJS.ReadableStream
  signal?: AbortSignal
}

interface AddFlags {
  user: string
  tokenStdin?: boolean
  /** Commander's `--no-verify`: true unless given. */
  verify: boolean
  replace?: boolean
  hubApi?: string
}

/** `crossdock accounts add|ls|rm`: Docker Hub accounts saved under a name for `--account`. */
export function registerAccountsCommand(program: Command, io: Io): void {
  const accounts = program
    .command('accounts')
    .description(
      "Docker Hub accounts saved for --account: names and users in Crossdock's config directory, tokens in a " +
        'credential helper.',
    )
  accounts
    .command('add')
    .description('Save a Docker Hub account under a name, after signing in with it to check the token.')
    .argument('<name>', 'the name to use with --account (letters, digits, . _ -)')
    .requiredOption('--user <user>', 'Docker Hub user name')
    .option('--token-stdin', 'read the access token from stdin; default: CROSSDOCK_HUB_TOKEN')
    .option('--no-verify', 'save without signing in to Docker Hub first')
    .option('--replace', 'overwrite a saved account of the same name')
    .option('--hub-api <url>', 'Docker Hub API endpoint (or CROSSDOCK_HUB_API)')
    .action((name: string, flags: AddFlags) => addAccount(name, flags, io))
  accounts
    .command('ls')
    .description('List saved accounts: name, user, when the token was last checked, and where tokens are kept.')
    .option('--json', 'print JSON instead of text')
    .action((flags: { json?: boolean }) => listAccounts(flags, io))
  accounts
    .command('rm')
    .description('Forget a saved account and erase its token from the credential helper.')
    .argument('<name>', 'the saved account')
    .action((name: string) => removeAccount(name, io))
}

async function addAccount(name: string, flags: AddFlags, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  checkAccountName(name)
  const secret = flags.tokenStdin ? (await readAll(io.stdin ?? process.stdin)).trim() : env.CROSSDOCK_HUB_TOKEN
  if (!secret)
    throw new UsageError(
      flags.tokenStdin
        ? 'No access token arrived on stdin.'
        : 'Give the access token on stdin with --token-stdin, or in CROSSDOCK_HUB_TOKEN.',
    )
  const accounts = cliContext(flags, env).accounts
  try {
    await accounts.add(
      { name, username: flags.user, token: secret, save: true, verify: flags.verify, replace: flags.replace ?? false },
      io.signal,
    )
  } catch (error) {
    // The sign-in refused the token: say how to save it all the same.
    if (!flags.verify || !isCrossdockError(error) || !error.message.endsWith('was not saved.')) throw error
    throw new CrossdockError(error.code, `${error.message} (--no-verify saves without checking)`, {
      status: error.status,
      retryable: error.retryable,
    })
  }
  const checked = flags.verify ? 'signed in to check it' : 'not checked (--no-verify)'
  const { vaultDescription } = await accounts.store()
  io.stdout.write(
    `Saved Docker Hub account ${name} (${flags.user}), ${checked}; its token is kept by ${vaultDescription}.\n`,
  )
}

async function listAccounts(flags: { json?: boolean }, io: Io): Promise<void> {
  const store = await openAccountStore()
  const accounts = await store.list()
  if (flags.json)
    return void io.stdout.write(`${JSON.stringify({ tokensKeptBy: store.vaultDescription, accounts }, null, 2)}\n`)
  if (accounts.length === 0) {
    return void io.stdout.write(
      `No Docker Hub account is saved; add one with crossdock accounts add NAME --user USER (tokens are kept by ` +
        `${store.vaultDescription}).\n`,
    )
  }
  // A token kept apart from new ones (in the desktop app's safeStorage) is named on its account's line.
  const elsewhere = (vault: VaultName): boolean => vault !== store.savesTo
  const rows = accounts.map((a) =>
    [
      a.name,
      a.username,
      a.verifiedAt ? `verified ${a.verifiedAt}` : 'not verified',
      ...(elsewhere(a.vault) ? [`token kept by ${store.describeVault(a.vault)}`] : []),
    ].join('\t'),
  )
  const except = accounts.some((a) => elsewhere(a.vault)) ? ' unless its line says otherwise' : ''
  io.stdout.write(
    `${rows.join('\n')}\n${accounts.length} Docker Hub accounts; tokens are kept by ${store.vaultDescription}` +
      `${except}.\n`,
  )
}

async function removeAccount(name: string, io: Io): Promise<void> {
  const store = await openAccountStore()
  const removed = await store.remove(name)
  io.stdout.write(
    `Removed Docker Hub account ${removed.name} (${removed.username}) and erased its token from ` +
      `${store.describeVault(removed.vault)}.\n`,
  )
}
