import type { PullQuota } from '../dockerhub/pull-quota'
import { isCrossdockError } from '../lib/errors'
import { PullQuotaError } from '../registry/registry-error'
import { sleep } from '../lib/sleep'

/** Told when the source side pauses for the pull quota (and with undefined when it resumes). */
export interface QuotaWait {
  /** The registry host whose quota is spent. */
  host: string
  limit: number
  /** Pulls left that no GET already sent will spend. */
  remaining: number
  /** When the pulls of this run should have left the window: an estimate, the window is Docker's to keep. */
  until: Date
  /**
   * Pulls are refused as over quota but no quota is reported (no ratelimit headers): `until` is a backoff, not the
   * window.
   */
  unreported?: boolean
}

export interface PullQuotaGateOptions {
  /** Reads the quota again (a HEAD, free on Docker Hub); the answer also arrives through `observe`. */
  probe: (host: string) => Promise<PullQuota>
  /** How often to look again while waiting. */
  pollMs: number
  onWait?: (wait: QuotaWait | undefined) => void
  now?: () => number
  signal?: AbortSignal
}

interface HostQuota {
  limit: number
  remaining: number
  windowSeconds: number
  /** Manifest GETs sent and not yet answered: they will each spend a pull. */
  inFlight: number
  /** When this run first saw the quota: its pulls leave the window a window later at the latest. */
  firstSeenAt: number
  /** The last refusal's `Retry-After`, when it gave one. */
  retryAfterMs?: number
  waiting?: Promise<void>
}

/** The longest wait between tries while the registry refuses pulls without reporting a quota. */
const MAX_UNREPORTED_WAIT_MS = 10 * 60_000

/**
 * Keeps manifest GETs within a registry's pull quota (Docker Hub). Every response's `ratelimit-*` headers
 * update the count; a GET that would overspend waits, polling with free HEADs, until the window allows it.
 * Blob transfers are not gated: Docker counts manifests, so in-flight layers finish while the source pauses.
 * A pull-quota 429 (the quota moved under us: another client on the same IP or account) is answered the same
 * way: wait, then send that GET again.
 */
export class PullQuotaGate {
  private readonly hosts = new Map<string, HostQuota>()
  /** Host → refusals in a row that no reported quota explained; the backoff grows with them. */
  private readonly unreportedRefusals = new Map<string, number>()
  private readonly now: () => number

  constructor(private readonly options: PullQuotaGateOptions) {
    this.now = options.now ?? Date.now
  }

  /** Feeds the quota a response reported (only limited quotas: most responses carry no headers at all). */
  observe(host: string, quota: PullQuota): void {
    if (quota.kind !== 'limited') return
    const state = this.hosts.get(host)
    if (state) {
      Object.assign(state, { limit: quota.limit, remaining: quota.remaining, windowSeconds: quota.windowSeconds })
    } else {
      this.hosts.set(host, {
        limit: quota.limit,
        remaining: quota.remaining,
        windowSeconds: quota.windowSeconds,
        inFlight: 0,
        firstSeenAt: this.now(),
      })
    }
  }

  /** Runs one manifest GET against `host` once the quota allows it. */
  async run<T>(host: string, get: () => Promise<T>): Promise<T> {
    for (;;) {
      // Check and claim in one step: GETs started in the same tick must not all see the same last pull.
      for (
        let state = this.hosts.get(host);
        state && state.remaining - state.inFlight <= 0;
        state = this.hosts.get(host)
      ) {
        state.waiting ??= this.waitForQuota(host, state).finally(() => (state!.waiting = undefined))
        await state.waiting
      }
      const state = this.hosts.get(host)
      if (state) state.inFlight++
      try {
        const result = await get()
        this.unreportedRefusals.delete(host)
        return result
      } catch (error) {
        if (!isCrossdockError(error, 'PULL_QUOTA')) throw error
        this.observe(host, {
          kind: 'limited',
          limit: state?.limit ?? 0,
          remaining: 0,
          windowSeconds: state?.windowSeconds ?? 21_600,
        })
        this.hosts.get(host)!.retryAfterMs = error instanceof PullQuotaError ? error.retryAfterMs : undefined
      } finally {
        if (state) state.inFlight--
      }
    }
  }

  private async waitForQuota(host: string, state: HostQuota): Promise<void> {
    const { onWait, pollMs, probe, signal } = this.options
    onWait?.({
      host,
      limit: state.limit,
      remaining: Math.max(0, state.remaining - state.inFlight),
      until: new Date(Math.max(this.now(), state.firstSeenAt + state.windowSeconds * 1000)),
    })
    for (;;) {
      await sleep(pollMs, signal)
      const quota = await probe(host)
      if (quota.kind === 'limited') {
        this.observe(host, quota)
        if (state.remaining - state.inFlight > 0) break
        continue
      }
      // Refused, yet no quota to count down: wait out Retry-After or a growing, capped backoff, then let GETs try
      // again.
      const refusals = (this.unreportedRefusals.get(host) ?? 0) + 1
      this.unreportedRefusals.set(host, refusals)
      const delay = state.retryAfterMs ?? Math.min(pollMs * 2 ** (refusals - 1), MAX_UNREPORTED_WAIT_MS)
      onWait?.({ host, limit: state.limit, remaining: 0, until: new Date(this.now() + delay), unreported: true })
      await sleep(delay, signal)
      this.hosts.delete(host)
      break
    }
    onWait?.(undefined)
  }
}
