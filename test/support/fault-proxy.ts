import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http'
import { endToEnd } from './http-headers'
import { closeServer, listenOnLoopback } from './loopback-server'

export type Fault =
  /** Answer directly; the request never reaches the registry. */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Forward, then reset (TCP RST) the client connection once `bytes` bytes of the response body are sent. */
  | { kind: 'reset-after'; bytes: number }
  /**
   * Forward, send `bytes` bytes of the body, then end and close: a premature EOF against Content-Length
   * (against a chunked upstream response it is a clean, shorter body).
   */
  | { kind: 'truncate-after'; bytes: number }
  /** Forward, with one byte in the middle of the body flipped (same length). */
  | { kind: 'corrupt' }
  /** Wait `ms` before forwarding. */
  | { kind: 'delay'; ms: number }
  /** Forward at once, then hold the registry's answer `ms` before relaying it: the request took effect upstream. */
  | { kind: 'hold-response'; ms: number }

export interface FaultRule {
  method?: string
  /** Tested against the request target, query string included. */
  path: RegExp
  /** How many matching requests get the fault; default 1, `Infinity` allowed. */
  times?: number
  fault: Fault
}

export interface ProxiedRequest {
  method: string
  /** Request target, query string included. */
  path: string
  /** Status sent to the client; 0 until the response starts. */
  status: number
  requestBytes: number
  /** Body bytes sent to the client so far. */
  responseBytes: number
  /**
   * The proxy's event count when the request arrived and when its response ended (undefined while open): an order, not
   * a time.
   */
  opened: number
  closed?: number
}

export interface FaultProxy {
  host: string
  url: string
  inject(rule: FaultRule): void
  clear(): void
  /** In arrival order; counts are updated before bytes are sent, so they are final once the client has them. */
  requests: ProxiedRequest[]
  resetLog(): void
  stop(): Promise<void>
}

/** Writes with backpressure: waits for 'drain' when the socket is full; rejects if the client has left. */
async function write(res: ServerResponse, chunk: Buffer): Promise<void> {
  if (res.destroyed) throw new Error('client closed the connection')
  if (res.write(chunk)) return
  await new Promise<void>((resolve, reject) => {
    const onDrain = (): void => {
      res.off('close', onClose)
      resolve()
    }
    const onClose = (): void => {
      res.off('drain', onDrain)
      reject(new Error('client closed the connection'))
    }
    res.once('drain', onDrain)
    res.once('close', onClose)
  })
}

/** Headers and all written body bytes reach the kernel before we cut, so the client gets exactly that much. */
async function flushed(res: ServerResponse): Promise<void> {
  res.flushHeaders()
  const socket = res.socket
  if (socket) await new Promise<void>((resolve) => socket.write(Buffer.alloc(0), () => resolve()))
}

export interface FaultProxyOptions {
  /**
   * Serve `tags/list` with the spec's pagination (`n`, `last`, `Link: <…>; rel="next"`), at most this many
   * tags a page, from the registry's full list: distribution 2.8 ignores `n` and never pages tags, while
   * Docker Hub and ECR do.
   */
  pageTags?: number
}

