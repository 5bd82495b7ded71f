import type { CallName, CrossdockApi, Envelope, ErrorDto, Events } from '../../src-main/contract'
import { transportError } from './api-error'
import type { EventListener } from './crossdock-client'

/** What the bridge needs of the browser's EventSource (tests hand it undici's). */
export interface EventSourceLike {
  readonly readyState: number
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void
  close(): void
}
export type EventSourceConstructor = new (url: string) => EventSourceLike

export interface HttpApiOptions {
  /** Origin of `crossdock ui`; empty for the page's own origin. */
  baseUrl?: string
  fetch?: typeof globalThis.fetch
  EventSource?: EventSourceConstructor
  /** Waits before reopening an event stream the server refused, the last one repeating. */
  reconnectDelaysMs?: readonly number[]
}

const DEFAULT_RECONNECT_DELAYS_MS = [250, 500, 1_000, 2_000, 5_000, 10_000]

/**
 * `crossdock ui`'s transport: calls as `POST /api/call/<name>`, events as a server-sent event stream. The page
 * is signed in by the session cookie `crossdock ui` set when it was opened, which the browser sends itself.
 */
export function createHttpApi(options: HttpApiOptions = {}): CrossdockApi {
  const baseUrl = options.baseUrl ?? ''
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis)
  const EventSourceClass = options.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource
  const events = createEventStream({
    url: `${baseUrl}/api/events`,
    EventSource: EventSourceClass,
    delays: options.reconnectDelaysMs ?? DEFAULT_RECONNECT_DELAYS_MS,
  })

  const call = async (name: CallName, args: unknown): Promise<Envelope<unknown>> => {
    let response: Response
    try {
      response = await fetchFn(`${baseUrl}/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(args ?? {}),
      })
    } catch (error) {
      return {
        ok: false,
        error: transportError(
          `${name}: the backend did not answer (${error instanceof Error ? error.message : String(error)}).`,
        ),
      }
    }
    const text = await response.text().catch(() => '')
    const body = parseJson(text)
    if (response.status !== 200) {
      // The server says why in a line of text (a wrong token, say) or, from a proxy, an envelope.
      const reason = isEnvelope(body) && !body.ok ? body.error.message : text.trim().slice(0, 300)
      const said = reason ? `: ${reason}` : ''
      const error: ErrorDto = {
        ...transportError(`${name}: HTTP ${response.status}${said}`),
        retryable: response.status === 429 || response.status >= 500,
      }
      return { ok: false, error }
    }
    return isEnvelope(body) ? body : { ok: false, error: transportError(`${name}: the answer is not an envelope.`) }
  }

  // Any `a.b` property is a call; everything else (notably `then`) is absent, so the object is never mistaken for a
  // promise.
  return new Proxy({} as CrossdockApi, {
    get(_target, property) {
      if (property === 'subscribe') return events.subscribe
      if (typeof property === 'string' && property.includes('.'))
        return (args: unknown) => call(property as CallName, args)
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
  EventSource: EventSourceConstructor | undefined
  delays: readonly number[]
}

const CLOSED = 2

/**
 * One shared EventSource while anyone listens: it reconnects by itself after a drop; a refused one is reopened here.
 */
function createEventStream(options: EventStreamOptions): { subscribe(listener: EventListener): () => void } {
  const listeners = new Set<EventListener>()
  let source: EventSourceLike | undefined
  let reopen: ReturnType<typeof setTimeout> | undefined
  let refusals = 0

  const dispatch = (data: unknown): void => {
    let payload: Events['job']
    try {
      payload = JSON.parse(String(data)) as Events['job']
    } catch {
      return
    }
    for (const listener of [...listeners]) listener('job', payload)
  }

  const open = (): void => {
    if (!options.EventSource) return
    const current = new options.EventSource(options.url)
    source = current
    current.addEventListener('open', () => (refusals = 0))
    current.addEventListener('job', (event) => dispatch(event.data))
    current.addEventListener('error', () => {
      if (current.readyState !== CLOSED || source !== current) return
      reopen = setTimeout(open, options.delays[Math.min(refusals, options.delays.length - 1)] ?? 1_000)
      refusals += 1
    })
  }

  return {
    subscribe(listener) {
      listeners.add(listener)
      if (!source) open()
      return () => {
        listeners.delete(listener)
        if (listeners.size > 0) return
        clearTimeout(reopen)
        source?.close()
        source = undefined
      }
    },
  }
}
