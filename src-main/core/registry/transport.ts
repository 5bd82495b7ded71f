import { CrossdockError } from '../lib/errors'
import { readCapped } from './registry-error'
import { Authenticator, challengeHeader, type Scope } from './authenticator'
import type { CredentialResolver } from './credentials'
import { discard, type HttpClient, type HttpRequest, type HttpResponse } from './http'

export interface TransportOptions {
  /** The registry as named in references (`docker.io`, `host:port`). */
  registry: string
  /** Host to talk HTTP to (`registry-1.docker.io` for `docker.io`). */
  apiHost: string
  plainHttp: boolean
  credentials: CredentialResolver
  http: HttpClient
}

export type RegistryRequest = Omit<HttpRequest, 'url'> & {
  /** A path under the registry (`/v2/…`) or an absolute URL (upload locations). */
  path: string
  scopes: readonly Scope[]
}

/** HTTP to one registry, signed by its Authenticator; a 401 is answered once by learning the challenge. */
export class RegistryTransport {
  readonly registry: string
  readonly baseUrl: string
  private readonly auth: Authenticator
  private readonly http: HttpClient
  /** The first request to a registry goes alone, so a burst of parallel requests does not all collect a 401. */
  private firstContact?: Promise<unknown>

  constructor(options: TransportOptions) {
    this.registry = options.registry
    this.baseUrl = `${options.plainHttp ? 'http' : 'https'}://${options.apiHost}`
    this.http = options.http
    this.auth = new Authenticator(options.registry, options.credentials, options.http, options.plainHttp)
  }

  resolveUrl(pathOrUrl: string, base = this.baseUrl): string {
    return new URL(pathOrUrl, base).href
  }

  async send(req: RegistryRequest): Promise<HttpResponse> {
    if (!this.firstContact) {
      const first = this.sendSigned(req)
      this.firstContact = first.catch(() => undefined)
      return first
    }
    await this.firstContact
    return this.sendSigned(req)
  }

  private async sendSigned(req: RegistryRequest): Promise<HttpResponse> {
    const url = this.resolveUrl(req.path)
    // An upload Location (or a next page) on another origin gets no credentials: they are for this registry only.
    const foreign = new URL(url).origin !== new URL(this.baseUrl).origin
    const expect = req.expect.includes(401) || foreign ? req.expect : [...req.expect, 401]
    const streamed = req.body !== undefined && !Buffer.isBuffer(req.body)
    for (let challenged = false; ; challenged = true) {
      const authorization = foreign ? undefined : await this.auth.authorization(req.scopes, req.signal)
      const headers = authorization ? { ...req.headers, authorization } : { ...req.headers }
      const response = await this.http.send({ ...req, url, headers, expect })
      if (response.status !== 401 || req.expect.includes(401) || foreign) return response
      const learnt =
        !challenged && (await this.auth.unauthorized(challengeHeader(response.headers), req.scopes, authorization))
      if (!learnt || streamed) {
        const body = await readCapped(response.body)
        throw new CrossdockError(
          'AUTH_FAILED',
          `${req.what} failed: ${this.registry} requires authentication for ${this.auth.describe(req.scopes)} and ` +
            `the credentials given were refused or missing (HTTP 401${errorDetail(body)}). Sign in with docker login ` +
            `or pass credentials.`,
          // A streamed body cannot be replayed here, but its caller can start over with the refreshed token.
          { status: 401, retryable: learnt && streamed },
        )
      }
      await discard(response.body)
    }
  }
}

function errorDetail(body: string): string {
  try {
    const message = (JSON.parse(body) as { errors?: Array<{ message?: string }> }).errors?.[0]?.message
    return message ? `, ${message}` : ''
  } catch {
    return ''
  }
}
