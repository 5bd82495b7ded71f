import type { AccountStore } from '../credentials/account-store'
import { DockerHubApi, type HubSignIn } from '../dockerhub/hub-api'
import type { CredentialResolver, RegistryCredential } from '../registry/credentials'
import { HttpClient } from '../registry/http'

/** The Docker Hub identity a call uses: a named account, the Docker config's docker.io entry, or none. */
export interface HubIdentity {
  /** What to show: `work (alice)`, `alice (Docker config)`, `anonymous`. */
  label: string
  signIn?: HubSignIn
  credential?: RegistryCredential
}

export interface SessionAccount {
  name: string
  username: string
  token: string
  addedAt: string
  verifiedAt: string
}

/**
 * Docker Hub accounts for the UI: saved ones (token in the vault), ones kept for this session only (when the
 * user chose not to save, e.g. without a real keyring), and the Docker config's docker.io entry as the default.
 */
export class HubAccounts {
  private readonly session = new Map<string, SessionAccount>()

  constructor(
    private readonly store: AccountStore,
    private readonly dockerConfig: CredentialResolver,
    private readonly hubApi: string,
  ) {}

  /** Summaries only: never a token. */
  async list(): Promise<
    { name: string; kind: 'dockerhub'; username: string; addedAt: string; verifiedAt?: string; saved: boolean }[]
  > {
    const saved = (await this.store.list()).map(({ name, username, addedAt, verifiedAt }) => ({
      name,
      kind: 'dockerhub' as const,
      username,
      addedAt,
      ...(verifiedAt ? { verifiedAt } : {}),
      saved: true,
    }))
    const session = [...this.session.values()].map(({ name, username, addedAt, verifiedAt }) => ({
      name,
      kind: 'dockerhub' as const,
      username,
      addedAt,
      verifiedAt,
      saved: false,
    }))
    return [...saved, ...session].sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Signs in with the token first: a refused token is never kept. */
  async add(
    account: { name: string; username: string; token: string; save: boolean },
    signal?: AbortSignal,
  ): Promise<{ verifiedAt: string; addedAt: string }> {
    const http = new HttpClient()
    try {
      await new DockerHubApi({
        http,
        baseUrl: this.hubApi,
        signIn: { identifier: account.username, secret: account.token },
      }).verify(signal)
    } finally {
      http.close()
    }
    const verifiedAt = new Date().toISOString()
    if (!account.save) {
      this.session.set(account.name, {
        name: account.name,
        username: account.username,
        token: account.token,
        addedAt: verifiedAt,
        verifiedAt,
      })
      return { verifiedAt, addedAt: verifiedAt }
    }
    const saved = await this.store.add(
      { name: account.name, username: account.username, secret: account.token, verifiedAt },
      { replace: true, signal },
    )
    this.session.delete(account.name)
    return { verifiedAt, addedAt: saved.addedAt }
  }

  async remove(name: string): Promise<void> {
    if (this.session.delete(name)) return
    await this.store.remove(name)
  }

  /** The identity for `name`, or without a name the Docker config's docker.io entry (else anonymous). */
  async identity(name: string | undefined): Promise<HubIdentity> {
    if (name) {
      const kept = this.session.get(name)
      const { username, secret } = kept
        ? { username: kept.username, secret: kept.token }
        : await this.store.signIn(name)
      return {
        label: `${name} (${username})`,
        signIn: { identifier: username, secret },
        credential: { kind: 'basic', username, password: secret },
      }
    }
    const credential = await this.dockerConfig('docker.io')
    if (!credential) return { label: 'anonymous' }
    if (credential.kind !== 'basic') return { label: 'identity token (Docker config)', credential }
    return {
      label: `${credential.username} (Docker config)`,
      signIn: { identifier: credential.username, secret: credential.password },
      credential,
    }
  }

  async dockerConfigUser(): Promise<string | undefined> {
    const credential = await this.dockerConfig('docker.io').catch(() => undefined)
    return credential?.kind === 'basic' ? credential.username : undefined
  }
}
