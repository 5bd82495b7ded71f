import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { Readable, Writable } from 'node:stream'
import { CrossdockError } from '../lib/errors'
import { sleep } from '../lib/sleep'
import { isPullQuotaExhausted, isRetryableStatus, PullQuotaError, readCapped, registryError } from './registry-error'
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableError, parseRetryAfter, type RetryPolicy } from './retry-policy'

export type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE'

export interface HttpRequest {
  method: Method
  url: string
  headers?: Record<string, string>
  /** A Buffer can be sent again on a retry; a stream cannot, so streamed requests are tried once. */
  body?: Buffer | Readable
  /** Statuses the caller handles itself; anything else becomes a typed error (after retries). */
  expect: readonly number[]
  /** Names the operation in errors, e.g. `GET manifest library/nginx:1.25`. Never a URL with a query. */
  what: string
  followRedirects?: boolean
  /** For requests that must not be replayed blindly (a PATCH chunk: its caller resyncs with the upload's Range). */
  noRetry?: boolean
  signal?: AbortSignal
}

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  body: IncomingMessage
  /** The URL that answered, after redirects (upload `Location`s are relative to it). */
  url: string
}

export interface HttpOptions {
  /** Keep-alive connections per origin: enough for parallel blob streams plus small requests. */
  connectionsPerOrigin?: number
  retry?: RetryPolicy
  /** Seen before every response is returned or retried: rate-limit headers are read here. */
  onResponse?: (response: { status: number; headers: HttpResponse['headers']; url: string }) => void
}

