import { createHash } from 'node:crypto'
import { request, type Agent, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { basicCredentials, readBody, sendJson } from '../dockerhub/http-util'
import type { UrlSigner } from '../dockerhub/cdn'
import { endToEnd } from '../http-headers'
import type { RunningRegistry } from '../registry'
import { tagIsImmutable } from './names'
import type { Clock } from './options'
import { logRequest, type EcrLoggedRequest } from './request-log'
import type { EcrImage, EcrRepository, EcrState } from './state'
import type { TokenBucket } from './token-bucket'

/**
 * The registry (ACCOUNT.dkr.ecr.REGION.amazonaws.com): HTTP Basic `AWS:<password>` from GetAuthorizationToken
 * (facts §6.9), then ECR's own rules in front of a real distribution registry: the repository must have been created
 * (NAME_UNKNOWN otherwise, unless a CREATE_ON_PUSH template covers it, facts §6.6), tag immutability (facts §6.2;
 * AWS image-tag-mutability.html), the PutImage quota on manifest writes (facts §5), cross-repository mounts only with
 * BLOB_MOUNTING (facts §6.7), and blob downloads redirected to pre-signed storage URLs on another origin.
 */

export interface DataPlaneContext {
  state: EcrState
  backend: RunningRegistry
  agent: Agent
  clock: Clock
  accountId: string
  blobMounting: () => boolean
  putImage: TokenBucket | undefined
  urlSigner: UrlSigner
  expiredTokenStatus: 401 | 403
  log: EcrLoggedRequest[]
  /** `http://127.0.0.1:PORT` of this origin and of the storage origin. */
  origin(): string
  storageOrigin(): string
}

const API_VERSION = { 'docker-distribution-api-version': 'registry/2.0' }

function refuse(
  res: ServerResponse,
  entry: EcrLoggedRequest,
  status: number,
  code: string,
  message: string,
  headers: OutgoingHttpHeaders = {},
): void {
  entry.code = code
  sendJson(res, status, { errors: [{ code, message }] }, { ...API_VERSION, ...headers })
}

const PATHS = {
  manifest: /^\/v2\/(.+)\/manifests\/([^/]+)$/,
  blob: /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/,
  upload: /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/,
  other: /^\/v2\/(.+)\/(?:tags\/list|referrers\/[^/]+)$/,
}

export function dataPlaneHandler(ctx: DataPlaneContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const entry = logRequest(ctx.log, 'registry', req, res, ctx.clock)
    route(ctx, req, res, entry).catch(() => {
      if (res.headersSent) res.destroy()
      else refuse(res, entry, 500, 'UNKNOWN', 'internal error')
    })
  }
}

async function route(
  ctx: DataPlaneContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: EcrLoggedRequest,
): Promise<void> {
  const method = req.method ?? 'GET'
  const url = new URL(req.url ?? '/', 'http://registry')
  const path = url.pathname
  if (path !== '/v2' && !path.startsWith('/v2/')) {
    req.resume()
    return refuse(res, entry, 404, 'NOT_FOUND', 'not found')
  }
  // ECR's Basic challenge: realm is the registry's own URL, service "ecr.amazonaws.com".
  const challenge = { 'www-authenticate': `Basic realm="${ctx.origin()}/",service="ecr.amazonaws.com"` }
  const credentials = basicCredentials(req)
  const state = credentials?.user === 'AWS' ? ctx.state.tokenState(credentials.secret) : 'unknown'
  if (state !== 'valid') {
    req.resume()
    if (state === 'expired') {
      return refuse(
        res,
        entry,
        ctx.expiredTokenStatus,
        'DENIED',
        'Your authorization token has expired. Reauthenticate and try again.',
        challenge,
      )
    }
    return refuse(res, entry, 401, 'DENIED', 'Not Authorized', challenge)
  }
  if (path === '/v2' || path === '/v2/') {
    req.resume()
    return sendJson(res, 200, {}, API_VERSION)
  }
  const match = PATHS.manifest.exec(path) ?? PATHS.blob.exec(path) ?? PATHS.upload.exec(path) ?? PATHS.other.exec(path)
  if (!match) {
    req.resume()
    return refuse(res, entry, 404, 'NOT_FOUND', 'not found')
  }
  const name = match[1]!
  const write = method !== 'GET' && method !== 'HEAD'
  let repository = ctx.state.repositories.get(name)
  if (!repository && write) {
    // Create-on-push: a push to a missing repository creates it with the matching template's settings.
    const template = ctx.state.createOnPushTemplate(name)
    if (template) {
      repository = ctx.state.createRepository(
        name,
        {
          imageTagMutability: template.imageTagMutability,
          exclusionFilters: template.imageTagMutabilityExclusionFilters,
          encryption: template.encryptionConfiguration,
          tags: template.resourceTags,
          lifecyclePolicyText: template.lifecyclePolicy,
        },
        true,
      )
    }
  }
  if (!repository) {
    req.resume()
    return refuse(
      res,
      entry,
      404,
      'NAME_UNKNOWN',
      `The repository with name '${name}' does not exist in the registry with id '${ctx.accountId}'`,
    )
  }
  if (PATHS.manifest.test(path)) {
    const reference = match[2]!
    if (method === 'PUT') return putManifest(ctx, req, res, entry, repository, reference)
    return forward(ctx, req, res, {}, (answer) => {
      if (method === 'GET' && answer.statusCode === 200) ctx.state.recordPull(repository, reference)
    })
  }
  if (PATHS.blob.test(path) && method === 'GET') return redirectBlob(ctx, req, res, name, match[2]!)
  if (PATHS.upload.test(path) && method === 'POST' && url.searchParams.has('mount')) {
    return forward(ctx, req, res, { target: mountTarget(ctx, repository, url) })
  }
  if (PATHS.upload.test(path)) countBody(req, entry)
  return forward(ctx, req, res, {})
}

