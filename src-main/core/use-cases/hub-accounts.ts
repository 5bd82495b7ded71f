import type { AccountStore, AccountSummary } from '../credentials/account-store'
import { resolveHubIdentity, type HubIdentity } from '../credentials/hub-identity'
import { isCrossdockError, CrossdockError } from '../lib/errors'
import type { CredentialResolver, RegistryCredential } from '../registry/credentials'
import type { HubEndpoints } from '../dockerhub/hub-endpoints'
import { withHubApi } from './hub-connection'

export interface HubAccountSummary {
  name: string
  kind: 'dockerhub'
  username: string
  addedAt: string
  verifiedAt?: string
  /** False for an account kept for this session only. */
  saved: boolean
}

export interface NewHubAccount {
  name: string
  username: string
  token: string
  /** False keeps it for this process only (the UI without a keyring); the CLI always saves. */
  save: boolean
  /** Sign in with the token first, so a refused token is never kept. */
  verify: boolean
  replace: boolean
}

interface SessionAccount {
  name: string
  username: string
  token: string
  addedAt: string
  verifiedAt: string
}

/**
 * Docker Hub accounts, and who Crossdock is on Docker Hub: saved ones (token in the store's vault), ones kept for
 * this session only, and the identity every command and call resolves through one precedence.
 */
export class HubAccounts {
  private readonly session = new Map<string, SessionAccount>()
  private opened?: Promise<AccountStore>

  constructor(
    private readonly openStore: () => Promise<AccountStore>,
    private readonly options: { dockerConfig: CredentialResolver; endpoints: HubEndpoints; env: NodeJS.ProcessEnv },
  ) {}

  /** The saved accounts, opened once, on first use. */
  store(): Promise<AccountStore> {
    this.opened ??= this.openStore()
    return this.opened
  }

  /** Summaries only: never a token. */
  async list(): Promise<HubAccountSummary[]> {
    const saved = (await (await this.store()).list()).map((account) => ({ ...summaryOf(account), saved: true }))
    const session = [...this.session.values()].map((account) => ({ ...summaryOf(account), saved: false }))
    return [...saved, ...session].sort((a, b) => a.name.localeCompare(b.name))
  }

  async add(account: NewHubAccount, signal?: AbortSignal): Promise<HubAccountSummary> {
    const verifiedAt = account.verify ? await this.signInOnce(account, signal) : undefined
    if (!account.save) {
      const addedAt = new Date().toISOString()
      this.session.set(account.name, { ...account, addedAt, verifiedAt: verifiedAt ?? addedAt })
      return { ...summaryOf({ ...account, addedAt, verifiedAt }), saved: false }
    }
    const saved = await (await this.store()).add(
      { name: account.name, username: account.username, secret: account.token, verifiedAt },
      { replace: account.replace, signal },
    )
    this.session.delete(account.name)
    return { ...summaryOf(saved), saved: true }
  }

  async remove(name: string): Promise<AccountSummary | undefined> {
    if (this.session.delete(name)) return undefined
    return (await this.store()).remove(name)
  }

  /** Who to be on Docker Hub for a call or command: see resolveHubIdentity for the precedence. */
  async identity(account?: string, srcCreds?: RegistryCredential): Promise<HubIdentity | undefined> {
    return resolveHubIdentity({
      account,
      srcCreds,
      env: this.options.env,
      signIn: async (name) => {
        const kept = this.session.get(name)
        return kept ? { username: kept.username, secret: kept.token } : (await this.store()).signIn(name)
      },
      dockerConfig: this.options.dockerConfig,
    })
  }

  /** The Docker config's docker.io user, shown as the default when no account is chosen. */
  async dockerConfigUser(): Promise<string | undefined> {
    const credential = await this.options.dockerConfig('docker.io').catch(() => undefined)
    return credential?.kind === 'basic' ? credential.username : undefined
  }

  /** Signs in to the Hub API; resolves to when, or fails saying nothing was kept. */
  private async signInOnce(account: NewHubAccount, signal?: AbortSignal): Promise<string> {
    const identity: HubIdentity = {
      name: account.name,
      user: account.username,
      source: 'saved-account',
      credential: { kind: 'basic', username: account.username, password: account.token },
    }
    try {
      await withHubApi(this.options.endpoints, identity, (api) => api.verify(signal))
      return new Date().toISOString()
    } catch (error) {
      if (!isCrossdockError(error)) throw error
      throw new CrossdockError(error.code, `${error.message} Account ${account.name} was not saved.`, {
        status: error.status,
        retryable: error.retryable,
      })
    }
  }
}

function summaryOf(account: {
  name: string
  username: string
  addedAt: string
  verifiedAt?: string
}): Omit<HubAccountSummary, 'saved'> {
  const { name, username, addedAt, verifiedAt } = account
  return { name, kind: 'dockerhub', username, addedAt, ...(verifiedAt ? { verifiedAt } : {}) }
}
