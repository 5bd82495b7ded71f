import { describe, expect, it } from 'vitest'
import { CopyStats, type CopyProgress } from '../../../../src-main/core/migration/copy-stats'

function statsWithClock() {
  let now = 0
  const events: CopyProgress[] = []
  const stats = new CopyStats(
    (progress) => events.push(progress),
    100,
    () => now,
  )
  return { stats, events, advance: (ms: number) => (now += ms) }
}

describe('CopyStats', () => {
  it('emits at most one progress event per interval however many updates arrive', () => {
    const { stats, events, advance } = statsWithClock()
    advance(100)
    for (let i = 0; i < 1000; i++) {
      stats.bytesMoving(1024)
      advance(1)
    }
    // 1,000 updates over one second: about ten events, never one per update.
    expect(events.length).toBeGreaterThanOrEqual(9)
    expect(events.length).toBeLessThanOrEqual(11)
  })

  it('always emits the final state on flush, with rates from elapsed time', () => {
    const { stats, events, advance } = statsWithClock()
    stats.tagsPlanned(3)
    stats.tagDone('copied')
    stats.tagDone('skipped')
    stats.tagDone('failed')
    stats.blobDone('uploaded')
    stats.blobDone('mounted')
    stats.blobDone('present')
    stats.bytesMoving(2_000_000)
    stats.bytesUploaded(2_000_000)
    advance(2_000)
    stats.flush()
    expect(events.at(-1)).toMatchObject({
      tagsTotal: 3,
      tagsCopied: 1,
      tagsSkipped: 1,
      tagsFailed: 1,
      blobsUploaded: 1,
      blobsMounted: 1,
      blobsPresent: 1,
      bytesUploaded: 2_000_000,
      bytesTransferred: 2_000_000,
      elapsedSeconds: 2,
      bytesPerSecond: 1_000_000,
    })
  })

  it('takes back the live bytes of a transfer that will be retried', () => {
    const { stats } = statsWithClock()
    stats.bytesMoving(500)
    stats.bytesMoving(-500)
    stats.bytesMoving(800)
    expect(stats.snapshot().bytesTransferred).toBe(800)
    expect(stats.snapshot().bytesUploaded).toBe(0)
  })
})
