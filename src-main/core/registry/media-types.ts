/** Manifest and blob media types of the Docker and OCI specifications. */
export const MediaType = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  /** Short-lived OCI 1.1 draft type; some registries still hold such manifests. */
  ociArtifactManifest: 'application/vnd.oci.artifact.manifest.v1+json',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  ociNondistributableLayers: [
    'application/vnd.oci.image.layer.nondistributable.v1.tar',
    'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
    'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  ],
} as const

export const INDEX_MEDIA_TYPES: ReadonlySet<string> = new Set([MediaType.dockerManifestList, MediaType.ociIndex])
export const IMAGE_MEDIA_TYPES: ReadonlySet<string> = new Set([
  MediaType.dockerManifest,
  MediaType.ociManifest,
  MediaType.ociArtifactManifest,
])
export const SCHEMA1_MEDIA_TYPES: ReadonlySet<string> = new Set([
  MediaType.dockerSchema1,
  MediaType.dockerSchema1Signed,
])

/** Whether a Content-Type (parameters allowed) names an index: a Docker manifest list or an OCI index. */
export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEX_MEDIA_TYPES.has(mediaType.split(';')[0]!.trim())
}

/** Every manifest type we can copy, plus schema 1 so that we can recognise and refuse it by name. */
export const MANIFEST_ACCEPT = [
  MediaType.ociIndex,
  MediaType.dockerManifestList,
  MediaType.ociManifest,
  MediaType.dockerManifest,
  MediaType.ociArtifactManifest,
  MediaType.dockerSchema1Signed,
  MediaType.dockerSchema1,
].join(', ')

/** Layers that by definition live outside the registry (Windows base layers): never copied. */
export function isForeignLayer(mediaType: string): boolean {
  return (
    mediaType === MediaType.dockerForeignLayer ||
    (MediaType.ociNondistributableLayers as readonly string[]).includes(mediaType)
  )
}
