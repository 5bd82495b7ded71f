import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { Backend, Envelope } from '../contract'
import { dispatchCall } from '../core/backend/dispatch'

export interface UiServerOptions {
  backend: Backend
  /** The built renderer (`out/renderer`). */
  rendererDir: string
  /** 127.0.0.1 unless asked otherwise. */
  host?: string
  port?: number
  /** For tests; normally a fresh random token per start. */
  token?: string
  /** Where internal errors are written (their details never go to the page). */
  log?: (message: string) => void
}

export interface UiServer {
  /** `http://HOST:PORT/?token=…`: the one URL that opens the UI. */
  url: string
  origin: string
  close(): Promise<void>
}

const TOKEN_HEADER = 'x-crossdock-token'
const MAX_BODY_BYTES = 1 << 20
// The same policy as the page's meta tag, sent as a header too so no response can be framed or run other code.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/**
 * `crossdock ui`: the renderer and the contract over HTTP for a browser on this machine. Every API request
 * needs the session's random token and, when the browser sends one, our own Origin; the Host header must
 * name us too, so a DNS-rebinding page cannot reach the API even with the port.
 */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const host = options.host ?? '127.0.0.1'
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`))
  let origin = ''
  const hostNames = new Set<string>()

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log(`crossdock ui: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error')
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin)
    if (!hostNames.has(req.headers.host ?? '')) return send(res, 421, 'text/plain; charset=utf-8', 'Misdirected request')
    if (url.pathname.startsWith('/api/')) {
      if (req.headers.origin !== undefined && req.headers.origin !== origin) return send(res, 403, 'text/plain; charset=utf-8', 'Cross-origin requests are refused')
      if (!tokenMatches(req.headers[TOKEN_HEADER], token)) return send(res, 401, 'text/plain; charset=utf-8', 'The session token is missing or wrong; open the URL crossdock ui printed')
      if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(req, res)
      const call = /^\/api\/call\/([a-z.A-Z]+)$/.exec(url.pathname)?.[1]
      if (call && req.method === 'POST') return answerCall(call, req, res)
      return send(res, 404, 'text/plain; charset=utf-8', 'Not found')
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed')
    return serveStatic(url.pathname, res)
  }

  async function answerCall(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req)
    const envelope: Envelope<unknown> =
      body === undefined
        ? { ok: false, error: { code: 'USAGE', message: `${name}: the body is not JSON (or is over 1 MiB).`, retryable: false } }
        : await dispatchCall(options.backend, name, body, log)
    send(res, 200, 'application/json', JSON.stringify(envelope))
  }

  function streamEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' })
    res.write(': connected\n\n')
    const unsubscribe = options.backend.subscribe((event, payload) => res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`))
    // A comment now and then keeps proxies and idle timeouts from closing a quiet stream.
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000)
    req.on('close', () => {
      clearInterval(heartbeat)
      unsubscribe()
    })
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '')
    const file = join(options.rendererDir, relative)
    if (relative.startsWith('..') || !file.startsWith(options.rendererDir + sep)) return send(res, 404, 'text/plain; charset=utf-8', 'Not found')
    let content: Buffer
    try {
      content = await readFile(file)
    } catch {
      return send(res, 404, 'text/plain; charset=utf-8', 'Not found')
    }
    send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', content)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host
  origin = `http://${shownHost}:${port}`
  for (const name of [shownHost, ...(host === '127.0.0.1' || host === '::1' ? ['localhost'] : [])]) hostNames.add(`${name}:${port}`)
  const sockets = new Set<import('node:net').Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return {
    url: `${origin}/?token=${token}`,
    origin,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        // Event streams never end by themselves.
        for (const socket of sockets) socket.destroy()
      }),
  }
}

function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(chunk)
  }
  if (size === 0) return {}
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return undefined
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  })
  res.end(body)
}
