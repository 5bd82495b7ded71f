import type { Readable } from 'node:stream'
import type { LimitFunction } from 'p-limit'
import { throwIfAborted } from '../lib/errors'
import type { Digest } from '../reference/digest'
import type { Descriptor } from '../registry/manifest'
import type { RegistryClient } from '../registry/registry-client'
import { retrying, type RetryPolicy } from '../registry/retry-policy'
import type { CopyStats } from './copy-stats'
import type { RepositoryPair } from './repository-pair'

export type BlobOutcome = 'uploaded' | 'mounted' | 'present'

export interface BlobCopierOptions {
  /** Bounds every destination-touching blob operation across the run. */
  limit: LimitFunction
  retry: RetryPolicy
  stats: CopyStats
  /** Blobs larger than this go up in PATCH chunks of this size (ECR wants 5–20 MiB); undefined = one PUT. */
  chunkSize?: number
  signal?: AbortSignal
}

/** Whether a destination registry honours `?mount=&from=`, learnt from its answers. */
type MountSupport = 'unknown' | 'yes' | 'no'

interface Location {
  repository: string
  ready: Promise<BlobOutcome>
}

/**
 * Copies blobs into destination repositories with each unique blob moved at most once per run where the
 * registry can mount it elsewhere. One operation per (destination repository, digest) is ever in flight;
 * a second repository needing a blob that is still uploading waits for it and then mounts it.
 */
export class BlobCopier {
  private readonly perRepository = new Map<string, Promise<BlobOutcome>>()
  private readonly locations = new Map<string, Location[]>()
  private readonly mountSupport = new Map<string, MountSupport>()

  constructor(private readonly options: BlobCopierOptions) {}

  copy(pair: RepositoryPair, blob: Descriptor): Promise<BlobOutcome> {
    const { destination, destinationRepository } = pair
    const key = `${destination.registry}/${destinationRepository}@${blob.digest}`
    let pending = this.perRepository.get(key)
    if (!pending) {
      pending = this.copyOnce(pair, blob)
      this.perRepository.set(key, pending)
      this.rememberLocation(destination.registry, blob.digest, destinationRepository, pending)
      // A failure stays recorded for this run (the tag fails); a new run starts clean.
      pending.catch(() => undefined)
    }
    return pending
  }

  private async copyOnce(pair: RepositoryPair, blob: Descriptor): Promise<BlobOutcome> {
    const { source, sourceRepository, destination, destinationRepository } = pair
    const mountFrom =
      source.registry === destination.registry
        ? sourceRepository
        : await this.settledLocation(destination.registry, blob.digest, destinationRepository)
    const outcome = await this.options.limit(() =>
      retrying(() => this.attempt(pair, blob, mountFrom), this.options.retry, this.options.signal),
    )
    this.options.stats.blobDone(outcome)
    return outcome
  }

  private async attempt(pair: RepositoryPair, blob: Descriptor, mountFrom: string | undefined): Promise<BlobOutcome> {
    const { destination, destinationRepository } = pair
    const { signal } = this.options
    const support = this.mountSupport.get(destination.registry) ?? 'unknown'
    if (support === 'no' && (await destination.headBlob(destinationRepository, blob.digest, { signal })) !== undefined)
      return 'present'
    // Mounting from the repository itself answers "already here?" and opens the upload in one request.
    const from = support === 'no' ? undefined : (mountFrom ?? destinationRepository)
    // Not interrupted half-way: a POST aborted after the registry opened the session would leave it open with no
    // Location to cancel it by. A cancel that came meanwhile closes the session below, like any other failure.
    const start = await destination.startUpload(destinationRepository, blob.digest, from)
    if (start.kind === 'mounted') {
      if (from !== destinationRepository) this.mountSupport.set(destination.registry, 'yes')
      return from === destinationRepository ? 'present' : 'mounted'
    }
    if (from !== undefined && from !== destinationRepository) {
      // The blob is known to be in `from`, so a 202 means this registry does not mount (ECR without BLOB_MOUNTING).
      this.mountSupport.set(destination.registry, 'no')
    }
    // A 202 proves the blob absent only for a self-mount on a registry known to mount; a failed mount from
    // elsewhere, or any 202 before mounting is proven, says nothing about what this repository holds.
    const unproven = !pair.destinationFresh && (support === 'unknown' || from !== destinationRepository)
    try {
      throwIfAborted(signal)
      if (unproven && (await destination.headBlob(destinationRepository, blob.digest, { signal })) !== undefined) {
        await destination.cancelUpload(destinationRepository, start.location)
        return 'present'
      }
      await this.upload(pair, blob, start.location)
      return 'uploaded'
    } catch (error) {
      await destination.cancelUpload(destinationRepository, start.location)
      throw error
    }
  }

