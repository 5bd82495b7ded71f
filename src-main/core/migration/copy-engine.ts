import { setMaxListeners } from 'node:events'
import pLimit, { type LimitFunction } from 'p-limit'
import { CrossdockError, isCrossdockError, type ErrorCode } from '../lib/errors'
import { eachLimited } from '../lib/each-limited'
import { memo } from '../lib/memo'
import type { PauseGate } from '../lib/pause-gate'
import { RateLimiter } from '../lib/rate-limiter'
import type { Digest } from '../reference/digest'
import { formatReference, type ImageRef } from '../reference/reference'
import type { RawManifest } from '../registry/manifest'
import { isIndexMediaType } from '../registry/media-types'
import type { ManifestHead, RegistryClient } from '../registry/registry-client'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../registry/retry-policy'
import { BlobCopier } from './blob-copier'
import { BlobPlanner } from './blob-planner'
import { asCopyPairs, type CopyPairs } from './copy-pairs'
import { CopyStats, type CopyProgress } from './copy-stats'
import { ManifestCopier } from './manifest-copier'
import { filterIndex, formatPlatform, type Platform } from './platform-filter'
import type { PullQuotaGate } from './pull-quota-gate'
import type { RepositoryPair } from './repository-pair'
import { findReferrers } from './referrers'

export interface CopyPair {
  source: ImageRef
  destination: ImageRef
  /** For an index: how many manifests it lists, when the source's listing says (Docker Hub's images). */
  manifests?: number
}

export interface CopyEngineOptions {
  source: (registry: string) => RegistryClient
  destination: (registry: string) => RegistryClient
  /** Blob transfers in flight at once. */
  jobs?: number
  /** Also copy what refers to each image (signatures, SBOMs, attestations). */
  referrers?: boolean
  /** Look, count and push nothing. */
  dryRun?: boolean
  chunkSize?: number
  /** Keeps source manifest GETs within Docker Hub's pull quota, pausing the source side when it is spent. */
  quota?: PullQuotaGate
  /** Copy only these platforms of multi-platform indexes (which changes the index digests). */
  platforms?: readonly Platform[]
  /** Things the user should know that are not failures (a digest changed by platform filtering). */
  onWarning?: (message: string) => void
  /** At most this many manifest writes a second (ECR: PutImage's 10 per account and Region). */
  manifestWritesPerSecond?: number
  /** Runs once per destination repository before anything is pushed to it (ECR: create the repository). */
  prepareDestination?: (registry: string, repository: string) => Promise<void>
  retry?: RetryPolicy
  signal?: AbortSignal
  onProgress?: (progress: CopyProgress) => void
  /**
   * The run finishes an interrupted one: a repository without tags may still hold its blobs and manifests,
   * so each is checked for before it is sent, even where the repository looks new.
   */
  resuming?: boolean
  /** Pausing stops new transfers and manifest requests; those under way finish. */
  pause?: PauseGate
  /**
   * Each tag's outcome as soon as it is known: the one place a run's per-tag results go (a job journal, a
   * `--json` stream), since the engine keeps none. A returned promise holds that worker until it settles.
   */
  onTagDone?: (result: TagResult) => void | Promise<void>
}

export type TagOutcome = 'copied' | 'skipped' | 'failed'

export interface TagResult {
  source: string
  destination: string
  digest?: Digest
  outcome: TagOutcome
  error?: { code: ErrorCode; message: string }
}

export interface CopyReport {
  /** Counts by outcome are in `progress`; each tag's result went to `onTagDone`. */
  progress: CopyProgress
  /** The tags that failed, with why. */
  failures: TagResult[]
  /** Dry run only: what a real run would upload. */
  plan?: { blobsToUpload: number; bytesToUpload: number }
}

export const DEFAULT_JOBS = 8

/**
 * Copies (source → destination) image pairs digest for digest. Per pair it HEADs both sides and skips equal
 * digests without a GET; otherwise the manifest tree goes bottom-up, and the tag last. An engine is for one
 * run: what it learnt about the destination is only true for that run.
 */
export class CopyEngine {
  private readonly stats: CopyStats
  private readonly manifests: ManifestCopier
  private readonly planner?: BlobPlanner
  /** Tags copied at once. */
  private readonly pairConcurrency: number
  private readonly tagLists = new Map<string, Promise<string[]>>()
  private readonly destinationTagSets = new Map<string, Promise<ReadonlySet<string>>>()
  private readonly preparedDestinations = new Map<string, Promise<void>>()
  private readonly platformSelections = new Map<string, Promise<RawManifest>>()
  private readonly failures: TagResult[] = []
  /** Referrer tags found by the run that no pair names, copied after the pairs. */
  private readonly referrerPairs: CopyPair[] = []
  private readonly referrerDestinations = new Set<string>()

