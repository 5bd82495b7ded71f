import { deterministicChunks, sha256Digest } from './deterministic-bytes'

export {
  getManifestDigest,
  listTags,
  pushManifestTree,
  pushRawManifest,
  pushStreamedBlob,
  type BasicAuth,
} from './image-push'

export type ImageFormat = 'docker' | 'oci'

export interface Platform {
  architecture: string
  os: string
  variant?: string
}

export interface BuiltBlob {
  digest: string
  size: number
  mediaType: string
  bytes: Buffer
}

export interface BuiltManifest {
  digest: string
  mediaType: string
  /** The exact bytes to push; `digest` is their sha256. */
  bytes: Buffer
  /** Config first, then layers; empty for an index. */
  blobs: BuiltBlob[]
  /** Manifests an index lists (attestation manifests included); empty for an image. */
  children: BuiltManifest[]
  platform?: Platform
}

const MEDIA_TYPES = {
  docker: {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
  oci: {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
} as const

const DEFAULT_PLATFORM: Platform = { architecture: 'amd64', os: 'linux' }
// Fixed so that the same seed always gives the same digests.
const CREATED = '2024-01-01T00:00:00Z'

function blob(mediaType: string, bytes: Buffer): BuiltBlob {
  return { digest: sha256Digest(bytes), size: bytes.length, mediaType, bytes }
}

function jsonBlob(mediaType: string, value: unknown): BuiltBlob {
  return blob(mediaType, Buffer.from(JSON.stringify(value)))
}

function descriptor(target: BuiltBlob | BuiltManifest): { mediaType: string; digest: string; size: number } {
  return { mediaType: target.mediaType, digest: target.digest, size: target.bytes.length }
}

function manifest(
  body: { mediaType: string } & Record<string, unknown>,
  blobs: BuiltBlob[],
  children: BuiltManifest[],
  platform?: Platform,
): BuiltManifest {
  const bytes = Buffer.from(JSON.stringify(body))
  const built = { digest: sha256Digest(bytes), mediaType: body.mediaType, bytes, blobs, children }
  return platform ? { ...built, platform } : built
}

/** Registries never unpack layers, so a layer's diff id only has to be well-formed and stable. */
function fakeDiffId(layer: BuiltBlob): string {
  return sha256Digest(Buffer.from(`diff-id:${layer.digest}`))
}

/** Deterministic pseudo-random bytes labelled as a gzipped tar; the same bytes `pushStreamedBlob` sends for a seed. */
export function randomLayer(seed: string, size: number, format: ImageFormat = 'oci'): BuiltBlob {
  return blob(MEDIA_TYPES[format].layer, Buffer.concat([...deterministicChunks(seed, size)], size))
}

export function buildImage(o: {
  format: ImageFormat
  seed: string
  /** Own layers, default 2. */
  layers?: number
  /** Bytes per own layer, default 2048. */
  layerSize?: number
  /** Default linux/amd64. */
  platform?: Platform
  /** Put before the image's own layers, e.g. to share a base layer between images. */
  sharedLayers?: BuiltBlob[]
}): BuiltManifest {
  const types = MEDIA_TYPES[o.format]
  const platform = o.platform ?? DEFAULT_PLATFORM
  const own = Array.from({ length: o.layers ?? 2 }, (_, i) =>
    randomLayer(`${o.seed}/layer-${i}`, o.layerSize ?? 2048, o.format),
  )
  const layers = [...(o.sharedLayers ?? []), ...own]
  const config = jsonBlob(types.config, {
    created: CREATED,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: ['/bin/sh'],
      Labels: { 'org.crossdock.test.seed': o.seed },
    },
    rootfs: { type: 'layers', diff_ids: layers.map(fakeDiffId) },
    history: layers.map((_, i) => ({ created: CREATED, created_by: `crossdock test layer ${i}` })),
  })
  const body = {
    schemaVersion: 2,
    mediaType: types.manifest,
    config: descriptor(config),
    layers: layers.map(descriptor),
  }
  return manifest(body, [config, ...layers], [], platform)
}

const UNKNOWN_PLATFORM: Platform = { architecture: 'unknown', os: 'unknown' }

/** What BuildKit attaches to each image of an index for `--provenance`: an in-toto statement about the image. */
function attestationFor(image: BuiltManifest): BuiltManifest {
  const predicateType = 'https://slsa.dev/provenance/v0.2'
  const statement = jsonBlob('application/vnd.in-toto+json', {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType,
    subject: [{ name: 'pkg:docker/crossdock-test', digest: { sha256: image.digest.slice('sha256:'.length) } }],
    predicate: { builder: { id: 'crossdock-test' } },
  })
  const config = jsonBlob(MEDIA_TYPES.oci.config, {
    architecture: UNKNOWN_PLATFORM.architecture,
    os: UNKNOWN_PLATFORM.os,
    config: {},
    rootfs: { type: 'layers', diff_ids: [fakeDiffId(statement)] },
  })
  const body = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.oci.manifest,
    config: descriptor(config),
    layers: [{ ...descriptor(statement), annotations: { 'in-toto.io/predicate-type': predicateType } }],
  }
  return manifest(body, [config, statement], [], UNKNOWN_PLATFORM)
}

type IndexEntry = ReturnType<typeof descriptor> & { platform?: Platform; annotations?: Record<string, string> }

export function buildIndex(o: {
  format: ImageFormat
  children: BuiltManifest[]
  /** OCI only: a BuildKit-style attestation manifest per child, listed after the children. */
  attestations?: boolean
}): BuiltManifest {
  if (o.attestations && o.format !== 'oci') throw new Error('attestation manifests need an OCI index')
  const attested = o.attestations ? o.children.map((child) => ({ child, attestation: attestationFor(child) })) : []
  const entries: IndexEntry[] = [
    ...o.children.map((child) => ({ ...descriptor(child), ...(child.platform ? { platform: child.platform } : {}) })),
    ...attested.map(({ child, attestation }) => ({
      ...descriptor(attestation),
      platform: UNKNOWN_PLATFORM,
      annotations: {
        'vnd.docker.reference.digest': child.digest,
        'vnd.docker.reference.type': 'attestation-manifest',
      },
    })),
  ]
  const body = { schemaVersion: 2, mediaType: MEDIA_TYPES[o.format].index, manifests: entries }
  return manifest(body, [], [...o.children, ...attested.map(({ attestation }) => attestation)])
}

const EMPTY_CONFIG = blob('application/vnd.oci.empty.v1+json', Buffer.from('{}'))

/** An OCI 1.1 artifact (image manifest with artifactType and the empty config) that refers to `subject`. */
export function buildArtifact(o: { subject: BuiltManifest; artifactType: string; seed: string }): BuiltManifest {
  const layer = jsonBlob('application/json', { seed: o.seed, subject: o.subject.digest })
  const body = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.oci.manifest,
    artifactType: o.artifactType,
    config: descriptor(EMPTY_CONFIG),
    layers: [descriptor(layer)],
    subject: descriptor(o.subject),
  }
  return manifest(body, [EMPTY_CONFIG, layer], [])
}
