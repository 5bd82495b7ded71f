import { CrossdockError } from '../lib/errors'
import { parseChallenges } from './challenge'
import type { CredentialResolver, RegistryCredential } from './credentials'
import { discard, header, readJson, type HttpClient, type HttpResponse } from './http'

export type Action = 'pull' | 'push' | '*'

/** Access a request needs, in the token service's terms (`repository:NAME:pull,push`, `registry:catalog:*`). */
export interface Scope {
  /** Defaults to `repository`; `registry` is for the catalog. */
  resource?: 'repository' | 'registry'
  repository: string
  actions: readonly Action[]
}

export function scopeString(scope: Scope): string {
  return `${scope.resource ?? 'repository'}:${scope.repository}:${[...scope.actions].sort().join(',')}`
}

type Scheme =
  | { kind: 'unknown' }
  | { kind: 'none' }
  | { kind: 'basic' }
  | { kind: 'bearer'; realm: string; service?: string }

interface CachedToken {
  value: string
  refreshAt: number
}

/**
 * Signs requests for one registry. Learns the scheme from the first 401 and then authorises up front, so a
 * run costs one challenge per registry, not one per request. Bearer tokens are cached per scope set and
 * refreshed before they expire.
 */
export class Authenticator {
  private scheme: Scheme = { kind: 'unknown' }
  private readonly tokens = new Map<string, Promise<CachedToken>>()

  constructor(
    private readonly registry: string,
    private readonly resolve: CredentialResolver,
    private readonly http: HttpClient,
    /** Whether the registry itself is reached over plain HTTP (--plain-http): only then may its token realm be. */
    private readonly plainHttp = false,
    private readonly now: () => number = Date.now,
  ) {}

  /** The Authorization header for a request needing `scopes`, or undefined before any challenge. */
  async authorization(scopes: readonly Scope[], signal?: AbortSignal): Promise<string | undefined> {
    switch (this.scheme.kind) {
      case 'unknown':
      case 'none':
        return undefined
      case 'basic': {
        const credential = await this.credentials()
        return credential?.kind === 'basic' ? basicHeader(credential) : undefined
      }
      case 'bearer':
        return `Bearer ${await this.token(this.scheme, scopes, signal)}`
    }
  }

  /**
   * Called on a 401 to a request sent with `sent` as its Authorization. Returns true when a retry is worth it:
   * the request went out unsigned (first contact, or before a parallel request learnt the scheme), or with a
   * cached token that has since been dropped. The same credentials refused twice are final.
   */
  async unauthorized(
    wwwAuthenticate: string | undefined,
    scopes: readonly Scope[],
    sent: string | undefined,
  ): Promise<boolean> {
    const challenge = parseChallenges(wwwAuthenticate ?? '')[0]
    if (challenge?.scheme === 'bearer' && challenge.params.realm) {
      if (this.scheme.kind !== 'bearer' || this.scheme.realm !== challenge.params.realm) {
        this.scheme = { kind: 'bearer', realm: challenge.params.realm, service: challenge.params.service }
      }
    } else if (challenge?.scheme === 'basic') {
      this.scheme = { kind: 'basic' }
    } else {
      return false
    }
    if (sent === undefined) return true
    if (this.scheme.kind === 'bearer') {
      // Drop the refused token unless a parallel request has already replaced it with a fresh one.
      const key = this.tokenKey(scopes)
      const cached = await this.tokens.get(key)?.catch(() => undefined)
      if (cached && `Bearer ${cached.value}` === sent) this.tokens.delete(key)
      return true
    }
    // Basic: worth one more try only with newer credentials (an ECR token renewed early, perhaps already by a
    // parallel request).
    const renewed = await this.resolve(this.registry, { refused: fromBasicHeader(sent) })
    return renewed?.kind === 'basic' && basicHeader(renewed) !== sent
  }

  describe(scopes: readonly Scope[]): string {
    return scopes.map(scopeString).join(' ') || 'registry access'
  }

  private credentials(): Promise<RegistryCredential | undefined> {
    return this.resolve(this.registry)
  }

  private tokenKey(scopes: readonly Scope[]): string {
    return scopes.map(scopeString).sort().join(' ')
  }

