import type { Readable } from 'node:stream'
import { CrossdockError } from '../lib/errors'
import { digestAlgorithm, isDigest, parseDigest, type Digest } from '../reference/digest'
import { repositoryLengthProblem, repositoryPathProblem, tagProblem } from '../reference/grammar'
import type { Action, Scope } from './authenticator'
import type { CredentialResolver } from './credentials'
import { discard, header, type HttpClient, linkStreams, readBounded, readJson, type HttpResponse } from './http'
import { detectMediaType, parseReferrersIndex, type Descriptor, type RawManifest } from './manifest'
import { MANIFEST_ACCEPT } from './media-types'
import { PageCursor } from './page-cursor'
import { readCapped } from './registry-error'
import { RegistryTransport } from './transport'
import { digestOf, VerifyingStream } from './verifying-stream'

/** Distribution refuses manifests above 4 MiB; anything larger is not a manifest worth buffering. */
const MANIFEST_SIZE_LIMIT = 4 * 1024 * 1024

export interface RegistryClientOptions {
  registry: string
  apiHost: string
  plainHttp?: boolean
  credentials: CredentialResolver
  http: HttpClient
  /** A destination asks for push in every token so that one token serves its HEADs and its pushes. */
  actions?: readonly Action[]
}

export interface ManifestHead {
  digest: Digest
  mediaType?: string
  size?: number
}

export type UploadStart = { kind: 'mounted' } | { kind: 'session'; location: string }

interface CallOptions {
  signal?: AbortSignal
}

/** The OCI distribution API of one registry: manifests, blobs, uploads and listings, nothing more. */
export class RegistryClient {
  readonly registry: string
  readonly transport: RegistryTransport
  private readonly actions: readonly Action[]

  constructor(options: RegistryClientOptions) {
    this.registry = options.registry
    this.actions = options.actions ?? ['pull']
    this.transport = new RegistryTransport({
      registry: options.registry,
      apiHost: options.apiHost,
      plainHttp: options.plainHttp ?? false,
      credentials: options.credentials,
      http: options.http,
    })
  }

  scopes(repository: string, extra: readonly Scope[] = []): Scope[] {
    return [{ repository, actions: this.actions }, ...extra]
  }

  /** HEAD a manifest by tag or digest; undefined when it does not exist. Never counts as a Docker Hub pull. */
  async headManifest(
    repository: string,
    reference: string,
    options: CallOptions = {},
  ): Promise<ManifestHead | undefined> {
    const response = await this.transport.send({
      method: 'HEAD',
      path: apiPath(repository, 'manifests', reference),
      headers: { accept: MANIFEST_ACCEPT },
      scopes: this.scopes(repository),
      expect: [200, 404],
      what: `HEAD manifest ${repository}:${reference}`,
      signal: options.signal,
    })
    await discard(response.body)
    if (response.status === 404) return undefined
    const digest = header(response.headers, 'docker-content-digest')
    if (!digest) return isDigest(reference) ? { digest: reference as Digest } : undefined
    const length = header(response.headers, 'content-length')
    return {
      digest: parseDigest(digest),
      mediaType: header(response.headers, 'content-type'),
      size: length ? Number(length) : undefined,
    }
  }

  /** GET a manifest and prove its bytes: against the digest asked for, or the digest the registry claims. */
  async getManifest(repository: string, reference: string, options: CallOptions = {}): Promise<RawManifest> {
    const what = `GET manifest ${repository}${isDigest(reference) ? '@' : ':'}${reference}`
    const response = await this.transport.send({
      method: 'GET',
      path: apiPath(repository, 'manifests', reference),
      headers: { accept: MANIFEST_ACCEPT },
      scopes: this.scopes(repository),
      expect: [200],
      what,
      signal: options.signal,
    })
    const bytes = await readManifestBytes(response, what)
    const claimed = header(response.headers, 'docker-content-digest')
    const expected = isDigest(reference) ? (reference as Digest) : claimed ? parseDigest(claimed) : undefined
    const digest = digestOf(bytes, expected ? digestAlgorithm(expected) : 'sha256')
    if (expected && digest !== expected) {
      throw new CrossdockError(
        'DIGEST_MISMATCH',
        `${what}: the manifest received hashes to ${digest}, not ${expected}. Nothing was written for it.`,
      )
    }
    return { digest, mediaType: detectMediaType(bytes, header(response.headers, 'content-type'), what), bytes }
  }

  /** PUT the exact bytes under a tag or their digest. */
  async putManifest(
    repository: string,
    reference: string,
    manifest: RawManifest,
    options: CallOptions = {},
  ): Promise<void> {
    const what = `PUT manifest ${repository}${isDigest(reference) ? '@' : ':'}${reference}`
    const response = await this.transport.send({
      method: 'PUT',
      path: apiPath(repository, 'manifests', reference),
      headers: { 'content-type': manifest.mediaType },
      body: manifest.bytes,
      scopes: this.scopes(repository),
      expect: [200, 201, 202],
      what,
      signal: options.signal,
    })
    await discard(response.body)
    const stored = header(response.headers, 'docker-content-digest')
    if (stored && stored !== manifest.digest) {
      throw new CrossdockError(
        'DIGEST_MISMATCH',
        `${what}: the registry stored the manifest as ${stored}, not ${manifest.digest}; it rewrote the bytes.`,
      )
    }
  }

