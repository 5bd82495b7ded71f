import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Clock } from './options'
import { onWriteHead } from '../http-headers'

export type Origin = 'hub' | 'auth' | 'registry' | 'cdn'

export interface LoggedRequest {
  origin: Origin
  method: string
  /** Request target, query string included. */
  path: string
  /** The answer's status; 0 while none was sent. */
  status: number
  /** The client address (IPv4, or IPv6 /64). */
  client: string
  /** Username behind the request's token, if any. */
  user?: string
  /** Whether the request carried an Authorization header (the CDN must never see one). */
  authorization: boolean
  /** Pulls this request cost (registry manifest GETs only). */
  pulls?: number
  /** Which limiter refused it, if one did. */
  limited?: 'abuse' | 'pull-limit' | 'hub-api'
  /** ms since the epoch, by the emulator's clock */
  time: number
}

/** IPv4 as is (IPv4-mapped IPv6 unwrapped); IPv6 cut to its /64, the unit Docker limits by (usage/pulls.md). */
export function clientAddress(req: IncomingMessage, header: string | undefined): string {
  const fromHeader = header ? req.headers[header.toLowerCase()] : undefined
  const raw = (Array.isArray(fromHeader) ? fromHeader[0] : fromHeader) ?? req.socket.remoteAddress ?? 'unknown'
  const address = raw.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')
  if (!address.includes(':')) return address
  const groups = expandIpv6(address)
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address
}

function expandIpv6(address: string): string[] | undefined {
  const [head, tail, extra] = address.split('::')
  if (extra !== undefined) return undefined
  const left = head ? head.split(':') : []
  const right = tail !== undefined && tail !== '' ? tail.split(':') : []
  const missing = 8 - left.length - right.length
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) =>
    (parseInt(group, 16) || 0).toString(16),
  )
}

/** Records the request in `log` and keeps its status up to date as the answer is written. */
export function logRequest(
  log: LoggedRequest[],
  origin: Origin,
  req: IncomingMessage,
  res: ServerResponse,
  client: string,
  clock: Clock,
): LoggedRequest {
  const entry: LoggedRequest = {
    origin,
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    status: 0,
    client,
    authorization: req.headers.authorization !== undefined,
    time: clock.now(),
  }
  log.push(entry)
  onWriteHead(res, (status) => (entry.status = status))
  return entry
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  })
  res.end(res.req.method === 'HEAD' ? undefined : text)
}

export function sendText(res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  })
  res.end(res.req.method === 'HEAD' ? undefined : text)
}

/** The request body, refused past `limit` bytes (sign-in bodies are tiny). */
export async function readBody(req: IncomingMessage, limit = 65_536): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) return undefined
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** `Basic` credentials of a request, if well-formed. */
export function basicCredentials(req: IncomingMessage): { user: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')
  if (!match) return undefined
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon > 0 ? { user: decoded.slice(0, colon), secret: decoded.slice(colon + 1) } : undefined
}

export function bearerToken(req: IncomingMessage, schemes = ['Bearer']): string | undefined {
  const match = /^(\S+)\s+(\S+)$/.exec(req.headers.authorization ?? '')
  if (!match || !schemes.some((scheme) => scheme.toLowerCase() === match[1]!.toLowerCase())) return undefined
  return match[2]
}
