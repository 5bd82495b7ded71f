import type { ServerResponse } from 'node:http'
import type { Backend } from '../contract'

export interface EventStreamOptions {
  /** Bytes a client may leave unread before it is dropped (it reconnects and catches up from the next event). */
  maxBufferedBytes?: number
  heartbeatMs?: number
}

/** One client's `text/event-stream` of the backend's events, until it goes away. */
export function streamEvents(
  res: ServerResponse,
  subscribe: Backend['subscribe'],
  options: EventStreamOptions = {},
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  })
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES
  // A client that does not keep up is dropped rather than buffered for: its EventSource reconnects.
  const write = (text: string): void => {
    if (res.destroyed) return
    if (res.writableLength > maxBufferedBytes) return void res.destroy()
    res.write(text)
  }
  write(': connected\n\n')
  const unsubscribe = subscribe((event, payload) => write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`))
  // A comment now and then keeps proxies and idle timeouts from closing a quiet stream.
  const heartbeat = setInterval(() => write(': keep-alive\n\n'), options.heartbeatMs ?? 15_000)
  res.on('close', () => {
    clearInterval(heartbeat)
    unsubscribe()
  })
}

const DEFAULT_MAX_BUFFERED_BYTES = 4 << 20