  /** The blob's size when it exists in `repository`, else undefined. */
  async headBlob(repository: string, digest: Digest, options: CallOptions = {}): Promise<number | undefined> {
    const response = await this.transport.send({
      method: 'HEAD',
      path: apiPath(repository, 'blobs', digest),
      scopes: this.scopes(repository),
      expect: [200, 404],
      followRedirects: true,
      what: `HEAD blob ${repository}@${digest}`,
      signal: options.signal,
    })
    await discard(response.body)
    if (response.status === 404) return undefined
    const length = header(response.headers, 'content-length')
    return length === undefined ? 0 : Number(length)
  }

  /**
   * Streams a blob through a digest- and size-verifying transform. Redirects to storage are followed without
   * credentials.
   */
  async getBlob(
    repository: string,
    blob: Pick<Descriptor, 'digest' | 'size'>,
    options: CallOptions & { onBytes?: (n: number) => void } = {},
  ): Promise<Readable> {
    const what = `GET blob ${repository}@${blob.digest}`
    const response = await this.transport.send({
      method: 'GET',
      path: apiPath(repository, 'blobs', blob.digest),
      scopes: this.scopes(repository),
      expect: [200],
      followRedirects: true,
      what,
      signal: options.signal,
    })
    const verifier = new VerifyingStream(blob.digest, blob.size, what, options.onBytes)
    linkStreams(response.body, verifier)
    return verifier
  }

  /**
   * Opens an upload, asking the registry to mount the blob from `mountFrom` instead. 201 means the blob is
   * now in `repository` (mounted, or it was already there); 202 is an upload session to fill.
   */
  async startUpload(
    repository: string,
    digest: Digest,
    mountFrom: string | undefined,
    options: CallOptions = {},
  ): Promise<UploadStart> {
    if (mountFrom) apiPath(mountFrom, 'blobs', digest) // the mount source is a name from a listing too
    const query = mountFrom ? `?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(mountFrom)}` : ''
    const extraScopes: Scope[] =
      mountFrom && mountFrom !== repository ? [{ repository: mountFrom, actions: ['pull'] }] : []
    const response = await this.transport.send({
      method: 'POST',
      path: `${apiPath(repository, 'blobs/uploads', '')}${query}`,
      scopes: this.scopes(repository, extraScopes),
      expect: [201, 202],
      what: `Start upload of ${digest} to ${repository}`,
      signal: options.signal,
    })
    await discard(response.body)
    if (response.status === 201) return { kind: 'mounted' }
    const location = header(response.headers, 'location')
    if (!location)
      throw new CrossdockError(
        'REGISTRY_ERROR',
        `${this.registry} opened an upload to ${repository} without a Location header.`,
      )
    return { kind: 'session', location: this.transport.resolveUrl(location, response.url) }
  }

  /** Sends an upload's bytes and commits it in one PUT (`?digest=`). */
  async putUpload(
    repository: string,
    location: string,
    digest: Digest,
    size: number,
    body: Readable | Buffer,
    options: CallOptions = {},
  ): Promise<HttpResponse> {
    const url = new URL(location)
    url.searchParams.set('digest', digest)
    const response = await this.transport.send({
      method: 'PUT',
      path: url.href,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
      body,
      scopes: this.scopes(repository),
      expect: [201, 204],
      what: `Upload of ${digest} to ${repository}`,
      signal: options.signal,
    })
    await discard(response.body)
    return response
  }