/** Starts a reverse proxy on a loopback port in front of `target` (`host:port`). */
export async function startFaultProxy(target: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const targetUrl = new URL(`http://${target}`)
  const rules: Array<FaultRule & { remaining: number }> = []
  const requests: ProxiedRequest[] = []
  let events = 0
  const agent = new Agent({ keepAlive: true })
  let host = ''

  const takeFault = (method: string, path: string): Fault | undefined => {
    const index = rules.findIndex(
      (rule) => (!rule.method || rule.method.toUpperCase() === method) && path.search(rule.path) !== -1,
    )
    const rule = rules[index]
    if (!rule) return undefined
    if (--rule.remaining <= 0) rules.splice(index, 1)
    return rule.fault
  }

  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    entry: ProxiedRequest,
    fault: Extract<Fault, { kind: 'status' }>,
  ) => {
    req.on('data', (chunk: Buffer) => (entry.requestBytes += chunk.length))
    const body = Buffer.from(fault.body ?? '')
    const headers: OutgoingHttpHeaders = { 'content-length': body.length }
    for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = value
    entry.status = fault.status
    entry.responseBytes = req.method === 'HEAD' ? 0 : body.length
    res.writeHead(fault.status, headers)
    res.end(body)
  }

  const relay = async (upstream: IncomingMessage, res: ServerResponse, entry: ProxiedRequest, fault?: Fault) => {
    const headers = endToEnd(upstream.headers)
    const location = upstream.headers.location
    if (location && URL.canParse(location) && new URL(location).host === targetUrl.host) {
      const rewritten = new URL(location)
      rewritten.host = host
      headers.location = rewritten.href
    }
    const cut = fault?.kind === 'reset-after' || fault?.kind === 'truncate-after' ? fault : undefined
    // Close after a truncated response: that is what makes it a premature EOF rather than a hung connection.
    if (cut?.kind === 'truncate-after') res.shouldKeepAlive = false
    entry.status = upstream.statusCode ?? 502
    if (fault?.kind === 'hold-response') {
      await new Promise((resolve) => setTimeout(resolve, fault.ms))
      // The client gave up meanwhile: what the registry did stands, and its answer goes nowhere.
      if (res.destroyed) return void upstream.resume()
    }
    res.writeHead(entry.status, headers)

    const length = Number(upstream.headers['content-length'])
    const corrupt = fault?.kind === 'corrupt'
    // Without a length the middle is unknown without buffering, so the fallback is the middle of the first chunk.
    let flipAt = corrupt && length > 0 ? Math.floor(length / 2) : undefined
    const limit = cut ? cut.bytes : Infinity
    try {
      if (limit > 0) {
        for await (const chunk of upstream as AsyncIterable<Buffer>) {
          const sent = entry.responseBytes
          let out = chunk.subarray(0, limit - sent)
          if (corrupt && flipAt === undefined && out.length > 0) flipAt = sent + Math.floor(out.length / 2)
          if (flipAt !== undefined && flipAt >= sent && flipAt < sent + out.length) {
            out = Buffer.from(out)
            out[flipAt - sent] ^= 0xff
          }
          entry.responseBytes += out.length
          await write(res, out)
          // Leaving the loop destroys the upstream response, so its connection is not reused half-read.
          if (entry.responseBytes >= limit) break
        }
      }
      if (cut?.kind === 'reset-after' && entry.responseBytes >= limit) {
        await flushed(res)
        res.socket?.resetAndDestroy()
      } else {
        res.end()
      }
    } catch {
      res.destroy()
    }
  }

  const forward = (req: IncomingMessage, res: ServerResponse, entry: ProxiedRequest, fault?: Fault) => {
    if (req.destroyed) return // The client left during a delay.
    const upstream = request({
      host: targetUrl.hostname,
      port: targetUrl.port,
      method: entry.method,
      path: entry.path,
      // Host stays the proxy's: registries build absolute upload URLs from it.
      headers: endToEnd(req.headers),
      agent,
    })
    upstream.on('response', (upstreamRes) => void relay(upstreamRes, res, entry, fault))
    upstream.on('error', (err) => {
      if (res.writableEnded) return // Already relayed; don't cut a truncated response still flushing.
      if (res.headersSent) return res.destroy()
      const body = `fault-proxy: upstream ${target} failed: ${err.message}\n`
      entry.status = 502
      entry.responseBytes = body.length
      res.writeHead(502, { 'content-type': 'text/plain' }).end(body)
    })
    req.on('data', (chunk: Buffer) => (entry.requestBytes += chunk.length))
    req.on('close', () => {
      if (!req.complete) upstream.destroy()
    })
    req.pipe(upstream)
  }

  const pageTags = (
    req: IncomingMessage,
    res: ServerResponse,
    entry: ProxiedRequest,
    name: string,
    query: URLSearchParams,
    pageSize: number,
  ) => {
    const upstream = request({
      host: targetUrl.hostname,
      port: targetUrl.port,
      path: `/v2/${name}/tags/list`,
      headers: endToEnd(req.headers),
      agent,
    })
    upstream.on('error', () => res.destroy())
    upstream.on('response', async (upstreamRes) => {
      const chunks: Buffer[] = []
      for await (const chunk of upstreamRes as AsyncIterable<Buffer>) chunks.push(chunk)
      const body = Buffer.concat(chunks)
      entry.status = upstreamRes.statusCode ?? 502
      if (entry.status !== 200) {
        entry.responseBytes = body.length
        return void res.writeHead(entry.status, endToEnd(upstreamRes.headers)).end(body)
      }
      // The spec orders tags lexically and continues after `last`.
      const all = ((JSON.parse(body.toString()) as { tags?: string[] | null }).tags ?? []).sort()
      const last = query.get('last')
      const after = last === null ? all : all.filter((tag) => tag > last)
      const page = after.slice(0, Math.min(Number(query.get('n') ?? pageSize) || pageSize, pageSize))
      const out = Buffer.from(JSON.stringify({ name, tags: page }))
      const headers: OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': out.length }
      if (page.length < after.length) {
        const last = encodeURIComponent(page[page.length - 1]!)
        headers.link = `</v2/${name}/tags/list?n=${page.length}&last=${last}>; rel="next"`
      }
      entry.responseBytes = out.length
      res.writeHead(200, headers).end(out)
    })
    upstream.end()
  }

  const server = createServer((req, res) => {
    const entry: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      status: 0,
      requestBytes: 0,
      responseBytes: 0,
      opened: ++events,
    }
    res.on('close', () => (entry.closed = ++events))
    requests.push(entry)
    const tagsList = /^\/v2\/(.+)\/tags\/list(?:\?(.*))?$/.exec(entry.path)
    if (options.pageTags && entry.method === 'GET' && tagsList) {
      return void pageTags(req, res, entry, tagsList[1]!, new URLSearchParams(tagsList[2] ?? ''), options.pageTags)
    }
    const fault = takeFault(entry.method, entry.path)
    if (fault?.kind === 'status') return answer(req, res, entry, fault)
    if (fault?.kind === 'delay') setTimeout(() => forward(req, res, entry, fault), fault.ms)
    else forward(req, res, entry, fault)
  })
  host = await listenOnLoopback(server)

  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => closeServer(server, agent)
  return {
    host,
    url: `http://${host}`,
    inject: (rule) => void rules.push({ ...rule, remaining: rule.times ?? 1 }),
    clear: () => void rules.splice(0),
    requests,
    resetLog: () => void requests.splice(0),
    stop: () => (stopping ??= stop()),
  }
}
