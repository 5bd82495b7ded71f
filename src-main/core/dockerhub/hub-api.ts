import { CrossdockError } from '../lib/errors'
import { repositoryPathProblem } from '../reference/grammar'
import { discard, readJson, type HttpClient, type HttpResponse } from '../registry/http'
import { PageCursor } from '../registry/page-cursor'
import type { HubPage, HubRepository, HubTag } from './hub-types'

export const DOCKER_HUB_API = 'https://hub.docker.com'

/** Hub API answers are JSON pages of at most 100 items; anything bigger is not an answer we expect. */
const PAGE_LIMIT = 8 * 1024 * 1024
/** The API documents its tokens as short-lived without a number; when the JWT has no `exp`, assume five minutes. */
const FALLBACK_TOKEN_LIFETIME_MS = 5 * 60_000

export interface HubSignIn {
  /** User name, or organisation name for an organisation access token. */
  identifier: string
  /** Password, personal access token or organisation access token. */
  secret: string
}

export interface DockerHubApiOptions {
  http: HttpClient
  baseUrl?: string
  /** Without it the API answers as to anyone: public repositories only. */
  signIn?: HubSignIn
  now?: () => number
}

/**
 * The Docker Hub API (hub.docker.com): namespaces, repositories and tags with sizes. Signs in with
 * `POST /v2/auth/token` and signs in again when the short-lived token expires or is refused. The API's own
 * per-minute limit is honoured by the HTTP layer (429 with `Retry-After`).
 */
export class DockerHubApi {
  private readonly baseUrl: string
  private readonly now: () => number
  private token?: Promise<{ value: string; expiresAt: number }>

  constructor(private readonly options: DockerHubApiOptions) {
    this.baseUrl = (options.baseUrl ?? DOCKER_HUB_API).replace(/\/+$/, '')
    this.now = options.now ?? Date.now
  }

  /**
   * The namespaces the signed-in account can see: its own and its organisations' (`/v2/user`, `/v2/user/orgs`,
   * which Docker's hub-tool uses; the Hub API reference does not list them). Anonymous: none.
   */
  async namespaces(signal?: AbortSignal): Promise<string[]> {
    if (!this.options.signIn) return []
    const what = 'List the namespaces of the signed-in Docker Hub account'
    const user = await this.get(`${this.baseUrl}/v2/user`, what, signal)
    const { username } = await readJson<{ username?: string }>(user.body, PAGE_LIMIT, what)
    const namespaces = username ? [username] : []
    for await (const org of this.pages<{ orgname: string }>('/v2/user/orgs?page_size=100', what, signal))
      namespaces.push(org.orgname)
    return namespaces
  }

  /** Every repository of a namespace the caller may see (private ones too when signed in with access). */
  repositories(
    namespace: string,
    options: { ordering?: string; signal?: AbortSignal } = {},
  ): AsyncGenerator<HubRepository> {
    const query = new URLSearchParams({ page_size: '100' })
    if (options.ordering) query.set('ordering', options.ordering)
    return this.pages<HubRepository>(
      `/v2/namespaces/${hubSegment(namespace)}/repositories?${query}`,
      `List repositories of ${namespace}`,
      options.signal,
    )
  }

