import type { PullQuota } from '../dockerhub/pull-quota'
import { isCrossdockError } from '../lib/errors'
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
  waiting?: Promise<void>
}

/**
 * Keeps manifest GETs within a registry's pull quota (Docker Hub). Every response's `ratelimit-*` headers
 * update the count; a GET that would overspend waits, polling with free HEADs, until the window allows it.
 * Blob transfers are not gated: Docker counts manifests, so in-flight layers finish while the source pauses.
 * A pull-quota 429 (the quota moved under us: another client on the same IP or account) is answered the same
 * way: wait, then send that GET again.
 */
export class PullQuotaGate {
  private readonly hosts = new Map<string, HostQuota>()
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
      this.hosts.set(host, { limit: quota.limit, remaining: quota.remaining, windowSeconds: quota.windowSeconds, inFlight: 0, firstSeenAt: this.now() })
    }
  }

  /** Runs one manifest GET against `host` once the quota allows it. */
  async run<T>(host: string, get: () => Promise<T>): Promise<T> {
    for (;;) {
      // Check and claim in one step: GETs started in the same tick must not all see the same last pull.
      for (let state = this.hosts.get(host); state && state.remaining - state.inFlight <= 0; state = this.hosts.get(host)) {
        state.waiting ??= this.waitForQuota(host, state).finally(() => (state!.waiting = undefined))
        await state.waiting
      }
      const state = this.hosts.get(host)
      if (state) state.inFlight++
      try {
        return await get()
      } catch (error) {
        if (!isCrossdockError(error, 'PULL_QUOTA')) throw error
        this.observe(host, { kind: 'limited', limit: state?.limit ?? 0, remaining: 0, windowSeconds: state?.windowSeconds ?? 21_600 })
      } finally {
        if (state) state.inFlight--
      }
    }
  }

  private async waitForQuota(host: string, state: HostQuota): Promise<void> {
    const { onWait, pollMs, probe, signal } = this.options
    onWait?.({ host, limit: state.limit, remaining: Math.max(0, state.remaining - state.inFlight), until: new Date(Math.max(this.now(), state.firstSeenAt + state.windowSeconds * 1000)) })
    do {
      await sleep(pollMs, signal)
      this.observe(host, await probe(host))
    } while (state.remaining - state.inFlight <= 0)
    onWait?.(undefined)
  }
}
