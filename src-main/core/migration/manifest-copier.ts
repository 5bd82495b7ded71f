import type { LimitFunction } from 'p-limit'
import { CrossdockError } from '../lib/errors'
import { memoInFlight } from '../lib/memo'
import type { RateLimiter } from '../lib/rate-limiter'
import type { Digest } from '../reference/digest'
import { parseManifest, requiredBlobs, type ManifestContent, type RawManifest } from '../registry/manifest'
import type { BlobOutcome } from './blob-copier'
import type { CopyStats } from './copy-stats'
import { ManifestPutOrder } from './manifest-put-order'
import type { PullQuotaGate } from './pull-quota-gate'
import { PushedManifests } from './pushed-manifests'
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
 * before the index, the tag last. Each source manifest is pulled once per run (alias tags and repeated
 * children read it back from where it was pushed) and each (destination repository, digest) is pushed once.
 * Manifest bytes are held only while a copy uses them; what the run remembers is digests and places.
 */
export class ManifestCopier {
  private readonly inUse = new Map<Digest, { manifest: Promise<RawManifest>; users: number }>()
  private readonly pushed = new PushedManifests()
  private readonly preparing = new Map<string, Promise<void>>()
  private readonly pushingByDigest = new Map<string, Promise<void>>()
  private readonly putOrder = new ManifestPutOrder()

  constructor(private readonly options: ManifestCopierOptions) {}

  /**
   * Everything under the manifest, then the manifest itself under `tag`. Given by digest it comes from the
   * source; given whole it is one Crossdock made (an index filtered to some platforms).
   */
  async copyTag(pair: RepositoryPair, target: Digest | RawManifest, tag: string): Promise<void> {
    // A dry run pushes nothing, so an alias of a manifest already looked at has nothing left to look at.
    if (this.options.dryRun && this.isPushed(pair, typeof target === 'string' ? target : target.digest)) return
    await this.using(pair, target, (manifest) => this.copy(pair, tag, manifest))
  }

  /** Everything under `digest`, then the manifest itself by digest (untagged: children, referrers, digest copies). */
  async copyByDigest(pair: RepositoryPair, digest: Digest): Promise<void> {
    if (this.isPushed(pair, digest)) return
    await memoInFlight(this.pushingByDigest, destinationKey(pair, digest), () =>
      this.using(pair, digest, (manifest) => this.copy(pair, digest, manifest)),
    )
  }

  /** The source manifest, pulled once per run. */
  fetch(pair: RepositoryPair, digest: Digest): Promise<RawManifest> {
    return this.using(pair, digest, async (manifest) => manifest)
  }

  /** Whether the manifest, and so everything it references, is known to be in the pair's destination already. */
  private isPushed(pair: RepositoryPair, digest: Digest): boolean {
    return this.pushed.has({ client: pair.destination, repository: pair.destinationRepository }, digest)
  }

  /** Runs `work` with the manifest's bytes, shared by everyone using it at the moment and dropped after the last. */
  private async using<T>(
    pair: RepositoryPair,
    target: Digest | RawManifest,
    work: (manifest: RawManifest) => Promise<T>,
  ): Promise<T> {
    const digest = typeof target === 'string' ? target : target.digest
    let held = this.inUse.get(digest)
    if (!held) {
      held = { manifest: typeof target === 'string' ? this.load(pair, digest) : Promise.resolve(target), users: 0 }
      this.inUse.set(digest, held)
    }
    held.users++
    try {
      return await work(await held.manifest)
    } finally {
      if (--held.users === 0) this.inUse.delete(digest)
    }
  }

  /** The bytes from a destination this run pushed them to (free), else from the source (a pull). */
  private load(pair: RepositoryPair, digest: Digest): Promise<RawManifest> {
    const { quota, limit, signal, dryRun } = this.options
    const copy = dryRun ? undefined : this.pushed.anywhere(digest)
    if (copy) return limit(() => copy.client.getManifest(copy.repository, digest, { signal }))
    const { source, sourceRepository } = pair
    const get = (): Promise<RawManifest> => limit(() => source.getManifest(sourceRepository, digest, { signal }))
    // The quota wait holds no request slot, so destination work goes on while the source side pauses.
    return quota ? quota.run(new URL(source.transport.baseUrl).host, get) : get()
  }

  /** What the manifest references goes to the destination first (once per run), then the manifest under `reference`. */
  private async copy(pair: RepositoryPair, reference: string, manifest: RawManifest): Promise<void> {
    const what = `${pair.source.registry}/${pair.sourceRepository}@${manifest.digest}`
    const content = parseManifest(manifest, what)
    if (!this.isPushed(pair, manifest.digest)) {
      await memoInFlight(this.preparing, destinationKey(pair, manifest.digest), () => this.prepare(pair, content, what))
    }
    await this.put(
      pair,
      reference,
      manifest,
      content.kind === 'index' ? content.manifests.map((child) => child.digest) : [],
    )
  }

  /** Makes sure everything the manifest references is at the destination. */
  private async prepare(pair: RepositoryPair, content: ManifestContent, what: string): Promise<void> {
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
  }

  private async copyChild(pair: RepositoryPair, digest: Digest, parent: string): Promise<void> {
    // A child already at the destination has all it needs (registries refuse manifests with missing parts).
    if (
      !pair.destinationFresh &&
      !this.isPushed(pair, digest) &&
      (await this.options.limit(() =>
        pair.destination.headManifest(pair.destinationRepository, digest, { signal: this.options.signal }),
      ))
    )
      return
    try {
      await this.copyByDigest(pair, digest)
    } catch (error) {
      if (error instanceof CrossdockError && error.code === 'MANIFEST_UNKNOWN') {
        throw new CrossdockError(
          'MANIFEST_UNKNOWN',
          `${parent} lists ${digest}, which the source registry does not have; the index is incomplete at the source.`,
        )
      }
      throw error
    }
  }

  /** The subject of an artifact goes first when the source has it; a dangling subject is allowed by OCI 1.1. */
  private async copySubject(pair: RepositoryPair, digest: Digest): Promise<void> {
    const { signal } = this.options
    if (this.isPushed(pair, digest)) return
    if (await this.options.limit(() => pair.destination.headManifest(pair.destinationRepository, digest, { signal })))
      return
    if (!(await this.options.limit(() => pair.source.headManifest(pair.sourceRepository, digest, { signal })))) return
    await this.copyByDigest(pair, digest)
  }

  /** PUTs the manifest, never while a PUT of one of its children (or of an index listing it) is in flight. */
  private async put(
    pair: RepositoryPair,
    reference: string,
    manifest: RawManifest,
    children: readonly Digest[],
  ): Promise<void> {
    if (!this.options.dryRun) {
      const { manifestWrites, signal } = this.options
      await manifestWrites?.take(signal)
      const lists = children.map((child) => destinationKey(pair, child))
      await this.putOrder.run(destinationKey(pair, manifest.digest), lists, () =>
        this.options.limit(() =>
          pair.destination.putManifest(pair.destinationRepository, reference, manifest, { signal }),
        ),
      )
      this.options.stats.manifestPushed()
    }
    this.pushed.add({ client: pair.destination, repository: pair.destinationRepository }, manifest.digest)
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
