import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { ACCOUNT_NAME } from '../../contract/patterns'
import { writeFileAtomically } from '../lib/atomic-write'
import { CrossdockError } from '../lib/errors'
import type { SecretVault } from './secret-vault'

/** Where an account's token is kept: a docker credential helper (any front end) or safeStorage (the desktop app). */
export type VaultName = 'credential-helper' | 'safe-storage'

/** The vaults one front end can open: only the desktop app has Electron's safeStorage. */
export interface Vaults {
  'credential-helper': SecretVault
  'safe-storage'?: SecretVault
}

/** What is known about a saved account; never its secret, which only its vault holds. */
export interface AccountSummary {
  name: string
  kind: 'dockerhub'
  username: string
  vault: VaultName
  /** ISO times. */
  addedAt: string
  verifiedAt?: string
}

export interface NewAccount {
  name: string
  username: string
  secret: string
  verifiedAt?: string
}

/** An accounts file as read: version 1 (before the vault was recorded) or 2; its entries always name their vault. */
export interface AccountsFile {
  version: 1 | 2
  accounts: AccountSummary[]
}

/** How a front end without safeStorage names it: the ciphertexts are useless anywhere but in the desktop app. */
const DESKTOP_VAULT = 'the Crossdock desktop app (Electron safeStorage)'

/** Names become keychain keys and command-line words, so they are kept to a plain alphabet. */
export function checkAccountName(name: string): void {
  if (!ACCOUNT_NAME.test(name)) {
    throw new CrossdockError(
      'USAGE',
      `"${name}" is not a valid account name: use 1 to 64 letters, digits, dots, dashes or underscores, ` +
        `starting with ` +
        `a letter or digit.`,
    )
  }
}

/**
 * Saved Docker Hub accounts: names, users and each token's vault in a JSON file (mode 0600, replaced atomically),
 * secrets in that vault under `dockerhub/<name>`. New tokens go to one vault (`saveTo`); an entry is read and
 * removed through its own, so accounts saved by another front end stay usable where their vault can be opened.
 */
export class AccountStore {
  private readonly now: () => Date
  private readonly saving: SecretVault

  constructor(private readonly options: { path: string; vaults: Vaults; saveTo: VaultName; now?: () => Date }) {
    this.now = options.now ?? (() => new Date())
    const saving = options.vaults[options.saveTo]
    if (!saving) throw new Error(`AccountStore: new tokens go to ${options.saveTo}, but no such vault was given.`)
    this.saving = saving
  }

  /** The vault new tokens go to. */
  get savesTo(): VaultName {
    return this.options.saveTo
  }

  /** Where new tokens are kept, for users to see. */
  get vaultDescription(): string {
    return this.saving.description
  }

  /** Whether the vault new tokens go to really protects them (see SecretVault.secure). */
  get vaultSecure(): boolean {
    return this.saving.secure
  }

  /** Where the tokens of a vault are kept, for users to see, also when this front end cannot open it. */
  describeVault(vault: VaultName): string {
    return this.options.vaults[vault]?.description ?? DESKTOP_VAULT
  }

  async list(): Promise<AccountSummary[]> {
    return (await readAccountsFile(this.options.path)).accounts
  }

  async get(name: string): Promise<AccountSummary> {
    const accounts = await this.list()
    const account = accounts.find((a) => a.name === name)
    if (!account) throw unknownAccount(name, accounts)
    return account
  }

  async add(account: NewAccount, options: { replace?: boolean; signal?: AbortSignal } = {}): Promise<AccountSummary> {
    checkAccountName(account.name)
    if (!account.username) throw new CrossdockError('USAGE', `Account ${account.name} needs a Docker Hub user name.`)
    if (!account.secret)
      throw new CrossdockError('USAGE', `Account ${account.name} needs an access token; it was empty.`)
    const { accounts } = await readAccountsFile(this.options.path)
    const replaced = accounts.find((a) => a.name === account.name)
    if (replaced && !options.replace) {
      throw new CrossdockError(
        'ACCOUNT_EXISTS',
        `An account named ${account.name} is already saved; add --replace to overwrite it, or choose another name.`,
      )
    }
    const summary: AccountSummary = {
      name: account.name,
      kind: 'dockerhub',
      username: account.username,
      vault: this.options.saveTo,
      addedAt: this.now().toISOString(),
      ...(account.verifiedAt ? { verifiedAt: account.verifiedAt } : {}),
    }
    const key = vaultKey(account.name)
    await this.saving.put(key, account.secret, options.signal)
    const others = accounts.filter((a) => a !== replaced)
    try {
      await writeAccountsFile(this.options.path, [...others, summary])
    } catch (error) {
      // A secret no entry names could never be listed or removed again.
      if (replaced?.vault !== summary.vault) await this.saving.delete(key).catch(() => undefined)
      throw error
    }
    // The replaced token in another vault: erased where this front end can (the desktop app drops the rest).
    if (replaced && replaced.vault !== summary.vault)
      await this.options.vaults[replaced.vault]?.delete(key).catch(() => undefined)
    return summary
  }

