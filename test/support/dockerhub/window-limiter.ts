import type { Clock, FixedWindowLimit } from './options'

export interface WindowVerdict {
  allowed: boolean
  limit: number
  remaining: number
  /** ms since the epoch at which the window ends */
  resetAt: number
}

/**
 * A fixed-window request counter per key, for the Hub API's per-minute limit and the abuse limiter. A window opens
 * at a key's first request; every request counts, refused ones included, so a client that keeps hammering stays
 * refused until the window ends.
 */
export class WindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(
    private readonly limit: FixedWindowLimit,
    private readonly clock: Clock,
  ) {}

  hit(key: string): WindowVerdict {
    const now = this.clock.now()
    const length = this.limit.perSeconds * 1000
    let window = this.windows.get(key)
    if (!window || now >= window.start + length) {
      window = { start: now, count: 0 }
      this.windows.set(key, window)
    }
    window.count++
    return {
      allowed: window.count <= this.limit.requests,
      limit: this.limit.requests,
      remaining: Math.max(0, this.limit.requests - window.count),
      resetAt: window.start + length,
    }
  }

  reset(): void {
    this.windows.clear()
  }
}

/** Whole seconds until `resetAt`, at least 1 (a `Retry-After` of 0 would invite an immediate retry). */
export function secondsUntil(resetAt: number, now: number): number {
  return Math.max(1, Math.ceil((resetAt - now) / 1000))
}
