import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http'

// Per-connection headers (RFC 9110 §7.6.1); Node sets its own framing on each side of a proxy.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
])

/** The end-to-end headers of a message, for a test proxy to pass on (less any named in `drop`). */
export function endToEnd(headers: IncomingHttpHeaders, drop: readonly string[] = []): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !drop.includes(name)) out[name] = value
  }
  return out
}

/** Calls `onStatus` with the status of the answer as it is written, so request logs show what was sent. */
export function onWriteHead(res: ServerResponse, onStatus: (status: number) => void): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse
  res.writeHead = ((...args: unknown[]) => {
    onStatus(args[0] as number)
    return writeHead(...args)
  }) as typeof res.writeHead
}
