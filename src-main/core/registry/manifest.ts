import { CrossdockError } from '../lib/errors'
import { isDigest, parseDigest, type Digest } from '../reference/digest'
import { INDEX_MEDIA_TYPES, isForeignLayer, MediaType, SCHEMA1_MEDIA_TYPES } from './media-types'

export interface Descriptor {
  mediaType: string
  digest: Digest
  size: number
  platform?: { architecture?: string; os?: string; variant?: string }
  artifactType?: string
  annotations?: Record<string, string>
  urls?: string[]
}

/** A manifest exactly as the registry served it: the raw bytes are what gets pushed, never a re-serialisation. */
export interface RawManifest {
  digest: Digest
  mediaType: string
  bytes: Buffer
}

/** What a manifest points at, which is what must exist at the destination before it can be pushed. */
export type ManifestContent =
  | { kind: 'index'; manifests: Descriptor[]; subject?: Descriptor }
  | { kind: 'image'; config?: Descriptor; layers: Descriptor[]; subject?: Descriptor; artifactType?: string }

interface ManifestJson {
  schemaVersion?: number
  mediaType?: string
  config?: unknown
  layers?: unknown
  blobs?: unknown
  manifests?: unknown
  subject?: unknown
  artifactType?: string
  fsLayers?: unknown
}

/**
 * The media type of a manifest: the Content-Type if it names a manifest, else the body's own `mediaType`,
 * else inferred from its shape (OCI allows `mediaType` to be absent).
 */
export function detectMediaType(bytes: Buffer, contentType: string | undefined, what: string): string {
  const declared = contentType?.split(';')[0]?.trim()
  const json = parseJson(bytes, what)
  if (
    declared &&
    declared !== 'application/json' &&
    declared !== 'text/plain' &&
    declared !== 'application/octet-stream'
  )
    return declared
  if (json.mediaType) return json.mediaType
  if (json.schemaVersion === 1 || json.fsLayers) return MediaType.dockerSchema1
  if (json.manifests) return MediaType.ociIndex
  return MediaType.ociManifest
}

export function parseManifest(manifest: RawManifest, what: string): ManifestContent {
  if (SCHEMA1_MEDIA_TYPES.has(manifest.mediaType)) {
    throw new CrossdockError(
      'UNSUPPORTED',
      `${what} is a Docker schema 1 manifest, which registries such as ECR no longer accept and which cannot be ` +
        `copied digest for digest. Rebuild and push the image with a current Docker, then copy it.`,
    )
  }
  const json = parseJson(manifest.bytes, what)
  const subject = json.subject === undefined ? undefined : descriptor(json.subject, `${what} subject`)
  if (INDEX_MEDIA_TYPES.has(manifest.mediaType)) {
    return { kind: 'index', manifests: descriptors(json.manifests, `${what} manifests`), subject }
  }
  const config = json.config === undefined ? undefined : descriptor(json.config, `${what} config`)
  const layers = descriptors(json.layers ?? json.blobs ?? [], `${what} layers`)
  return { kind: 'image', config, layers, subject, artifactType: json.artifactType }
}

/** The descriptors of an OCI referrers answer (an image index), each checked like a manifest's own. */
export function parseReferrersIndex(bytes: Buffer, what: string): Descriptor[] {
  return descriptors(parseJson(bytes, what).manifests ?? [], `${what} manifests`)
}

/** The blobs a manifest needs at the destination: config and every layer except foreign (Windows) ones. */
export function requiredBlobs(content: Extract<ManifestContent, { kind: 'image' }>): Descriptor[] {
  const blobs = content.config ? [content.config, ...content.layers] : [...content.layers]
  return blobs.filter((blob) => !isForeignLayer(blob.mediaType))
}

function parseJson(bytes: Buffer, what: string): ManifestJson {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as ManifestJson
  } catch {
    // fall through to the typed error
  }
  throw new CrossdockError('MANIFEST_INVALID', `${what} is not a JSON manifest.`)
}

function descriptors(value: unknown, what: string): Descriptor[] {
  if (!Array.isArray(value)) throw new CrossdockError('MANIFEST_INVALID', `${what} is not a list of descriptors.`)
  return value.map((item, i) => descriptor(item, `${what}[${i}]`))
}

function descriptor(value: unknown, what: string): Descriptor {
  const d = value as Partial<Descriptor> | undefined
  if (
    !d ||
    typeof d.mediaType !== 'string' ||
    typeof d.digest !== 'string' ||
    typeof d.size !== 'number' ||
    d.size < 0 ||
    !Number.isInteger(d.size)
  ) {
    throw new CrossdockError(
      'MANIFEST_INVALID',
      `${what} is not a valid descriptor (mediaType, digest and size are required).`,
    )
  }
  if (!isDigest(d.digest)) {
    try {
      parseDigest(d.digest)
    } catch (error) {
      throw new CrossdockError('MANIFEST_INVALID', `${what} has an invalid digest: ${(error as Error).message}`)
    }
  }
  return d as Descriptor
}