  /** Every tag of a repository, with per-platform images, sizes and push/pull times. */
  tags(namespace: string, repository: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<HubTag> {
    const path =
      `/v2/namespaces/${hubSegment(namespace)}/repositories/` +
      `${hubSegment(repository, namespace)}/tags?page_size=100`
    return this.pages<HubTag>(path, `List tags of ${namespace}/${repository}`, options.signal)
  }

  /** How many tags a repository has, from one one-item page. */
  async tagCount(namespace: string, repository: string, signal?: AbortSignal): Promise<number> {
    const what = `Count tags of ${namespace}/${repository}`
    const url =
      `${this.baseUrl}/v2/namespaces/${hubSegment(namespace)}/repositories/` +
      `${hubSegment(repository, namespace)}/tags?page_size=1`
    const response = await this.get(url, what, signal)
    if (response.status === 404) {
      await discard(response.body)
      return 0
    }
    return (await readJson<HubPage<HubTag>>(response.body, PAGE_LIMIT, what)).count
  }

  /** Checks the sign-in now (a wrong token fails here with AUTH_FAILED rather than mid-listing). */
  async verify(signal?: AbortSignal): Promise<void> {
    if (this.options.signIn) await this.bearer(signal)
  }

  private async *pages<T>(first: string, what: string, signal?: AbortSignal): AsyncGenerator<T> {
    let next: string | null = `${this.baseUrl}${first}`
    const cursor = new PageCursor(next, what)
    while (next) {
      const response = await this.get(next, what, signal)
      if (response.status === 404) {
        await discard(response.body)
        throw new CrossdockError(
          'NAME_UNKNOWN',
          `${what}: Docker Hub has no such namespace or repository, or it is private and the account signed ` +
            `in cannot ` +
            `see it.`,
          { status: 404 },
        )
      }
      const page = await readJson<HubPage<T>>(response.body, PAGE_LIMIT, what)
      yield* page.results
      next = page.next ? cursor.follow(page.next, next) : null
    }
  }

  private async get(url: string, what: string, signal?: AbortSignal): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json' }
      const token = this.options.signIn ? await this.bearer(signal) : undefined
      if (token) headers.authorization = `Bearer ${token}`
      const response = await this.options.http.send({
        method: 'GET',
        url,
        headers,
        expect: [200, 401, 404],
        what,
        signal,
      })
      if (response.status !== 401) return response
      await discard(response.body)
      // A token can be revoked or expire early: sign in once more, then report.
      if (!token || attempt > 0)
        throw new CrossdockError('AUTH_FAILED', `${what}: Docker Hub refused the sign-in (HTTP 401).`, { status: 401 })
      this.token = undefined
    }
  }

  private async bearer(signal?: AbortSignal): Promise<string> {
    const current = await this.token?.catch(() => undefined)
    if (current && current.expiresAt > this.now()) return current.value
    this.token = this.signIn(signal)
    return (await this.token).value
  }

  private async signIn(signal?: AbortSignal): Promise<{ value: string; expiresAt: number }> {
    const { identifier, secret } = this.options.signIn!
    const what = `Sign in to Docker Hub as ${identifier}`
    const response = await this.options.http.send({
      method: 'POST',
      url: `${this.baseUrl}/v2/auth/token`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: Buffer.from(JSON.stringify({ identifier, secret })),
      expect: [200, 401, 403],
      what,
      signal,
    })
    if (response.status !== 200) {
      await discard(response.body)
      throw new CrossdockError(
        'AUTH_FAILED',
        `${what} failed (HTTP ${response.status}): check the user name and the access token.`,
        { status: response.status },
      )
    }
    const { access_token: value } = await readJson<{ access_token?: string }>(response.body, PAGE_LIMIT, what)
    if (!value) throw new CrossdockError('AUTH_FAILED', `${what}: Docker Hub answered without an access token.`)
    return { value, expiresAt: tokenExpiry(value, this.now()) }
  }
}

/**
 * A namespace or repository name as one path segment. Names the API itself listed are data too: a `..` would be
 * resolved into another path, so anything outside the distribution grammar is refused before a request.
 */
function hubSegment(name: string, namespace?: string): string {
  const named = namespace === undefined ? name : `${namespace}/${name}`
  const problem = name.includes('/') ? `"${name}" is more than one path component` : repositoryPathProblem(name)
  if (problem !== undefined)
    throw new CrossdockError(
      'NAME_INVALID',
      `Refused to ask Docker Hub about "${named}": ${problem}. Nothing was sent for it.`,
    )
  return name
}

/**
 * When to stop using a JWT: before its `exp` by a minute, or by a fifth of its remaining life when that is
 * shorter, so a listing never starts with a dying token.
 */
export function tokenExpiry(jwt: string, now: number): number {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number }
    if (typeof payload.exp === 'number') {
      const expiry = payload.exp * 1000
      return expiry - Math.min(60_000, Math.max(0, expiry - now) / 5)
    }
  } catch {
    // Opaque token: fall back to the assumed lifetime.
  }
  return now + FALLBACK_TOKEN_LIFETIME_MS
}