  /** Erases the secret first: an account entry whose secret could not be erased stays listed, not forgotten. */
  async remove(name: string): Promise<AccountSummary> {
    const { accounts } = await readAccountsFile(this.options.path)
    const account = accounts.find((a) => a.name === name)
    if (!account) throw unknownAccount(name, accounts)
    const vault = this.options.vaults[account.vault]
    if (!vault) throw onlyInDesktopApp(account, 'erase', 'remove the account there')
    await vault.delete(vaultKey(name))
    const others = accounts.filter((a) => a !== account)
    await writeAccountsFile(this.options.path, others)
    return account
  }

  /** The user and secret to sign in to Docker Hub with. */
  async signIn(name: string): Promise<{ username: string; secret: string }> {
    const account = await this.get(name)
    const vault = this.options.vaults[account.vault]
    if (!vault) throw onlyInDesktopApp(account, 'read', 'use the account there')
    const secret = await vault.get(vaultKey(name))
    if (!secret) {
      throw new CrossdockError(
        'CREDENTIALS',
        `The token of account ${name} is missing from ${vault.description}; save it again with ` +
          `crossdock accounts ` +
          `add ${name} --user ${account.username} --replace.`,
      )
    }
    return { username: account.username, secret }
  }
}

/** The key of an account's token in its vault. */
export const vaultKey = (name: string): string => `dockerhub/${name}`

/** Reads an accounts file; a missing one holds no accounts, and version 1 entries are in the credential helper. */
export async function readAccountsFile(path: string): Promise<AccountsFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 2, accounts: [] }
    throw new CrossdockError('CREDENTIALS', `Cannot read the saved accounts ${path}: ${(error as Error).message}`)
  }
  return parseAccountsFile(text, path)
}

/** Replaces an accounts file with these entries, sorted by name, as version 2. */
export async function writeAccountsFile(path: string, accounts: readonly AccountSummary[]): Promise<void> {
  const file: AccountsFile = { version: 2, accounts: [...accounts].sort((a, b) => a.name.localeCompare(b.name)) }
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 })
    writeFileAtomically(path, `${JSON.stringify(file, null, 2)}\n`)
  } catch (error) {
    throw new CrossdockError('CREDENTIALS', `Cannot save the accounts file ${path}: ${(error as Error).message}`)
  }
}

function onlyInDesktopApp(account: AccountSummary, verb: string, there: string): CrossdockError {
  return new CrossdockError(
    'CREDENTIALS',
    `The token of account ${account.name} is encrypted by ${DESKTOP_VAULT}, which only the app can ${verb}: ` +
      `${there}, or save it again here with crossdock accounts add ${account.name} --user ${account.username} ` +
      '--replace (with a docker credential helper configured, the app and the command line share saved accounts).',
  )
}

function unknownAccount(name: string, known: readonly AccountSummary[]): CrossdockError {
  const names = known.length > 0 ? `saved accounts: ${known.map((a) => a.name).join(', ')}` : 'no account is saved yet'
  return new CrossdockError(
    'ACCOUNT_UNKNOWN',
    `There is no Docker Hub account named ${name} (${names}); add one with crossdock accounts add ${name} --user USER.`,
  )
}

const isVaultName = (value: unknown): value is VaultName => value === 'credential-helper' || value === 'safe-storage'

/** Checks each entry by hand: a hand-edited file must fail here with its name, not later with a TypeError. */
function parseAccountsFile(text: string, path: string): AccountsFile {
  const invalid = (why: string): CrossdockError =>
    new CrossdockError('CREDENTIALS', `The saved accounts file ${path} ${why}; fix or remove it.`)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw invalid('is not valid JSON')
  }
  const file = parsed as { version?: unknown; accounts?: unknown } | null
  const version = file?.version
  if ((version !== 1 && version !== 2) || !Array.isArray(file?.accounts))
    throw invalid('is not a version 1 or 2 accounts file')
  const accounts = file.accounts.map((entry: Partial<AccountSummary>) => {
    const { name, username, addedAt, verifiedAt } = entry
    if (
      entry.kind !== 'dockerhub' ||
      typeof name !== 'string' ||
      typeof username !== 'string' ||
      typeof addedAt !== 'string'
    )
      throw invalid('has an entry without kind, name, username or addedAt')
    // Version 1 had one vault, the CLI's credential helper.
    const vault = version === 1 ? 'credential-helper' : entry.vault
    if (!isVaultName(vault))
      throw invalid(`has an entry (${name}) whose vault is not credential-helper or safe-storage`)
    // Only known fields are kept, so nothing else a file may hold (a pasted token) travels on.
    return {
      name,
      kind: 'dockerhub' as const,
      username,
      vault,
      addedAt,
      ...(typeof verifiedAt === 'string' ? { verifiedAt } : {}),
    }
  })
  return { version, accounts }
}
