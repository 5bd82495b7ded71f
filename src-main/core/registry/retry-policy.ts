import { CrossdockError } from '../lib/errors'
import { sleep } from '../lib/sleep'

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  /**
   * Attempts for a 429 without a usable Retry-After: throttling lasts longer than a glitch, and should slow a run, not
   * fail it.
   */
  throttledAttempts?: number
  baseDelayMs: number
  maxDelayMs: number
  /** Longest `Retry-After` we are willing to sleep for; beyond it the error is reported instead. */
  maxRetryAfterMs: number
  /** Longest time one request may spend waiting between its tries, all waits together; unset: no total limit. */
  maxTotalWaitMs?: number
}

// Twelve Retry-Afters of two minutes would hold one blob for 24 minutes, and its caller may retry that again.
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  throttledAttempts: 12,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 120_000,
  maxTotalWaitMs: 300_000,
}

/** Full-jitter exponential backoff: spreads retries of many parallel transfers instead of syncing them. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // Only an IMF-fixdate (RFC 9110) is a date here: Date.parse would also accept "1.5" or "-1".
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return undefined
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'ERR_STREAM_PREMATURE_CLOSE',
])

/** Connection-level failures (resets, premature EOF) are transient; our own typed errors say for themselves. */
export function isRetryableError(error: unknown, depth = 0): boolean {
  if (error instanceof CrossdockError) return error.retryable
  const code = (error as { code?: string } | undefined)?.code
  if (code && RETRYABLE_NETWORK_CODES.has(code)) return true
  const cause = (error as { cause?: unknown } | undefined)?.cause
  // Causes can form cycles; real chains are a few links long.
  return cause !== undefined && depth < 8 && isRetryableError(cause, depth + 1)
}

/** Runs `attempt` again after a jittered pause while it fails with a retryable error. */
export async function retrying<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n)
    } catch (error) {
      if (n + 1 >= policy.attempts || !isRetryableError(error) || signal?.aborted) throw error
      await sleep(backoffDelay(policy, n), signal)
    }
  }
}