  private async token(
    scheme: Extract<Scheme, { kind: 'bearer' }>,
    scopes: readonly Scope[],
    signal?: AbortSignal,
  ): Promise<string> {
    const key = this.tokenKey(scopes)
    const cached = this.tokens.get(key)
    if (cached) {
      const token = await cached.catch(() => undefined)
      if (token && token.refreshAt > this.now()) return token.value
      if (this.tokens.get(key) === cached) this.tokens.delete(key)
      else return this.token(scheme, scopes, signal)
    }
    const pending = this.fetchToken(scheme, scopes, signal)
    this.tokens.set(key, pending)
    pending.catch(() => this.tokens.get(key) === pending && this.tokens.delete(key))
    return (await pending).value
  }

  private async fetchToken(
    scheme: Extract<Scheme, { kind: 'bearer' }>,
    scopes: readonly Scope[],
    signal?: AbortSignal,
  ): Promise<CachedToken> {
    const url = new URL(scheme.realm)
    if (url.protocol !== 'https:' && !this.plainHttp) {
      // The credentials would cross the network in the clear: a downgrade a man in the middle could ask for.
      throw new CrossdockError(
        'AUTH_FAILED',
        `${this.registry} asks for sign-in at ${url.origin}, which is not HTTPS; Crossdock will not send credentials ` +
          `there. If this registry is really served over plain HTTP, name it in --plain-http.`,
      )
    }
    const credential = await this.credentials()
    const what = `Token request to ${url.origin}${url.pathname} for ${this.describe(scopes)}`
    let response: HttpResponse
    if (credential?.kind === 'identity-token') {
      // OAuth2 refresh-token grant, as `docker login` with an identity token does.
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credential.token,
        client_id: 'crossdock',
      })
      if (scheme.service) form.set('service', scheme.service)
      form.set('scope', scopes.map(scopeString).join(' '))
      response = await this.http.send({
        method: 'POST',
        url: url.href,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(form.toString()),
        expect: [200, 401, 403],
        what,
        signal,
      })
    } else {
      if (scheme.service) url.searchParams.set('service', scheme.service)
      for (const scope of scopes) url.searchParams.append('scope', scopeString(scope))
      const headers: Record<string, string> = {}
      if (credential?.kind === 'basic') headers.authorization = basicHeader(credential)
      response = await this.http.send({ method: 'GET', url: url.href, headers, expect: [200, 401, 403], what, signal })
    }
    if (response.status !== 200) {
      await discard(response.body)
      throw new CrossdockError(
        'AUTH_FAILED',
        `${this.registry} refused ${credential ? 'the credentials' : 'anonymous access'} for ` +
          `${this.describe(scopes)} ` +
          `(HTTP ${response.status}). ` +
          (credential
            ? 'Check the user name and password or token.'
            : 'Sign in (docker login, or --src-creds/--dest-creds).'),
        { status: response.status },
      )
    }
    const body = await readJson<{ token?: string; access_token?: string; expires_in?: number; issued_at?: string }>(
      response.body,
      1024 * 1024,
      what,
    )
    const value = body.token ?? body.access_token
    if (!value)
      throw new CrossdockError('AUTH_FAILED', `The token service of ${this.registry} answered without a token.`)
    // The spec's default lifetime is 60 s; refresh at 80 % so a long transfer never starts with a dying token.
    const lifetimeMs = Math.max(body.expires_in ?? 60, 1) * 1000
    const issuedAt = body.issued_at ? Date.parse(body.issued_at) : Number.NaN
    const start = Number.isNaN(issuedAt) ? this.now() : Math.min(issuedAt, this.now())
    return { value, refreshAt: start + lifetimeMs * 0.8 }
  }
}

function basicHeader(credential: Extract<RegistryCredential, { kind: 'basic' }>): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`
}

function fromBasicHeader(header: string): RegistryCredential | undefined {
  const decoded = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0
    ? undefined
    : { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/** Reads the challenge header of a 401 response. */
export function challengeHeader(headers: Record<string, string | string[] | undefined>): string | undefined {
  return header(headers, 'www-authenticate')
}