  constructor(private readonly options: CopyEngineOptions) {
    const jobs = Math.max(1, options.jobs ?? DEFAULT_JOBS)
    // Every request of the run listens to the one signal; hundreds of listeners are expected, not a leak.
    if (options.signal) setMaxListeners(0, options.signal)
    this.stats = new CopyStats(options.onProgress)
    const blobLimit = gated(pLimit(jobs), options.pause, options.signal)
    // Manifest requests are small and latency-bound: allow more of them than blob streams.
    const manifestLimit = gated(pLimit(jobs * 2), options.pause, options.signal)
    this.pairConcurrency = jobs * 2
    this.planner = options.dryRun ? new BlobPlanner(blobLimit, options.signal) : undefined
    const blobs =
      this.planner ??
      new BlobCopier({
        limit: blobLimit,
        retry: options.retry ?? DEFAULT_RETRY_POLICY,
        stats: this.stats,
        chunkSize: options.chunkSize,
        signal: options.signal,
      })
    this.manifests = new ManifestCopier({
      blobs,
      limit: manifestLimit,
      stats: this.stats,
      dryRun: options.dryRun ?? false,
      quota: options.quota,
      // No burst: evenly spaced writes stay under a quota that a burst at its edge would cross.
      manifestWrites:
        options.manifestWritesPerSecond === undefined ? undefined : new RateLimiter(options.manifestWritesPerSecond, 1),
      signal: options.signal,
    })
  }

  /** Copies every pair, `pairConcurrency` at a time; the engine keeps no per-tag state past a tag's end. */
  async run(given: CopyPairs | readonly CopyPair[]): Promise<CopyReport> {
    const pairs = asCopyPairs(given)
    this.stats.tagsPlanned(pairs.length)
    await eachLimited(pairs, this.pairConcurrency, (pair) => this.copyPair(pair, pairs))
    if (this.referrerPairs.length > 0) {
      this.stats.tagsPlanned(this.referrerPairs.length)
      await eachLimited(this.referrerPairs, this.pairConcurrency, (pair) => this.copyPair(pair))
    }
    this.stats.flush()
    const report: CopyReport = { progress: this.stats.snapshot(), failures: this.failures }
    if (this.planner)
      report.plan = { blobsToUpload: this.planner.blobsToUpload, bytesToUpload: this.planner.bytesToUpload }
    return report
  }

  /** `pairs`: the run's pairs, to find referrer tags they do not name (none for the referrer tags themselves). */
  private async copyPair(pair: CopyPair, pairs?: CopyPairs): Promise<void> {
    const result: TagResult = {
      source: formatReference(pair.source),
      destination: formatReference(pair.destination),
      outcome: 'failed',
    }
    try {
      const { signal } = this.options
      const { repositories, destinationTags } = await this.repositories(pair)
      const reference = pair.source.digest ?? pair.source.tag!
      const { destinationRepository } = repositories
      const tag = pair.destination.tag
      // Both sides are asked at once, so a re-run costs one round trip per tag. A tag the destination does not
      // list needs no HEAD at all: on a first run that saves a request per tag.
      const existingByTag =
        tag !== undefined && destinationTags.has(tag)
          ? repositories.destination.headManifest(destinationRepository, tag, { signal })
          : undefined
      existingByTag?.catch(() => undefined)
      const head = await repositories.source.headManifest(repositories.sourceRepository, reference, { signal })
      if (!head) throw new CrossdockError('MANIFEST_UNKNOWN', `${result.source} does not exist at the source.`)
      if (pair.source.digest && head.digest !== pair.source.digest) {
        throw new CrossdockError(
          'DIGEST_MISMATCH',
          `${result.source}: the source answered with ${head.digest} for a request by digest.`,
        )
      }
      const target = await this.platformSelection(repositories, head, result.source)
      result.digest = typeof target === 'string' ? target : target.digest
      const existing =
        tag !== undefined
          ? await existingByTag
          : await repositories.destination.headManifest(destinationRepository, result.digest, { signal })
      if (existing?.digest === result.digest) {
        result.outcome = 'skipped'
      } else {
        await this.prepareDestination(repositories)
        if (tag !== undefined || typeof target !== 'string')
          await this.manifests.copyTag(repositories, target, tag ?? result.digest)
        else await this.manifests.copyByDigest(repositories, target)
        result.outcome = 'copied'
      }
      if (this.options.referrers && pairs) await this.findReferrerTags(pair, repositories, result.digest, pairs)
    } catch (error) {
      // Also after the image went: a tag whose signatures did not follow it is not done.
      result.outcome = 'failed'
      result.error = describeError(error)
    }
    this.stats.tagDone(result.outcome)
    if (result.outcome === 'failed') this.failures.push(result)
    await this.options.onTagDone?.(result)
  }

