import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { clientAddress, logRequest, sendText, type LoggedRequest } from './http-util'
import type { Clock } from './options'

/**
 * The blob CDN: Docker Hub answers a blob GET with a redirect to a signed, expiring URL on another origin (a CDN in
 * front of the registry's storage), so the bytes never come from registry-1.docker.io itself. This origin serves
 * the backing registry's storage files directly, like that CDN serves the storage bucket. It refuses any request
 * carrying an `Authorization` header (400, as a signed-URL store does when a second auth mechanism is present), so a
 * client that leaks its registry credentials across origins fails; and a bad or expired signature (403).
 */

const PATH = /^\/registry-v2\/docker\/registry\/v2\/blobs\/sha256\/([0-9a-f]{2})\/([0-9a-f]{64})\/data$/

export class UrlSigner {
  private readonly key = randomBytes(32)

  constructor(
    private readonly clock: Clock,
    private readonly lifetimeSeconds: number,
  ) {}

  /** Path and query for a blob, valid for the configured lifetime. */
  sign(digest: string): string {
    const hex = digest.slice('sha256:'.length)
    const path = `/registry-v2/docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`
    const expires = Math.floor(this.clock.now() / 1000) + this.lifetimeSeconds
    return `${path}?verify=${expires}-${this.mac(path, expires)}`
  }

  /** 'ok', or why the URL is refused. */
  check(path: string, verify: string | null): 'ok' | 'bad-signature' | 'expired' {
    const match = /^(\d+)-([0-9a-f]{64})$/.exec(verify ?? '')
    if (!match) return 'bad-signature'
    const expires = Number(match[1])
    const expected = Buffer.from(this.mac(path, expires))
    const given = Buffer.from(match[2]!)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad-signature'
    return this.clock.now() >= expires * 1000 ? 'expired' : 'ok'
  }

  private mac(path: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${path}\n${expires}`).digest('hex')
  }
}

export interface CdnContext {
  signer: UrlSigner
  /** The backing registry's storage root (`rootdirectory`). */
  dataDir: string
  clock: Clock
  clientAddressHeader: string | undefined
  log: LoggedRequest[]
}

function xmlError(res: ServerResponse, status: number, code: string, message: string): void {
  const error = `<Error><Code>${code}</Code><Message>${message}</Message></Error>`
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${error}\n`
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) })
  res.end(res.req.method === 'HEAD' ? undefined : body)
}

/** A single `bytes=` range against `size`: [start, end] inclusive, 'unsatisfiable', or undefined for the whole. */
function parseRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '')
  if (!match || (match[1] === '' && match[2] === '')) return undefined
  let start: number
  let end: number
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]))
    end = size - 1
  } else {
    start = Number(match[1])
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  }
  return start > end || start >= size ? 'unsatisfiable' : [start, end]
}

export function cdnHandler(ctx: CdnContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const entry = logRequest(ctx.log, 'cdn', req, res, clientAddress(req, ctx.clientAddressHeader), ctx.clock)
    req.resume()
    serve(ctx, req, res, entry).catch(() => {
      if (res.headersSent) res.destroy()
      else sendText(res, 500, 'cdn error\n')
    })
  }
}

async function serve(ctx: CdnContext, req: IncomingMessage, res: ServerResponse, entry: LoggedRequest): Promise<void> {
  if (entry.authorization) {
    return xmlError(
      res,
      400,
      'InvalidArgument',
      'Only one auth mechanism allowed: the signed URL; do not send an Authorization header',
    )
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return xmlError(res, 405, 'MethodNotAllowed', 'GET or HEAD only')
  const url = new URL(req.url ?? '/', 'http://cdn')
  const match = PATH.exec(url.pathname)
  if (!match) return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.')
  const verdict = ctx.signer.check(url.pathname, url.searchParams.get('verify'))
  if (verdict !== 'ok') {
    return xmlError(
      res,
      403,
      'AccessDenied',
      verdict === 'expired' ? 'Request has expired' : 'Signature does not match',
    )
  }
  const file = join(ctx.dataDir, 'docker/registry/v2/blobs/sha256', match[1]!, match[2]!, 'data')
  const size = await stat(file).then(
    (s) => s.size,
    () => undefined,
  )
  if (size === undefined) return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.')
  const headers = {
    'content-type': 'application/octet-stream',
    'accept-ranges': 'bytes',
    etag: `"sha256:${match[2]}"`,
    'cache-control': 'public, max-age=14400',
  }
  const range = parseRange(req.headers.range, size)
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': 0 })
    return void res.end()
  }
  const [start, end] = range ?? [0, size - 1]
  const length = size === 0 ? 0 : end - start + 1
  res.writeHead(range ? 206 : 200, {
    ...headers,
    'content-length': length,
    ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
  })
  if (req.method === 'HEAD' || length === 0) return void res.end()
  await pipeline(createReadStream(file, { start, end }), res)
}
