import { sleep } from './sleep'

/**
 * A token bucket: at most `perSecond` operations a second on average, bursts of up to `burst`. Used where a
 * service publishes a rate (ECR's PutImage: 10 a second per account and Region) so that a migration stays
 * under it instead of collecting 429s.
 */
export class RateLimiter {
  private tokens: number
  private last: number
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly perSecond: number,
    private readonly burst: number = perSecond,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Resolves when an operation may start; callers are served in order. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal))
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.now()
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond)
      this.last = now
      if (this.tokens >= 1) {
        this.tokens -= 1
        return
      }
      await sleep(Math.ceil(((1 - this.tokens) / this.perSecond) * 1000), signal)
    }
  }
}
