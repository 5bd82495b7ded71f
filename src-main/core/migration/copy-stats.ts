import type { BlobOutcome } from './blob-copier'

/** A snapshot of a run's progress, as progress events and the final report carry it. */
export interface CopyProgress {
  tagsTotal: number
  tagsCopied: number
  tagsSkipped: number
  tagsFailed: number
  blobsUploaded: number
  blobsMounted: number
  blobsPresent: number
  manifestsPushed: number
  /** Bytes that went up and were committed. */
  bytesUploaded: number
  /** Bytes read from sources so far, including transfers still in flight: what a progress bar shows. */
  bytesTransferred: number
  elapsedSeconds: number
  bytesPerSecond: number
}

/**
 * Counts what a run does and reports it at most every `intervalMs`, so a run over thousands of small blobs
 * does not flood a terminal or an IPC channel.
 */
export class CopyStats {
  private readonly progress: Omit<CopyProgress, 'elapsedSeconds' | 'bytesPerSecond'> = {
    tagsTotal: 0,
    tagsCopied: 0,
    tagsSkipped: 0,
    tagsFailed: 0,
    blobsUploaded: 0,
    blobsMounted: 0,
    blobsPresent: 0,
    manifestsPushed: 0,
    bytesUploaded: 0,
    bytesTransferred: 0,
  }
  private readonly startedAt: number
  private lastEmit = 0

  constructor(
    private readonly onProgress?: (progress: CopyProgress) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now()
  }

  tagsPlanned(count: number): void {
    this.progress.tagsTotal += count
    this.changed()
  }

  tagDone(outcome: 'copied' | 'skipped' | 'failed'): void {
    if (outcome === 'copied') this.progress.tagsCopied++
    else if (outcome === 'skipped') this.progress.tagsSkipped++
    else this.progress.tagsFailed++
    this.changed()
  }

  blobDone(outcome: BlobOutcome): void {
    if (outcome === 'uploaded') this.progress.blobsUploaded++
    else if (outcome === 'mounted') this.progress.blobsMounted++
    else this.progress.blobsPresent++
    this.changed()
  }

  manifestPushed(): void {
    this.progress.manifestsPushed++
  }

  /** Live bytes of transfers in flight; negative to take back the bytes of a transfer that will be retried. */
  bytesMoving(delta: number): void {
    this.progress.bytesTransferred += delta
    this.changed()
  }

  bytesUploaded(size: number): void {
    this.progress.bytesUploaded += size
  }

  snapshot(): CopyProgress {
    const elapsedSeconds = (this.now() - this.startedAt) / 1000
    return {
      ...this.progress,
      elapsedSeconds,
      bytesPerSecond: elapsedSeconds > 0 ? this.progress.bytesTransferred / elapsedSeconds : 0,
    }
  }

  /** Emits the final state regardless of the throttle. */
  flush(): void {
    this.onProgress?.(this.snapshot())
  }

  private changed(): void {
    if (!this.onProgress) return
    const now = this.now()
    if (now - this.lastEmit < this.intervalMs) return
    this.lastEmit = now
    this.onProgress(this.snapshot())
  }
}
