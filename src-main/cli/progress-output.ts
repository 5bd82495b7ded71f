import { SingleBar } from 'cli-progress'
import { formatBytes } from '../contract/format'
import type { CopyProgress } from '../core/migration/copy-stats'

export interface ProgressOutput {
  update(progress: CopyProgress): void
  stop(): void
}

/** A live bar on a terminal; a line every few seconds otherwise (CI logs); nothing with --json. */
export function progressOutput(stream: NodeJS.WriteStream, mode: 'auto' | 'none'): ProgressOutput {
  if (mode === 'none') return { update: () => undefined, stop: () => undefined }
  if (stream.isTTY) return terminalBar(stream)
  return periodicLines(stream, 5_000)
}

function progressDetail(progress: CopyProgress): string {
  const failed = progress.tagsFailed ? `, ${progress.tagsFailed} failed` : ''
  return (
    `${formatBytes(progress.bytesTransferred)} at ${formatBytes(progress.bytesPerSecond)}/s, blobs ` +
    `${progress.blobsUploaded} up ${progress.blobsMounted} mounted${failed}`
  )
}

function terminalBar(stream: NodeJS.WriteStream): ProgressOutput {
  const bar = new SingleBar({
    stream,
    format: 'tags {bar} {value}/{total} | {detail}',
    hideCursor: true,
    clearOnComplete: false,
    fps: 10,
  })
  let started = false
  return {
    update(progress) {
      const done = progress.tagsCopied + progress.tagsSkipped + progress.tagsFailed
      if (!started) {
        bar.start(progress.tagsTotal, done, { detail: progressDetail(progress) })
        started = true
      }
      bar.setTotal(progress.tagsTotal)
      bar.update(done, { detail: progressDetail(progress) })
    },
    stop: () => started && bar.stop(),
  }
}

function periodicLines(stream: NodeJS.WriteStream, everyMs: number): ProgressOutput {
  let last = 0
  return {
    update(progress) {
      const now = Date.now()
      if (now - last < everyMs) return
      last = now
      const done = progress.tagsCopied + progress.tagsSkipped + progress.tagsFailed
      stream.write(`progress: ${done}/${progress.tagsTotal} tags, ${progressDetail(progress)}\n`)
    },
    stop: () => undefined,
  }
}
