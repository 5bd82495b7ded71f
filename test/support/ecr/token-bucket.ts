import type { Clock } from './options'

/** AWS's API quotas are token buckets (facts §5: "token-bucket, adjustable"): a burst, refilled at a steady rate. */
export class TokenBucket {
  private tokens: number
  private last: number
  private readonly burst: number

  constructor(
    private readonly perSecond: number,
    burst: number | undefined,
    private readonly clock: Clock,
  ) {
    this.burst = burst ?? perSecond
    this.tokens = this.burst
    this.last = clock.now()
  }

  /** Takes one token; false (and nothing taken) when the bucket is empty. */
  take(): boolean {
    const now = this.clock.now()
    // A clock set backwards refills nothing rather than draining the bucket.
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  reset(): void {
    this.tokens = this.burst
    this.last = this.clock.now()
  }
}
