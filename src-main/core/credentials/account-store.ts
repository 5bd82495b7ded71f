import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { ACCOUNT_NAME } from '../../contract/patterns'
import { writeFileAtomically } from '../lib/atomic-write'
import { CrossdockError } from '../lib/errors'
import type { SecretVault } from './secret-vault'

/** What is known about a saved account; never its secret, which only the vault holds. */
export interface AccountSummary {
  name: string
  kind: 'dockerhub'
  username: string
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

interface AccountsFile {
  version: 1
  accounts: AccountSummary[]
}

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
 * Saved Docker Hub accounts: names and users in a JSON file (mode 0600, replaced atomically), secrets in a
 * SecretVault under `dockerhub/<name>`.
 */
export class AccountStore {
  private readonly now: () => Date

  constructor(private readonly options: { path: string; vault: SecretVault; now?: () => Date }) {
    this.now = options.now ?? (() => new Date())
  }

  /** Where the secrets are kept, for users to see. */
  get vaultDescription(): string {
    return this.options.vault.description
  }

  /** Whether the vault really protects secrets (see SecretVault.secure). */
  get vaultSecure(): boolean {
    return this.options.vault.secure
  }

  async list(): Promise<AccountSummary[]> {
    return (await this.read()).accounts
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
    const file = await this.read()
    const others = file.accounts.filter((a) => a.name !== account.name)
    if (others.length < file.accounts.length && !options.replace) {
      throw new CrossdockError(
        'ACCOUNT_EXISTS',
        `An account named ${account.name} is already saved; add --replace to overwrite it, or choose another name.`,
      )
    }
    const summary: AccountSummary = {
      name: account.name,
      kind: 'dockerhub',
      username: account.username,
      addedAt: this.now().toISOString(),
      ...(account.verifiedAt ? { verifiedAt: account.verifiedAt } : {}),
    }
    const key = vaultKey(account.name)
    await this.options.vault.put(key, account.secret, options.signal)
    try {
      await this.write({ version: 1, accounts: [...others, summary].sort((a, b) => a.name.localeCompare(b.name)) })
    } catch (error) {
      // A secret no entry names could never be listed or removed again.
      if (others.length === file.accounts.length) await this.options.vault.delete(key).catch(() => undefined)
      throw error
    }
    return summary
  }

  /** Erases the secret first: an account entry whose secret could not be erased stays listed, not forgotten. */
  async remove(name: string): Promise<AccountSummary> {
    const { accounts } = await this.read()
    const account = accounts.find((a) => a.name === name)
    if (!account) throw unknownAccount(name, accounts)
    await this.options.vault.delete(vaultKey(name))
    await this.write({ version: 1, accounts: accounts.filter((a) => a !== account) })
    return account
  }

  /** The user and secret to sign in to Docker Hub with. */
  async signIn(name: string): Promise<{ username: string; secret: string }> {
    const account = await this.get(name)
    const secret = await this.options.vault.get(vaultKey(name))
    if (!secret) {
      throw new CrossdockError(
        'CREDENTIALS',
        `The token of account ${name} is missing from ${this.vaultDescription}; save it again with ` +
          `crossdock accounts ` +
          `add ${name} --user ${account.username} --replace.`,
      )
    }
    return { username: account.username, secret }
  }

  private async read(): Promise<AccountsFile> {
    const { path } = this.options
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, accounts: [] }
      throw new CrossdockError('CREDENTIALS', `Cannot read the saved accounts ${path}: ${(error as Error).message}`)
    }
    return parseAccountsFile(text, path)
  }

  private async write(file: AccountsFile): Promise<void> {
    const { path } = this.options
    try {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 })
      writeFileAtomically(path, `${JSON.stringify(file, null, 2)}\n`)
    } catch (error) {
      throw new CrossdockError('CREDENTIALS', `Cannot save the accounts file ${path}: ${(error as Error).message}`)
    }
  }
}

const vaultKey = (name: string): string => `dockerhub/${name}`

function unknownAccount(name: string, known: readonly AccountSummary[]): CrossdockError {
  const names = known.length > 0 ? `saved accounts: ${known.map((a) => a.name).join(', ')}` : 'no account is saved yet'
  return new CrossdockError(
    'ACCOUNT_UNKNOWN',
    `There is no Docker Hub account named ${name} (${names}); add one with crossdock accounts add ${name} --user USER.`,
  )
}

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
  const file = parsed as Partial<AccountsFile> | null
  if (file?.version !== 1 || !Array.isArray(file.accounts)) throw invalid('is not a version 1 accounts file')
  const accounts = file.accounts.map((entry: Partial<AccountSummary>) => {
    const { name, username, addedAt, verifiedAt } = entry
    if (
      entry.kind !== 'dockerhub' ||
      typeof name !== 'string' ||
      typeof username !== 'string' ||
      typeof addedAt !== 'string'
    )
      throw invalid('has an entry without kind, name, username or addedAt')
    // Only known fields are kept, so nothing else a file may hold (a pasted token) travels on.
    return {
      name,
      kind: 'dockerhub' as const,
      username,
      addedAt,
      ...(typeof verifiedAt === 'string' ? { verifiedAt } : {}),
    }
  })
  return { version: 1, accounts }
}