/** Counts an upload's body as it streams through; attached in the tick that pipes it, so no chunk is missed. */
function countBody(req: IncomingMessage, entry: EcrLoggedRequest): void {
  entry.bytesReceived = 0
  req.on('data', (chunk: Buffer) => (entry.bytesReceived! += chunk.length))
}

/**
 * ECR mounts only with BLOB_MOUNTING enabled, from a repository of the same registry with the same encryption type
 * and key, and only a blob a manifest in the source repository references; otherwise it answers 202 with an upload
 * session (facts §6.7: blob-mounting.html, aws/containers-roadmap#2860). Here the mount parameters are dropped.
 */
function mountTarget(ctx: DataPlaneContext, repository: EcrRepository, url: URL): string {
  const digest = url.searchParams.get('mount') ?? ''
  const source = ctx.state.repositories.get(url.searchParams.get('from') ?? '')
  const sameEncryption =
    source !== undefined &&
    source.encryption.encryptionType === repository.encryption.encryptionType &&
    source.encryption.kmsKey === repository.encryption.kmsKey
  const referenced = source !== undefined && [...source.images.values()].some((image) => image.blobs.includes(digest))
  if (ctx.blobMounting() && sameEncryption && referenced) return url.pathname + url.search
  const kept = new URLSearchParams([...url.searchParams].filter(([key]) => key !== 'mount' && key !== 'from'))
  return url.pathname + (kept.size > 0 ? `?${kept}` : '')
}

interface ParsedManifest {
  mediaType?: string
  config?: { digest?: string; size?: number; mediaType?: string }
  layers?: Array<{ digest?: string; size?: number }>
  manifests?: Array<{ digest?: string }>
}

