// A minimal registry client for the bench rig (node:http, keep-alive). Deliberately not crossdock's own client:
// the reference copier and the verifier must not share code with what they measure.
import { createHash } from 'node:crypto'
import { Agent, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ')

export interface Endpoint {
  /** `127.0.0.1:PORT` */
  host: string
  user?: string
  password?: string
}

export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

export const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

export class Registry {
  private readonly agent: Agent
  private readonly auth: Record<string, string>

  constructor(
    readonly endpoint: Endpoint,
    sockets = 16,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets })
    this.auth = endpoint.user
      ? { authorization: `Basic ${Buffer.from(`${endpoint.user}:${endpoint.password ?? ''}`).toString('base64')}` }
      : {}
  }

  /** The response unread: the caller streams or drains it. */
  open(
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: Buffer | Readable,
  ): Promise<IncomingMessage> {
    const [hostname, port] = this.endpoint.host.split(':')
    return new Promise((resolve, reject) => {
      const req = request(
        { hostname, port, method, path, agent: this.agent, headers: { ...this.auth, ...headers } },
        resolve,
      )
      req.on('error', reject)
      if (body === undefined || Buffer.isBuffer(body)) req.end(body)
      else body.on('error', (err) => req.destroy(err)).pipe(req)
    })
  }

  async send(method: string, path: string, headers?: Record<string, string>, body?: Buffer | Readable): Promise<Reply> {
    const res = await this.open(method, path, headers, body)
    const chunks: Buffer[] = []
    for await (const chunk of res) chunks.push(chunk as Buffer)
    return { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }
  }

  async expect(
    want: number,
    method: string,
    path: string,
    headers?: Record<string, string>,
    body?: Buffer | Readable,
  ): Promise<Reply> {
    const reply = await this.send(method, path, headers, body)
    if (reply.status !== want)
      throw new Error(`${method} ${path}: HTTP ${reply.status} ${reply.body.subarray(0, 300).toString()}`)
    return reply
  }

  /** Starts an upload, or mounts `mount.digest` from `mount.from`: undefined when the mount took. */
  async startUpload(repo: string, mount?: { digest: string; from: string }): Promise<string | undefined> {
    const query = mount ? `?${new URLSearchParams({ mount: mount.digest, from: mount.from })}` : ''
    const reply = await this.send('POST', `/v2/${repo}/blobs/uploads/${query}`, { 'content-length': '0' })
    if (reply.status === 201) return undefined
    if (reply.status !== 202) throw new Error(`POST upload ${repo}: HTTP ${reply.status}`)
    const location = new URL(String(reply.headers.location), `http://${this.endpoint.host}`)
    return location.pathname + location.search
  }

  async finishUpload(location: string, digest: string, body: Readable, size: number): Promise<void> {
    const path = `${location}${location.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`
    // An explicit type: Go's ParseForm would otherwise read a form-encoded body looking for `digest`.
    await this.expect(
      201,
      'PUT',
      path,
      { 'content-type': 'application/octet-stream', 'content-length': String(size) },
      body,
    )
  }

  async putManifest(repo: string, ref: string, bytes: Buffer, mediaType: string): Promise<string | undefined> {
    const reply = await this.expect(
      201,
      'PUT',
      `/v2/${repo}/manifests/${ref}`,
      { 'content-type': mediaType, 'content-length': String(bytes.length) },
      bytes,
    )
    return reply.headers['docker-content-digest'] as string | undefined
  }

  manifest(repo: string, ref: string, method: 'GET' | 'HEAD' = 'GET'): Promise<Reply> {
    return this.send(method, `/v2/${repo}/manifests/${ref}`, { accept: MANIFEST_ACCEPT })
  }

  /** Every item of a paginated listing (`Link: <next>`). */
  async list(path: string, key: 'repositories' | 'tags'): Promise<string[]> {
    const items: string[] = []
    for (let next: string | undefined = path; next; ) {
      const reply = await this.send('GET', next)
      if (reply.status === 404) break
      if (reply.status !== 200) throw new Error(`GET ${next}: HTTP ${reply.status}`)
      items.push(...((JSON.parse(reply.body.toString()) as Record<string, string[] | null>)[key] ?? []))
      next = /<([^>]+)>/.exec(String(reply.headers.link ?? ''))?.[1]
    }
    return items
  }

  close(): void {
    this.agent.destroy()
  }
}