export function header(headers: HttpResponse['headers'], name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const IDLE_TIMEOUT_MS = 120_000

/**
 * HTTP with the retry rules every registry call shares: jittered backoff on 408/429/5xx and connection
 * failures, `Retry-After` honoured, redirects followed without carrying credentials to another origin.
 */
export class HttpClient {
  // Node's own http client rather than undici: on keep-alive HEADs to a local registry it costs ~0.13 ms of CPU
  // per request against ~0.31 ms for an undici Pool (`npm run bench:http`), and a migration is thousands of them.
  private readonly agents: { http: HttpAgent; https: HttpsAgent }
  private readonly retry: RetryPolicy
  private readonly onResponse?: HttpOptions['onResponse']

  constructor(options: HttpOptions = {}) {
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.connectionsPerOrigin ?? 32,
      scheduling: 'lifo' as const,
    }
    this.agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) }
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY
    this.onResponse = options.onResponse
  }

  close(): void {
    this.agents.http.destroy()
    this.agents.https.destroy()
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const replayable = !req.noRetry && (req.body === undefined || Buffer.isBuffer(req.body))
    let waited = 0
    for (let attempt = 0; ; attempt++) {
      const canRetry = replayable && attempt + 1 < this.retry.attempts
      let response: HttpResponse
      try {
        response = await this.sendFollowingRedirects(req)
      } catch (error) {
        if (error instanceof CrossdockError && error.code === 'CANCELLED') throw error
        if (req.signal?.aborted) throw new CrossdockError('CANCELLED', 'The operation was cancelled.')
        if (canRetry && isRetryableError(error)) {
          await sleep(backoffDelay(this.retry, attempt), req.signal)
          continue
        }
        throw networkError(error, req.what)
      }
      this.onResponse?.(response)
      if (req.expect.includes(response.status)) return response
      // A 429 is read first: Docker Hub's spent pull quota must not be retried blindly, its abuse limiter may.
      const text = response.status === 429 ? await readCapped(response.body) : undefined
      if (text !== undefined && isPullQuotaExhausted(text))
        throw new PullQuotaError(req.what, parseRetryAfter(header(response.headers, 'retry-after')))
      const throttled =
        response.status === 429 && replayable && attempt + 1 < (this.retry.throttledAttempts ?? this.retry.attempts)
      if ((canRetry || throttled) && isRetryableStatus(response.status)) {
        const retryAfter = parseRetryAfter(header(response.headers, 'retry-after'))
        const wait = retryAfter ?? backoffDelay(this.retry, attempt)
        const budget = this.retry.maxTotalWaitMs ?? Infinity
        if ((retryAfter === undefined || retryAfter <= this.retry.maxRetryAfterMs) && waited + wait <= budget) {
          if (text === undefined) await discard(response.body)
          await sleep(wait, req.signal)
          waited += wait
          continue
        }
        if (waited + wait > budget)
          throw outOfWaitBudget(
            registryError(response.status, text ?? (await readCapped(response.body)), req.what),
            waited,
            budget,
          )
      }
      throw registryError(response.status, text ?? (await readCapped(response.body)), req.what)
    }
  }

  private async sendFollowingRedirects(req: HttpRequest): Promise<HttpResponse> {
    let url = req.url
    let headers = req.headers ?? {}
    for (let hop = 0; ; hop++) {
      const body = await this.exchange(new URL(url), req, headers)
      const status = body.statusCode ?? 0
      const location = header(body.headers, 'location')
      if (!req.followRedirects || !REDIRECTS.has(status) || !location || hop >= 5)
        return { status, headers: body.headers, body, url }
      await discard(body)
      const next = new URL(location, url)
      // Credentials belong to the registry's origin: a CDN or S3 URL is already signed and refuses a second auth.
      if (next.origin !== new URL(url).origin) headers = withoutAuthorization(headers)
      url = next.href
    }
  }

  /** One request and its response head; the body is left for the caller to read or discard. */
  private exchange(url: URL, req: HttpRequest, headers: Record<string, string>): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const https = url.protocol === 'https:'
      const send = https ? httpsRequest : httpRequest
      const outgoing = send(
        url,
        {
          method: req.method,
          headers,
          agent: https ? this.agents.https : this.agents.http,
          signal: req.signal,
          timeout: IDLE_TIMEOUT_MS,
        },
        resolve,
      )
      outgoing.on('error', reject)
      // A connection that goes quiet mid-request or mid-body is given up (and retried), never waited on forever.
      outgoing.on('timeout', () =>
        outgoing.destroy(Object.assign(new Error(`no data for ${IDLE_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' })),
      )
      const { body } = req
      if (body === undefined || Buffer.isBuffer(body)) outgoing.end(body)
      // A failing body (a source blob cut short or proven corrupt) aborts the request, so nothing is committed.
      else linkStreams(body, outgoing)
    })
  }
}

/**
 * Pipes `from` into `to` and tears both down if either fails. (stream.pipeline does the same but allocates an
 * AbortController and a DOMException per pipe: ~21 µs of CPU a pipe against ~3 µs, `npm run bench:streams`.)
 */
export function linkStreams(from: Readable, to: Writable): void {
  from.once('error', (error) => to.destroy(error))
  to.once('close', () => {
    if (!from.readableEnded) from.destroy()
  })
  from.pipe(to)
}

/** Reads a response to its end so that its connection can be reused; failures here do not matter. */
export function discard(body: Readable): Promise<void> {
  if (body.readableEnded || body.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    body
      .on('end', resolve)
      .on('close', resolve)
      .on('error', () => resolve())
    body.resume()
  })
}

/** Reads a whole response body of at most `limit` bytes; a larger one is cut off with `tooLarge`. */
export async function readBounded(body: Readable, limit: number, tooLarge: () => CrossdockError): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of body) {
    total += (chunk as Buffer).length
    if (total > limit) {
      body.destroy()
      throw tooLarge()
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Reads a JSON response body of at most `limit` bytes. */
export async function readJson<T>(body: Readable, limit: number, what: string): Promise<T> {
  const bytes = await readBounded(
    body,
    limit,
    () => new CrossdockError('REGISTRY_ERROR', `${what}: the answer is larger than ${limit} bytes.`),
  )
  try {
    return JSON.parse(bytes.toString('utf8')) as T
  } catch {
    throw new CrossdockError('REGISTRY_ERROR', `${what}: the answer is not valid JSON.`)
  }
}

/** The error after a request has waited all it may: retrying it at once would only start the waits again. */
function outOfWaitBudget(error: CrossdockError, waited: number, budget: number): CrossdockError {
  const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`
  return new CrossdockError(
    error.code,
    `${error.message} Crossdock waited ${seconds(waited)} in all for this request as the registry asked, ` +
      `and gives up ` +
      `rather than pass ${seconds(budget)}; try again later.`,
    { status: error.status },
  )
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'))
}

function networkError(error: unknown, what: string): CrossdockError {
  if (error instanceof CrossdockError) return error
  const code = (error as { code?: string }).code
  const reason = code ? `${code}: ${(error as Error).message}` : String((error as Error)?.message ?? error)
  return new CrossdockError('NETWORK', `${what} failed: ${reason}`, {
    retryable: isRetryableError(error),
    cause: error,
  })
}
