import { CrossdockError } from '../lib/errors'
import { parseManifest, type Descriptor, type RawManifest } from '../registry/manifest'
import { digestOf } from '../registry/verifying-stream'

export interface Platform {
  os: string
  architecture: string
  variant?: string
}

/** Parses `linux/amd64`, `linux/arm64/v8`; a list is comma-separated. */
export function parsePlatforms(text: string): Platform[] {
  return text.split(',').map((item) => {
    const [os, architecture, variant, extra] = item.trim().split('/')
    if (!os || !architecture || extra !== undefined) {
      throw new CrossdockError(
        'REFERENCE_INVALID',
        `"${item.trim()}" is not a platform; write OS/ARCH or OS/ARCH/VARIANT, e.g. linux/amd64 or linux/arm64/v8.`,
      )
    }
    return { os, architecture, variant }
  })
}

export function formatPlatform(platform: Descriptor['platform']): string {
  return [platform?.os ?? '?', platform?.architecture ?? '?', platform?.variant].filter(Boolean).join('/')
}

function matches(entry: Descriptor, wanted: readonly Platform[]): boolean {
  return wanted.some(
    (p) =>
      entry.platform?.os === p.os &&
      entry.platform?.architecture === p.architecture &&
      (p.variant === undefined || entry.platform?.variant === p.variant),
  )
}

/** BuildKit attaches provenance and SBOMs to each platform image as an `unknown/unknown` manifest naming it. */
function attestationTarget(entry: Descriptor): string | undefined {
  return entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest'
    ? entry.annotations['vnd.docker.reference.digest']
    : undefined
}

export interface FilteredIndex {
  manifest: RawManifest
  kept: Descriptor[]
  dropped: Descriptor[]
}

/**
 * An index cut down to the wanted platforms (and the attestations of those platforms). This is the one place
 * Crossdock writes manifest bytes of its own: the result has a new digest, which the user asked for by
 * filtering. An index that already holds only wanted platforms comes back unchanged, digest and all.
 */
export function filterIndex(index: RawManifest, wanted: readonly Platform[], what: string): FilteredIndex {
  const content = parseManifest(index, what)
  if (content.kind !== 'index') return { manifest: index, kept: [], dropped: [] }
  const images = content.manifests.filter((entry) => !attestationTarget(entry))
  const keptImages = new Set(images.filter((entry) => matches(entry, wanted)).map((entry) => entry.digest as string))
  if (keptImages.size === 0) {
    throw new CrossdockError(
      'MANIFEST_UNKNOWN',
      `${what} has none of the platforms asked for (${wanted.map(formatPlatform).join(', ')}); it has ` +
        `${images.map((e) => formatPlatform(e.platform)).join(', ')}.`,
    )
  }
  const kept = content.manifests.filter(
    (entry) => keptImages.has(entry.digest) || keptImages.has(attestationTarget(entry) ?? ''),
  )
  const dropped = content.manifests.filter((entry) => !kept.includes(entry))
  if (dropped.length === 0) return { manifest: index, kept, dropped }
  const json = JSON.parse(index.bytes.toString('utf8')) as { manifests: Descriptor[] }
  json.manifests = json.manifests.filter((entry) => kept.some((k) => k.digest === entry.digest))
  const bytes = Buffer.from(JSON.stringify(json))
  return { manifest: { mediaType: index.mediaType, bytes, digest: digestOf(bytes) }, kept, dropped }
}
