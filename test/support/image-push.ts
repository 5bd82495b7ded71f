import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { request } from 'undici'
import { deterministicChunks } from './deterministic-bytes'
import type { BuiltBlob, BuiltManifest } from './images'

// Plain HTTP on purpose: tests must not check the product's registry client with itself.

export interface BasicAuth {
  user: string
  password: string
}

const MANIFEST_ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ')

interface Sent {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

async function send(
  method: 'GET' | 'HEAD' | 'POST' | 'PUT',
  url: string,
  expected: number[],
  o: { auth?: BasicAuth | undefined; headers?: Record<string, string>; body?: Buffer | Readable } = {},
): Promise<Sent> {
  const headers = { ...o.headers }
  if (o.auth) headers.authorization = `Basic ${Buffer.from(`${o.auth.user}:${o.auth.password}`).toString('base64')}`
  const res = await request(url, { method, headers, body: o.body ?? null })
  const text = await res.body.text()
  if (!expected.includes(res.statusCode)) {
    const wanted = expected.join(' or ')
    throw new Error(`${method} ${url} answered ${res.statusCode}, expected ${wanted}: ${text.slice(0, 500)}`)
  }
  return { status: res.statusCode, headers: res.headers, text }
}

function header(sent: Sent, name: string): string | undefined {
  const value = sent.headers[name]
  return Array.isArray(value) ? value[0] : value
}

async function uploadBlob(
  registryUrl: string,
  repository: string,
  digest: string,
  body: { bytes: Buffer } | { stream: Readable; size: number },
  auth?: BasicAuth,
): Promise<void> {
  const started = await send('POST', `${registryUrl}/v2/${repository}/blobs/uploads/`, [202], { auth })
  const location = header(started, 'location')
  if (!location) throw new Error(`upload to ${repository} started without a Location`)
  const url = new URL(location, registryUrl).href
  const target = `${url}${url.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`
  // An explicit type: Go's ParseForm would swallow a form-encoded body while looking for `digest`.
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' }
  if ('stream' in body) headers['content-length'] = String(body.size)
  await send('PUT', target, [201], { auth, headers, body: 'stream' in body ? body.stream : body.bytes })
}

async function putManifest(
  registryUrl: string,
  repository: string,
  reference: string,
  mediaType: string,
  bytes: Buffer,
  auth?: BasicAuth,
): Promise<string | undefined> {
  const url = `${registryUrl}/v2/${repository}/manifests/${reference}`
  const sent = await send('PUT', url, [201], { auth, headers: { 'content-type': mediaType }, body: bytes })
  return header(sent, 'docker-content-digest')
}

export async function pushRawManifest(
  registryUrl: string,
  repository: string,
  reference: string,
  mediaType: string,
  bytes: Buffer,
  auth?: BasicAuth,
): Promise<void> {
  await putManifest(registryUrl, repository, reference, mediaType, bytes, auth)
}

/** Pushes blobs, then children before their parent (each by digest), then `tag` for the root. */
export async function pushManifestTree(
  registryUrl: string,
  repository: string,
  m: BuiltManifest,
  tag?: string,
  auth?: BasicAuth,
): Promise<void> {
  const done = new Set<string>()
  const pushBlob = async (b: BuiltBlob): Promise<void> => {
    if (done.has(b.digest)) return
    done.add(b.digest)
    await uploadBlob(registryUrl, repository, b.digest, { bytes: b.bytes }, auth)
  }
  const pushTree = async (node: BuiltManifest): Promise<void> => {
    if (done.has(node.digest)) return
    done.add(node.digest)
    for (const child of node.children) await pushTree(child)
    for (const b of node.blobs) await pushBlob(b)
    const stored = await putManifest(registryUrl, repository, node.digest, node.mediaType, node.bytes, auth)
    // Catches a registry that rewrote the manifest: every later digest comparison would be meaningless.
    if (stored !== node.digest) throw new Error(`registry stored ${node.digest} as ${stored}`)
  }
  await pushTree(m)
  if (tag) await putManifest(registryUrl, repository, tag, m.mediaType, m.bytes, auth)
}

/** Uploads `randomLayer(seed, size)`'s bytes without holding them: generated once to hash, once to send. */
export async function pushStreamedBlob(
  registryUrl: string,
  repository: string,
  o: { seed: string; size: number },
  auth?: BasicAuth,
): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256')
  for (const chunk of deterministicChunks(o.seed, o.size)) hash.update(chunk)
  const digest = `sha256:${hash.digest('hex')}`
  const stream = Readable.from(deterministicChunks(o.seed, o.size))
  await uploadBlob(registryUrl, repository, digest, { stream, size: o.size }, auth)
  return { digest, size: o.size }
}

/** The registry's digest for `reference`, or undefined when it has no such manifest. */
export async function getManifestDigest(
  registryUrl: string,
  repository: string,
  reference: string,
  auth?: BasicAuth,
): Promise<string | undefined> {
  const url = `${registryUrl}/v2/${repository}/manifests/${reference}`
  const sent = await send('HEAD', url, [200, 404], { auth, headers: { accept: MANIFEST_ACCEPT } })
  return sent.status === 404 ? undefined : header(sent, 'docker-content-digest')
}

/** Every tag of `repository`, following `Link: <…>; rel="next"` pages; [] for an unknown repository. */
export async function listTags(registryUrl: string, repository: string, auth?: BasicAuth): Promise<string[]> {
  const tags: string[] = []
  let url: string | undefined = `${registryUrl}/v2/${repository}/tags/list`
  while (url) {
    const sent = await send('GET', url, [200, 404], { auth })
    if (sent.status === 404) break
    tags.push(...((JSON.parse(sent.text) as { tags?: string[] | null }).tags ?? []))
    const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header(sent, 'link') ?? '')?.[1]
    url = next ? new URL(next, registryUrl).href : undefined
  }
  return tags
}
