import type { Clock } from './options'

export type QuotaPolicy = { limit: number; windowSeconds: number } | 'unlimited'

export interface QuotaState {
  limit: number
  remaining: number
  windowSeconds: number
  /** ms since the epoch when the current window ends; undefined before the first pull of a window */
  resetsAt?: number
}

interface Window {
  start: number
  used: number
}

/**
 * Pull quota per rate-limit source (an IP, or a user id). Docker only says the limit "is calculated on a 6-hour
 * basis"; this is a fixed window opened by the source's first counted pull and replaced once it has run out.
 */
export class PullQuota {
  private readonly windows = new Map<string, Window>()
  private readonly limitOverrides = new Map<string, number | 'unlimited'>()
  private readonly totals = new Map<string, number>()

  constructor(private readonly clock: Clock) {}

  /** The policy in force for `source`, after any `setQuota` override of its limit. */
  policy(source: string, base: QuotaPolicy): QuotaPolicy {
    const override = this.limitOverrides.get(source)
    if (override === undefined) return base
    if (override === 'unlimited') return 'unlimited'
    return { limit: override, windowSeconds: base === 'unlimited' ? 21_600 : base.windowSeconds }
  }

  state(source: string, policy: { limit: number; windowSeconds: number }): QuotaState {
    const window = this.current(source, policy.windowSeconds)
    const used = window?.used ?? 0
    return {
      limit: policy.limit,
      remaining: Math.max(0, policy.limit - used),
      windowSeconds: policy.windowSeconds,
      ...(window ? { resetsAt: window.start + policy.windowSeconds * 1000 } : {}),
    }
  }

  /** Spends one pull if any is left (always, when unlimited); false when the window's quota is spent. */
  take(source: string, policy: QuotaPolicy): boolean {
    if (policy !== 'unlimited') {
      let window = this.current(source, policy.windowSeconds)
      if ((window?.used ?? 0) >= policy.limit) return false
      if (!window) {
        window = { start: this.clock.now(), used: 0 }
        this.windows.set(source, window)
      }
      window.used++
    }
    this.totals.set(source, (this.totals.get(source) ?? 0) + 1)
    return true
  }

  /** Test control: change the limit for good, and/or what is left of the current window (opening one if needed). */
  set(source: string, o: { limit?: number | 'unlimited'; remaining?: number }, base: QuotaPolicy): void {
    if (o.limit !== undefined) this.limitOverrides.set(source, o.limit)
    const policy = this.policy(source, base)
    if (o.remaining === undefined || policy === 'unlimited') return
    const window = this.current(source, policy.windowSeconds) ?? { start: this.clock.now(), used: 0 }
    window.used = Math.max(0, policy.limit - o.remaining)
    this.windows.set(source, window)
  }

  /** Ends the current window of `source` (or of every source) now, as if its time had run out. */
  endWindow(source?: string): void {
    if (source === undefined) this.windows.clear()
    else this.windows.delete(source)
  }

  /** Pulls counted per source since the start, across windows; unlimited sources included. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.totals)
  }

  private current(source: string, windowSeconds: number): Window | undefined {
    const window = this.windows.get(source)
    if (window && this.clock.now() >= window.start + windowSeconds * 1000) {
      this.windows.delete(source)
      return undefined
    }
    return window
  }
}
