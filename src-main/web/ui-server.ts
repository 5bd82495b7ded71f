import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { Backend, Envelope } from '../contract'
import { UNFRAMED_CONTENT_SECURITY_POLICY } from '../contract/content-security-policy'
import { dispatchCall } from '../backend/dispatch'
import { streamEvents } from './event-stream'
import { UiSession } from './ui-session'

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
  /** `http://HOST:PORT/?token=…`: signs a browser in (as often as needed) and is the token for scripts. */
  url: string
  origin: string
  /** A fresh `http://HOST:PORT/launch/CODE` that signs one browser in once, within a minute (for --open). */
  launchUrl(): string
  close(): Promise<void>
}

const MAX_BODY_BYTES = 1 << 20
const TEXT = 'text/plain; charset=utf-8'
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
 * needs the session's token header or the cookie a browser gets for the token or a launch code, and, when the
 * browser sends one, our own Origin; the Host header must name us too, so a DNS-rebinding page cannot reach
 * the API even with the port.
 */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const host = options.host ?? '127.0.0.1'
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`))
  let origin = ''
  let session!: UiSession
  const hostNames = new Set<string>()
  const origins = new Set<string>()

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log(`crossdock ui: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      if (!res.headersSent) send(res, 500, TEXT, 'Internal error')
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostNames.has(req.headers.host ?? '')) return send(res, 421, TEXT, 'Misdirected request')
    const url = parsedUrl(req.url ?? '/', origin)
    const pathname = url && decodedPath(url.pathname)
    if (url === undefined || pathname === undefined)
      return send(res, 400, TEXT, 'Bad request: the path is not a valid URL')
    if (pathname.startsWith('/api/')) return answerApi(pathname, req, res)
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, TEXT, 'Method not allowed')
    const launchCode = /^\/launch\/([\w-]+)$/.exec(pathname)?.[1]
    if (launchCode !== undefined) {
      if (session.launchCodes.redeem(launchCode)) return signIn(res)
      if (session.credentialOf(req) === 'cookie') return send(res, 303, TEXT, '', { location: '/' })
      return send(
        res,
        403,
        TEXT,
        'This launch link was used already or is over a minute old: run crossdock ui --open again, or open the URL ' +
          'crossdock ui printed.',
      )
    }
    if (pathname === '/' && url.searchParams.has('token')) {
      if (session.tokenMatches(url.searchParams.get('token'))) return signIn(res)
      return send(
        res,
        403,
        TEXT,
        "This link's token is not this crossdock ui's (a new one is made at every start): open the URL it printed.",
      )
    }
    return serveStatic(pathname, res)
  }

  async function answerApi(pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.origin !== undefined && !origins.has(req.headers.origin))
      return send(res, 403, TEXT, 'Cross-origin requests are refused')
    const credential = session.credentialOf(req)
    if (!credential)
      return send(
        res,
        401,
        TEXT,
        'Not signed in to this crossdock ui: open the URL it printed (its token is new at every start)',
      )
    // A cookie rides along with any request the browser makes: only the page's own requests may use it.
    if (credential === 'cookie' && !fromOurPage(req)) return send(res, 403, TEXT, 'Cross-origin requests are refused')
    if (pathname === '/api/events' && req.method === 'GET')
      return streamEvents(res, (listener) => options.backend.subscribe(listener))
    const call = /^\/api\/call\/([a-z.A-Z]+)$/.exec(pathname)?.[1]
    if (call && req.method === 'POST') return answerCall(call, req, res)
    return send(res, 404, TEXT, 'Not found')
  }

  /** Sets the session cookie and sends the browser to the page, so no secret stays in its address bar. */
  function signIn(res: ServerResponse): void {
    send(res, 303, TEXT, '', { location: '/', 'set-cookie': session.signInCookie() })
  }

  async function answerCall(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req)
    if (body === GONE) return void res.destroy()
    if (body === TOO_LARGE) return send(res, 413, TEXT, `${name}: the body is over 1 MiB`)
    const envelope: Envelope<unknown> =
      body === NOT_JSON
        ? { ok: false, error: { code: 'USAGE', message: `${name}: the body is not JSON.`, retryable: false } }
        : await dispatchCall(options.backend, name, body, log)
    send(res, 200, 'application/json', JSON.stringify(envelope))
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const relative = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^([/\\])+/, '')
    const file = join(options.rendererDir, relative)
    if (relative.startsWith('..') || !file.startsWith(options.rendererDir + sep))
      return send(res, 404, TEXT, 'Not found')
    let content: Buffer
    try {
      content = await readFile(file)
    } catch {
      return send(res, 404, TEXT, 'Not found')
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
  for (const name of [shownHost, ...(host === '127.0.0.1' || host === '::1' ? ['localhost'] : [])]) {
    hostNames.add(`${name}:${port}`)
    origins.add(`http://${name}:${port}`)
  }
  session = new UiSession(port, options.token)
  const sockets = new Set<import('node:net').Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return {
    url: `${origin}/?token=${session.token}`,
    origin,
    launchUrl: () => `${origin}/launch/${session.launchCodes.issue()}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        // Event streams never end by themselves.
        for (const socket of sockets) socket.destroy()
      }),
  }
}

/** Browsers say where a request comes from; anything they send that is not the page's own is refused. */
function fromOurPage(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin') return false
  // Browsers send Origin with every POST; the Origin itself was checked already.
  return req.method === 'GET' || req.headers.origin !== undefined
}

/** Undefined for a request target no URL can be made of. */
function parsedUrl(target: string, base: string): URL | undefined {
  try {
    return new URL(target, base)
  } catch {
    return undefined
  }
}

/** The path with its escapes decoded; undefined for a malformed escape. */
function decodedPath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname)
  } catch {
    return undefined
  }
}

const TOO_LARGE = Symbol('too large')
const NOT_JSON = Symbol('not JSON')
/** The client went away before its body ended: nobody to answer. */
const GONE = Symbol('gone')

async function readBody(req: IncomingMessage): Promise<unknown> {
  // Answered at once; Node then reads and drops the body, so the connection stays usable.
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return TOO_LARGE
  const chunks: Buffer[] = []
  let size = 0
  try {
    // Read to the end even past the cap (keeping nothing): a client cut off mid-body never reads the 413.
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    }
  } catch {
    return GONE
  }
  if (size > MAX_BODY_BYTES) return TOO_LARGE
  if (size === 0) return {}
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return NOT_JSON
  }
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    // On every response, so none can be framed or run other code.
    'content-security-policy': UNFRAMED_CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  })
  res.end(body)
}
