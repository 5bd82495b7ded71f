import type { CallName, CrossdockApi, Envelope, ErrorDto, Events } from '../../src-main/contract'
import { transportError } from './api-error'
import type { EventListener } from './crossdock-client'
import { createSseParser, type ServerSentEvent } from './sse-parser'

export const TOKEN_HEADER = 'X-Crossdock-Token'

export interface HttpApiOptions {
  /** Origin of `crossdock ui`; empty for the page's own origin. */
  baseUrl?: string
  token: string | undefined
  fetch?: typeof globalThis.fetch
  /** Waits between event-stream reconnects, the last one repeating. */
  reconnectDelaysMs?: readonly number[]
}

const DEFAULT_RECONNECT_DELAYS_MS = [250, 500, 1_000, 2_000, 5_000, 10_000]

/** `crossdock ui`'s transport: calls as `POST /api/call/<name>`, events as a server-sent event stream. */
export function createHttpApi(options: HttpApiOptions): CrossdockApi {
  const baseUrl = options.baseUrl ?? ''
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis)
  const tokenHeaders: Record<string, string> = options.token ? { [TOKEN_HEADER]: options.token } : {}
  const events = createEventStream({ url: `${baseUrl}/api/events`, headers: tokenHeaders, fetch: fetchFn, delays: options.reconnectDelaysMs ?? DEFAULT_RECONNECT_DELAYS_MS })

  const call = async (name: CallName, args: unknown): Promise<Envelope<unknown>> => {
    let response: Response
    try {
      response = await fetchFn(`${baseUrl}/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...tokenHeaders },
        body: JSON.stringify(args ?? {}),
      })
    } catch (error) {
      return { ok: false, error: transportError(`${name}: the backend did not answer (${error instanceof Error ? error.message : String(error)}).`) }
    }
    const text = await response.text().catch(() => '')
    const body = parseJson(text)
    if (response.status !== 200) {
      // The server says why in a line of text (a wrong token, say) or, from a proxy, an envelope.
      const reason = isEnvelope(body) && !body.ok ? body.error.message : text.trim().slice(0, 300)
      const said = reason ? `: ${reason}` : ''
      const error: ErrorDto = { ...transportError(`${name}: HTTP ${response.status}${said}`), retryable: response.status === 429 || response.status >= 500 }
      return { ok: false, error }
    }
    return isEnvelope(body) ? body : { ok: false, error: transportError(`${name}: the answer is not an envelope.`) }
  }

  // Any `a.b` property is a call; everything else (notably `then`) is absent, so the object is never mistaken for a promise.
  return new Proxy({} as CrossdockApi, {
    get(_target, property) {
      if (property === 'subscribe') return events.subscribe
      if (typeof property === 'string' && property.includes('.')) return (args: unknown) => call(property as CallName, args)
      return undefined
    },
  })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isEnvelope(body: unknown): body is Envelope<unknown> {
  if (!body || typeof body !== 'object' || !('ok' in body)) return false
  if (body.ok === true) return 'value' in body
  return body.ok === false && 'error' in body && typeof body.error === 'object' && body.error !== null
}

interface EventStreamOptions {
  url: string
  headers: Record<string, string>
  fetch: typeof globalThis.fetch
  delays: readonly number[]
}

/** One shared stream while anyone listens (EventSource cannot send the token header, so fetch reads it). */
function createEventStream(options: EventStreamOptions): { subscribe(listener: EventListener): () => void } {
  const listeners = new Set<EventListener>()
  let controller: AbortController | undefined

  const dispatch = ({ event, data }: ServerSentEvent): void => {
    if (event !== 'job') return
    let payload: Events['job']
    try {
      payload = JSON.parse(data) as Events['job']
    } catch {
      return
    }
    for (const listener of [...listeners]) listener('job', payload)
  }

  const run = async (signal: AbortSignal): Promise<void> => {
    let failures = 0
    while (!signal.aborted) {
      try {
        const response = await options.fetch(options.url, { headers: { Accept: 'text/event-stream', ...options.headers }, signal, cache: 'no-store' })
        if (response.status !== 200 || !response.body) throw new Error(`HTTP ${response.status}`)
        failures = 0
        const reader = response.body.getReader()
        const decoder = new TextDecoder()
        const parser = createSseParser(dispatch)
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          parser.push(decoder.decode(value, { stream: true }))
        }
      } catch {
        // Dropped or refused: fall through to the backoff, unless we were told to stop.
      }
      if (signal.aborted) return
      await sleep(options.delays[Math.min(failures, options.delays.length - 1)] ?? 1_000, signal)
      failures += 1
    }
  }

  return {
    subscribe(listener) {
      listeners.add(listener)
      if (!controller) {
        controller = new AbortController()
        void run(controller.signal)
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && controller) {
          controller.abort()
          controller = undefined
        }
      }
    },
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
