import type { LimitFunction } from 'p-limit'
import { CrossdockError } from '../lib/errors'
import { memo } from '../lib/memo'
import type { RateLimiter } from '../lib/rate-limiter'
import type { Digest } from '../reference/digest'
import { parseManifest, requiredBlobs, type RawManifest } from '../registry/manifest'
import type { BlobOutcome } from './blob-copier'
import type { CopyStats } from './copy-stats'
import type { PullQuotaGate } from './pull-quota-gate'
import type { RepositoryPair } from './repository-pair'

/** Where blobs go: the real copier, or a planner that only looks (dry run). */
export interface BlobTransfer {
  copy(pair: RepositoryPair, blob: { digest: Digest; size: number; mediaType: string }): Promise<BlobOutcome>
}

export interface ManifestCopierOptions {
  blobs: BlobTransfer
  /** Bounds manifest requests (they are small; blobs have their own bound). */
  limit: LimitFunction
  stats: CopyStats
  dryRun: boolean
  /** Keeps source manifest GETs within a pull quota (Docker Hub); blobs and HEADs are free. */
  quota?: PullQuotaGate
  /** Paces manifest writes (ECR's PutImage quota). */
  manifestWrites?: RateLimiter
  signal?: AbortSignal
}


/**
 * Copies manifest trees bottom-up: blobs before the manifest that names them, every child of an index
 * before the index, the tag last. Each source manifest is fetched once per run (alias tags and repeated
 * children cost no extra pull) and each (destination repository, digest) is pushed once.
 */
export class ManifestCopier {
  private readonly fetched = new Map<string, Promise<RawManifest>>()
  private readonly prepared = new Map<string, Promise<RawManifest>>()
  private readonly pushedByDigest = new Map<string, Promise<RawManifest>>()

  constructor(private readonly options: ManifestCopierOptions) {}

  /**
   * Everything under the manifest, then the manifest itself under `tag`. Given by digest it comes from the
   * source; given whole it is one Crossdock made (an index filtered to some platforms).
   */
  async copyTag(pair: RepositoryPair, target: Digest | RawManifest, tag: string): Promise<RawManifest> {
    const manifest = await this.prepare(pair, target)
    await this.put(pair, tag, manifest)
    return manifest
  }

  /** Everything under `digest`, then the manifest itself by digest (untagged: children, referrers, digest copies). */
  copyByDigest(pair: RepositoryPair, digest: Digest): Promise<RawManifest> {
    return memo(this.pushedByDigest, destinationKey(pair, digest), async () => {
      const manifest = await this.prepare(pair, digest)
      await this.put(pair, digest, manifest)
      return manifest
    })
  }

  /** The source manifest, fetched and verified once per run. */
  fetch(pair: RepositoryPair, digest: Digest): Promise<RawManifest> {
    const { source, sourceRepository } = pair
    const { quota, limit, signal } = this.options
    const get = (): Promise<RawManifest> => limit(() => source.getManifest(sourceRepository, digest, { signal }))
    // The quota wait holds no request slot, so destination work goes on while the source side pauses.
    return memo(this.fetched, `${source.registry}@${digest}`, () => (quota ? quota.run(new URL(source.transport.baseUrl).host, get) : get()))
  }

  /** Makes sure everything the manifest references is at the destination; returns the manifest. */
  private prepare(pair: RepositoryPair, target: Digest | RawManifest): Promise<RawManifest> {
    const digest = typeof target === 'string' ? target : target.digest
    return memo(this.prepared, destinationKey(pair, digest), async () => {
      const manifest = typeof target === 'string' ? await this.fetch(pair, target) : target
      const what = `${pair.source.registry}/${pair.sourceRepository}@${digest}`
      const content = parseManifest(manifest, what)
      const dependencies: Array<Promise<unknown>> = []
      if (content.subject) dependencies.push(this.copySubject(pair, content.subject.digest))
      if (content.kind === 'index') {
        for (const child of content.manifests) dependencies.push(this.copyChild(pair, child.digest, what))
      } else {
        for (const blob of requiredBlobs(content)) {
          dependencies.push(this.options.blobs.copy(pair, blob))
        }
      }
      await settleAll(dependencies)
      return manifest
    })
  }

  private async copyChild(pair: RepositoryPair, digest: Digest, parent: string): Promise<void> {
    // A child already at the destination has all it needs (registries refuse manifests with missing parts).
    if (!pair.destinationFresh && (await this.options.limit(() => pair.destination.headManifest(pair.destinationRepository, digest, { signal: this.options.signal })))) return
    try {
      await this.copyByDigest(pair, digest)
    } catch (error) {
      if (error instanceof CrossdockError && error.code === 'MANIFEST_UNKNOWN') {
        throw new CrossdockError('MANIFEST_UNKNOWN', `${parent} lists ${digest}, which the source registry does not have; the index is incomplete at the source.`)
      }
      throw error
    }
  }

  /** The subject of an artifact goes first when the source has it; a dangling subject is allowed by OCI 1.1. */
  private async copySubject(pair: RepositoryPair, digest: Digest): Promise<void> {
    const { signal } = this.options
    if (await this.options.limit(() => pair.destination.headManifest(pair.destinationRepository, digest, { signal }))) return
    if (!(await this.options.limit(() => pair.source.headManifest(pair.sourceRepository, digest, { signal })))) return
    await this.copyByDigest(pair, digest)
  }

  private async put(pair: RepositoryPair, reference: string, manifest: RawManifest): Promise<void> {
    if (this.options.dryRun) return
    const { manifestWrites, signal } = this.options
    await manifestWrites?.take(signal)
    await this.options.limit(() => pair.destination.putManifest(pair.destinationRepository, reference, manifest, { signal }))
    this.options.stats.manifestPushed()
  }
}

function destinationKey(pair: RepositoryPair, digest: Digest): string {
  return `${pair.destination.registry}/${pair.destinationRepository}@${digest}`
}

/** Waits for every dependency (so none is left running), then throws the first failure. */
async function settleAll(work: Array<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(work)
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')
  if (failed) throw failed.reason
}
