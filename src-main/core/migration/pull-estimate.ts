import { eachLimited } from '../lib/each-limited'
import type { RegistryClient } from '../registry/registry-client'
import { isIndexMediaType } from '../registry/media-types'
import type { CopyPair } from './copy-engine'

export interface PullEstimate {
  /** Tags whose digest differs at the destination: they will be copied. */
  tagsToCopy: number
  /** Tags already there under the same digest: skipped after a free HEAD, no pull. */
  tagsUpToDate: number
  /** Manifest GETs the copy will make (Docker Hub counts one pull per platform manifest). */
  pulls: number
  /** Indexes whose platform count the source listing did not give: each was counted as one pull. */
  indexesUncounted: number
}

export interface PullEstimateOptions {
  source: (registry: string) => RegistryClient
  destination: (registry: string) => RegistryClient
  signal?: AbortSignal
}

/**
 * Estimates the pulls a copy will spend, with HEADs only (free on Docker Hub): nothing for tags already at
 * the destination, one for an image, and for an index one per manifest it lists (`pair.manifests`, from the
 * Hub API's images). Each digest is fetched once per run, so alias tags add nothing.
 */
export async function estimatePulls(pairs: Iterable<CopyPair>, options: PullEstimateOptions): Promise<PullEstimate> {
  const estimate: PullEstimate = { tagsToCopy: 0, tagsUpToDate: 0, pulls: 0, indexesUncounted: 0 }
  const counted = new Set<string>()
  await eachLimited(pairs, 8, async (pair) => {
    const { signal } = options
    const reference = pair.source.digest ?? pair.source.tag!
    const [head, existing] = await Promise.all([
      options.source(pair.source.registry).headManifest(pair.source.repository, reference, { signal }),
      options
        .destination(pair.destination.registry)
        .headManifest(pair.destination.repository, pair.destination.tag ?? reference, { signal }),
    ])
    if (!head) return
    if (existing?.digest === head.digest) return void estimate.tagsUpToDate++
    estimate.tagsToCopy++
    if (counted.has(head.digest)) return
    counted.add(head.digest)
    const isIndex = isIndexMediaType(head.mediaType)
    if (isIndex && pair.manifests === undefined) estimate.indexesUncounted++
    estimate.pulls += isIndex ? (pair.manifests ?? 1) : 1
  })
  return estimate
}