  /** Sends one chunk of a chunked upload; returns the next location. */
  async patchUpload(
    repository: string,
    location: string,
    offset: number,
    chunk: Buffer,
    options: CallOptions = {},
  ): Promise<string> {
    const response = await this.transport.send({
      method: 'PATCH',
      path: location,
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(chunk.length),
        'content-range': `${offset}-${offset + chunk.length - 1}`,
      },
      body: chunk,
      scopes: this.scopes(repository),
      expect: [202],
      noRetry: true,
      what: `Upload chunk at ${offset} to ${repository}`,
      signal: options.signal,
    })
    await discard(response.body)
    return this.transport.resolveUrl(header(response.headers, 'location') ?? location, response.url)
  }

  /** How many bytes an upload session holds (the end of its `Range`), to resume after a failed chunk. */
  async uploadOffset(
    repository: string,
    location: string,
    options: CallOptions = {},
  ): Promise<{ offset: number; location: string }> {
    const response = await this.transport.send({
      method: 'GET',
      path: location,
      scopes: this.scopes(repository),
      expect: [204],
      what: `Upload status in ${repository}`,
      signal: options.signal,
    })
    await discard(response.body)
    const range = /^(?:bytes=)?0-(\d+)$/.exec(header(response.headers, 'range') ?? '')
    // distribution answers `0-0` for an empty session as well as for one byte; our chunks are never one byte,
    // so `0-0` means nothing arrived (reading it as one byte would skip the first byte of the resent chunk).
    const end = range ? Number(range[1]) : 0
    return {
      offset: end === 0 ? 0 : end + 1,
      location: this.transport.resolveUrl(header(response.headers, 'location') ?? location, response.url),
    }
  }

  /** Cancels an upload session; best effort, it must never mask the error that led here. */
  async cancelUpload(repository: string, location: string): Promise<void> {
    try {
      const response = await this.transport.send({
        method: 'DELETE',
        path: location,
        scopes: this.scopes(repository),
        expect: [204, 404, 200],
        what: `Cancel upload in ${repository}`,
        signal: AbortSignal.timeout(10_000),
      })
      await discard(response.body)
    } catch {
      // The registry purges abandoned uploads itself.
    }
  }

  /** Every tag of a repository, following `Link` pagination; [] when the repository does not exist. */
  async listTags(repository: string, options: CallOptions = {}): Promise<string[]> {
    const pages = this.paginate(
      `${apiPath(repository, 'tags/list')}?n=1000`,
      this.scopes(repository),
      `List tags of ${repository}`,
      options,
    )
    const tags: string[] = []
    // One by one: spreading a page of 150,000 names overflows the call stack.
    for await (const page of pages) for (const tag of (page as { tags?: string[] | null }).tags ?? []) tags.push(tag)
    return tags
  }

  /** Every repository the registry lists in `_catalog`. */
  async catalog(options: CallOptions = {}): Promise<string[]> {
    const pages = this.paginate(
      '/v2/_catalog?n=1000',
      [{ resource: 'registry', repository: 'catalog', actions: ['*'] }],
      `List repositories of ${this.registry}`,
      options,
    )
    const repositories: string[] = []
    for await (const page of pages)
      for (const repository of (page as { repositories?: string[] }).repositories ?? []) repositories.push(repository)
    return repositories
  }

  /** OCI 1.1 referrers of a manifest, or undefined when the registry has no referrers API. */
  async referrers(repository: string, digest: Digest, options: CallOptions = {}): Promise<Descriptor[] | undefined> {
    const what = `List referrers of ${repository}@${digest}`
    const response = await this.transport.send({
      method: 'GET',
      path: apiPath(repository, 'referrers', digest),
      headers: { accept: 'application/vnd.oci.image.index.v1+json' },
      scopes: this.scopes(repository),
      expect: [200, 404],
      what,
      signal: options.signal,
    })
    if (response.status === 404) {
      await discard(response.body)
      return undefined
    }
    return parseReferrersIndex(await readManifestBytes(response, what), what)
  }

  private async *paginate(first: string, scopes: Scope[], what: string, options: CallOptions): AsyncGenerator<unknown> {
    let next: string | undefined = this.transport.resolveUrl(first)
    const cursor = new PageCursor(next, what)
    while (next) {
      const response = await this.transport.send({
        method: 'GET',
        path: next,
        scopes,
        expect: [200, 404],
        what,
        signal: options.signal,
      })
      if (response.status === 404) {
        await readCapped(response.body)
        return
      }
      yield await readJson(response.body, MANIFEST_SIZE_LIMIT, what)
      const link = nextLink(header(response.headers, 'link'))
      next = link === undefined ? undefined : cursor.follow(link, response.url)
    }
  }
}

/**
 * The one way a repository and a reference become a request path. Names read from a registry, a listing or the
 * Docker Hub API are data: anything outside the distribution grammar (dot segments, `?`, `#`, `%`, upper case)
 * is refused before a request, since URL handling would otherwise resolve it into another repository's path.
 */
export function apiPath(
  repository: string,
  resource: 'manifests' | 'blobs' | 'blobs/uploads' | 'referrers' | 'tags/list',
  reference?: string,
): string {
  const problem =
    repositoryPathProblem(repository) ??
    repositoryLengthProblem(repository) ??
    (reference === undefined || reference === '' || isDigest(reference)
      ? undefined
      : resource === 'manifests'
        ? tagProblem(reference)
        : `"${reference}" is not a digest`)
  if (problem !== undefined) {
    const named = reference ? `${repository}${isDigest(reference) ? '@' : ':'}${reference}` : repository
    throw new CrossdockError(
      'NAME_INVALID',
      `Refused to request "${named}": ${problem}. Nothing was sent for it; rename it at the source to copy it.`,
    )
  }
  return reference === undefined ? `/v2/${repository}/${resource}` : `/v2/${repository}/${resource}/${reference}`
}

/** The `rel="next"` target of an RFC 8288 Link header (targets are read whole, commas and all). */
export function nextLink(link: string | undefined): string | undefined {
  for (const [, target, params] of (link ?? '').matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";,]*)"?/i.exec(params!)?.[1]
    if (rel?.toLowerCase().split(/\s+/).includes('next')) return target
  }
  return undefined
}

function readManifestBytes(response: HttpResponse, what: string): Promise<Buffer> {
  return readBounded(
    response.body,
    MANIFEST_SIZE_LIMIT,
    () => new CrossdockError('MANIFEST_INVALID', `${what}: the manifest is larger than ${MANIFEST_SIZE_LIMIT} bytes.`),
  )
}
