import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../../../src-main/core/lib/rate-limiter'

describe('RateLimiter', () => {
  it('lets a burst through at once, then spaces the rest at the rate', async () => {
    const limiter = new RateLimiter(20, 5)
    const started: number[] = []
    const t0 = performance.now()
    await Promise.all(Array.from({ length: 15 }, () => limiter.take().then(() => started.push(performance.now() - t0))))
    // 5 at once, then 10 more at 20 a second: a gap after the burst, and the last not before ~0.5 s.
    expect(started[5]! - started[0]!).toBeGreaterThanOrEqual(40)
    expect(Math.max(...started)).toBeGreaterThanOrEqual(450)
  })

  it('stops waiting when cancelled', async () => {
    const limiter = new RateLimiter(1, 1)
    await limiter.take()
    const controller = new AbortController()
    const waiting = limiter.take(controller.signal)
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})