async function putManifest(
  ctx: DataPlaneContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: EcrLoggedRequest,
  repository: EcrRepository,
  reference: string,
): Promise<void> {
  // PutImage's imageManifest is at most 4,194,304 bytes (facts §5).
  const body = await readBody(req, 4_194_304)
  if (body === undefined)
    return refuse(res, entry, 400, 'MANIFEST_INVALID', 'manifest too large: the limit is 4194304 bytes')
  const tag = reference.startsWith('sha256:') ? undefined : reference
  const pending = pendingTags(repository)
  if (
    tag !== undefined &&
    (repository.imageTags.has(tag) || pending.has(tag)) &&
    tagIsImmutable(repository.imageTagMutability, repository.exclusionFilters, tag)
  ) {
    // Refused even when the digest is the same: the tag exists (AWS image-tag-mutability.html,
    // ImageTagAlreadyExistsException).
    return refuse(
      res,
      entry,
      400,
      'TAG_INVALID',
      `The image tag '${tag}' already exists in the '${repository.name}' repository and cannot be ` +
        `overwritten because ` +
        `the repository is immutable.`,
    )
  }
  if (ctx.putImage && !ctx.putImage.take()) return refuse(res, entry, 429, 'TOOMANYREQUESTS', 'Rate exceeded')
  let parsed: ParsedManifest
  try {
    parsed = JSON.parse(body.toString('utf8')) as ParsedManifest
  } catch {
    return refuse(res, entry, 400, 'MANIFEST_INVALID', 'manifest invalid: not JSON')
  }
  const contentType = String(req.headers['content-type'] ?? '')
  const mediaType = parsed.mediaType ?? (contentType || 'application/vnd.oci.image.manifest.v1+json')
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`
  if (tag !== undefined) pending.add(tag)
  const release = (): void => {
    if (tag !== undefined) pending.delete(tag)
  }
  await forward(ctx, req, res, { body }, (answer) => {
    release()
    if (answer.statusCode !== 201) return
    const children = (parsed.manifests ?? []).map((m) => m.digest ?? '')
    const layers = parsed.layers ?? []
    const size =
      children.length > 0
        ? Math.max(0, ...children.map((child) => repository.images.get(child)?.sizeInBytes ?? 0))
        : layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0)
    const image: Omit<EcrImage, 'pushedAt'> = {
      digest,
      mediaType,
      manifest: body.toString('utf8'),
      sizeInBytes: size,
      blobs: [parsed.config?.digest, ...layers.map((l) => l.digest)].filter((d): d is string => typeof d === 'string'),
      children,
      ...(parsed.config?.mediaType ? { artifactMediaType: parsed.config.mediaType } : {}),
    }
    ctx.state.recordPush(repository, image, tag)
  }).finally(release)
}

const pendingByRepository = new WeakMap<EcrRepository, Set<string>>()

/** Tags whose PUT is in flight: a second PUT to one must not slip past the immutability check meanwhile. */
function pendingTags(repository: EcrRepository): Set<string> {
  let set = pendingByRepository.get(repository)
  if (!set) {
    set = new Set()
    pendingByRepository.set(repository, set)
  }
  return set
}

async function redirectBlob(
  ctx: DataPlaneContext,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  digest: string,
): Promise<void> {
  // An unknown (or unlinked) blob still answers the registry's own 404 BLOB_UNKNOWN.
  const exists = await new Promise<boolean>((resolve) => {
    const probe = request({
      ...backendAddress(ctx),
      method: 'HEAD',
      path: `/v2/${name}/blobs/${digest}`,
      agent: ctx.agent,
      headers: { host: ctx.backend.host },
    })
    probe.on('response', (answer) => {
      answer.resume()
      resolve(answer.statusCode === 200)
    })
    probe.on('error', () => resolve(false))
    probe.end()
  })
  if (!exists) return forward(ctx, req, res, {})
  req.resume()
  res.writeHead(307, {
    ...API_VERSION,
    location: `${ctx.storageOrigin()}${ctx.urlSigner.sign(digest)}`,
    'content-length': 0,
  })
  res.end()
}

const backendAddress = (ctx: DataPlaneContext): { host: string; port: number } => ({
  host: '127.0.0.1',
  port: Number(new URL(ctx.backend.url).port),
})

/**
 * Streams the request (or `o.body`, already read) to the backing registry and its answer back, with Location and
 * Link rewritten to this origin. `seen` looks at the answer's head before it is passed on.
 */
function forward(
  ctx: DataPlaneContext,
  req: IncomingMessage,
  res: ServerResponse,
  o: { target?: string; body?: Buffer },
  seen?: (answer: IncomingMessage) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const headers = { ...endToEnd(req.headers, ['authorization', 'host']), host: ctx.backend.host }
    if (o.body) headers['content-length'] = String(o.body.length)
    const upstream = request({
      ...backendAddress(ctx),
      method: req.method,
      path: o.target ?? req.url,
      headers,
      agent: ctx.agent,
    })
    upstream.on('response', (answer) => {
      seen?.(answer)
      const out: OutgoingHttpHeaders = endToEnd(answer.headers)
      for (const name of ['location', 'link']) {
        const value = answer.headers[name]
        if (typeof value === 'string') out[name] = value.split(ctx.backend.url).join(ctx.origin())
      }
      res.writeHead(answer.statusCode ?? 502, out)
      pipeline(answer, res).then(resolve, () => {
        res.destroy()
        resolve()
      })
    })
    upstream.on('error', (error) => {
      if (res.headersSent) res.destroy()
      else
        sendJson(res, 502, { errors: [{ code: 'UNAVAILABLE', message: `backing registry failed: ${error.message}` }] })
      resolve()
    })
    if (o.body) {
      upstream.end(o.body)
      return
    }
    req.on('close', () => {
      if (!req.complete) upstream.destroy()
    })
    req.pipe(upstream)
  })
}
