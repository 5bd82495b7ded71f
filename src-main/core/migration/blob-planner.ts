import type { LimitFunction } from 'p-limit'
import type { Digest } from '../reference/digest'
import type { BlobOutcome } from './blob-copier'
import type { BlobTransfer } from './manifest-copier'
import type { RepositoryPair } from './repository-pair'

/**
 * The dry-run stand-in for BlobCopier: asks the destination what it has (HEAD only) and adds up what a
 * real run would upload, counting each digest once as a real run would (later repositories mount it).
 */
export class BlobPlanner implements BlobTransfer {
  private readonly checked = new Map<string, Promise<BlobOutcome>>()
  private readonly counted = new Set<string>()
  bytesToUpload = 0
  blobsToUpload = 0

  constructor(
    private readonly limit: LimitFunction,
    private readonly signal?: AbortSignal,
  ) {}

  copy(
    { destination, destinationRepository }: RepositoryPair,
    blob: { digest: Digest; size: number },
  ): Promise<BlobOutcome> {
    const key = `${destination.registry}/${destinationRepository}@${blob.digest}`
    let pending = this.checked.get(key)
    if (!pending) {
      pending = this.limit(async () => {
        if ((await destination.headBlob(destinationRepository, blob.digest, { signal: this.signal })) !== undefined)
          return 'present'
        const runKey = `${destination.registry}@${blob.digest}`
        if (this.counted.has(runKey)) return 'mounted'
        this.counted.add(runKey)
        this.bytesToUpload += blob.size
        this.blobsToUpload++
        return 'uploaded'
      })
      this.checked.set(key, pending)
    }
    return pending
  }
}