  private prepareDestination({ destination, destinationRepository }: RepositoryPair): Promise<void> {
    const { prepareDestination, dryRun } = this.options
    if (!prepareDestination || dryRun) return Promise.resolve()
    return memo(this.preparedDestinations, `${destination.registry}/${destinationRepository}`, () =>
      prepareDestination(destination.registry, destinationRepository),
    )
  }

  /** The source manifest to copy: as it is, or for a multi-platform index with --platform, a filtered copy. */
  private async platformSelection(
    pair: RepositoryPair,
    head: ManifestHead,
    what: string,
  ): Promise<Digest | RawManifest> {
    const { platforms, onWarning } = this.options
    if (!platforms || !isIndexMediaType(head.mediaType)) return head.digest
    // One pull per index, however many tags name it: the (small) result is kept for the run.
    const source = await memo(this.platformSelections, `${pair.source.registry}@${head.digest}`, () =>
      this.manifests.fetch(pair, head.digest),
    )
    const filtered = filterIndex(source, platforms, what)
    if (filtered.manifest.digest === head.digest) return source
    onWarning?.(
      `${what}: copying ${filtered.kept.map((entry) => formatPlatform(entry.platform)).join(', ')} and leaving out ` +
        `${filtered.dropped.map((entry) => formatPlatform(entry.platform)).join(', ')}. ` +
        `The index digest changes from ${head.digest} to ${filtered.manifest.digest}: anything that pins ` +
        `the original ` +
        `digest will not find it at the destination.`,
    )
    return filtered.manifest
  }

  /**
   * Signatures, SBOMs and attestations of a copied image: referrers by the API are copied now, and tags of the
   * tag schema that no pair names are kept to copy after the pairs.
   */
  private async findReferrerTags(
    pair: CopyPair,
    repositories: RepositoryPair,
    digest: Digest,
    pairs: CopyPairs,
  ): Promise<void> {
    const tags = await this.sourceTags(repositories)
    const found = await findReferrers(
      repositories.source,
      repositories.sourceRepository,
      digest,
      tags,
      this.options.signal,
    )
    await Promise.all(found.manifests.map((referrer) => this.manifests.copyByDigest(repositories, referrer.digest)))
    for (const tag of found.tags) {
      const destination = { ...pair.destination, tag, digest: undefined }
      const key = formatReference(destination)
      if (pairs.hasDestination(destination) || this.referrerDestinations.has(key)) continue
      this.referrerDestinations.add(key)
      this.referrerPairs.push({ source: { ...pair.source, tag, digest: undefined }, destination })
    }
  }

  private sourceTags(pair: RepositoryPair): Promise<string[]> {
    return memo(this.tagLists, `${pair.source.registry}/${pair.sourceRepository}`, () =>
      pair.source.listTags(pair.sourceRepository, { signal: this.options.signal }),
    )
  }

  private async repositories(
    pair: CopyPair,
  ): Promise<{ repositories: RepositoryPair; destinationTags: ReadonlySet<string> }> {
    const destination = this.options.destination(pair.destination.registry)
    const repository = pair.destination.repository
    const destinationTags = await memo(
      this.destinationTagSets,
      `${destination.registry}/${repository}`,
      async () => new Set(await destination.listTags(repository, { signal: this.options.signal })),
    )
    return {
      repositories: {
        source: this.options.source(pair.source.registry),
        sourceRepository: pair.source.repository,
        destination,
        destinationRepository: repository,
        destinationFresh: !this.options.resuming && destinationTags.size === 0,
      },
      destinationTags,
    }
  }
}

/** A concurrency limit whose tasks, once given a slot, wait while the run is paused before they start. */
function gated(limit: LimitFunction, pause: PauseGate | undefined, signal: AbortSignal | undefined): LimitFunction {
  if (!pause) return limit
  // Only the call form is used by the copiers.
  return (<T>(task: () => Promise<T>): Promise<T> =>
    limit(async () => {
      await pause.wait(signal)
      return task()
    })) as unknown as LimitFunction
}

function describeError(error: unknown): { code: ErrorCode; message: string } {
  if (isCrossdockError(error)) return { code: error.code, message: error.message }
  return { code: 'REGISTRY_ERROR', message: error instanceof Error ? error.message : String(error) }
}