  private async upload(
    { source, sourceRepository, destination, destinationRepository }: RepositoryPair,
    blob: Descriptor,
    location: string,
  ): Promise<void> {
    const { signal, stats, chunkSize } = this.options
    let sent = 0
    const body = await source.getBlob(sourceRepository, blob, {
      signal,
      onBytes: (n) => {
        sent += n
        stats.bytesMoving(n)
      },
    })
    // The source's own error (digest mismatch, reset) is the one worth reporting, not the PUT's echo of it.
    let sourceError: unknown
    body.on('error', (error) => (sourceError ??= error))
    try {
      if (chunkSize !== undefined && blob.size > chunkSize) {
        await this.uploadChunked(destination, destinationRepository, blob, location, body, chunkSize)
      } else {
        await destination.putUpload(destinationRepository, location, blob.digest, blob.size, body, { signal })
      }
    } catch (error) {
      stats.bytesMoving(-sent)
      body.destroy()
      throw sourceError ?? error
    }
    stats.bytesUploaded(blob.size)
  }

  private async uploadChunked(
    destination: RegistryClient,
    repository: string,
    blob: Descriptor,
    location: string,
    body: Readable,
    chunkSize: number,
  ): Promise<void> {
    const { signal } = this.options
    let offset = 0
    for await (const chunk of chunks(body, chunkSize)) {
      location = await this.sendChunk(destination, repository, location, offset, chunk)
      offset += chunk.length
    }
    await destination.putUpload(repository, location, blob.digest, 0, Buffer.alloc(0), { signal })
  }

  /** Sends one chunk; after a failure asks the session how much it holds and sends only the rest. */
  private async sendChunk(
    destination: RegistryClient,
    repository: string,
    location: string,
    offset: number,
    chunk: Buffer,
  ): Promise<string> {
    const { signal, retry } = this.options
    let current = location
    return retrying(
      async (n) => {
        let from = offset
        if (n > 0) {
          const status = await destination.uploadOffset(repository, current, { signal })
          current = status.location
          from = Math.max(offset, Math.min(status.offset, offset + chunk.length))
          if (from === offset + chunk.length) return current
        }
        current = await destination.patchUpload(repository, current, from, chunk.subarray(from - offset), { signal })
        return current
      },
      retry,
      signal,
    )
  }

  private rememberLocation(registry: string, digest: Digest, repository: string, ready: Promise<BlobOutcome>): void {
    const key = `${registry}@${digest}`
    const list = this.locations.get(key) ?? []
    list.push({ repository, ready })
    this.locations.set(key, list)
  }

  /** A repository of `registry` that holds (or is about to hold) the blob, once it does; undefined if none. */
  private async settledLocation(registry: string, digest: Digest, except: string): Promise<string | undefined> {
    // A snapshot: only copies that began earlier are waited for, so two repositories never wait on each other.
    for (const location of [...(this.locations.get(`${registry}@${digest}`) ?? [])]) {
      if (location.repository === except) continue
      const outcome = await location.ready.catch(() => undefined)
      if (outcome) return location.repository
    }
    return undefined
  }
}

/** Re-slices a stream into fixed-size chunks (the last may be shorter), holding one chunk at a time. */
export async function* chunks(stream: Readable, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = []
  let length = 0
  for await (const data of stream) {
    let buffer = data as Buffer
    while (length + buffer.length >= size) {
      const take = size - length
      parts.push(buffer.subarray(0, take))
      yield Buffer.concat(parts)
      parts = []
      length = 0
      buffer = buffer.subarray(take)
    }
    if (buffer.length > 0) {
      parts.push(buffer)
      length += buffer.length
    }
  }
  if (length > 0) yield Buffer.concat(parts)
}
