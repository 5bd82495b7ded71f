import { describe, expect, it } from 'vitest'
import { CrossdockError } from '../../../../src-main/core/lib/errors'
import {
  backoffDelay,
  isRetryableError,
  parseRetryAfter,
  retrying,
  type RetryPolicy,
} from '../../../../src-main/core/registry/retry-policy'

const NOW = Date.parse('2025-03-01T12:00:00Z')

describe('parseRetryAfter', () => {
  it.each<[string, string | undefined, number | undefined]>([
    ['delay-seconds', '120', 120_000],
    ['zero seconds', '0', 0],
    ['seconds with surrounding whitespace', ' 5 ', 5_000],
    ['an HTTP date 30 s ahead', new Date(NOW + 30_000).toUTCString(), 30_000],
    ['an HTTP date in the past', 'Wed, 21 Oct 2015 07:28:00 GMT', 0],
    ['absent', undefined, undefined],
    ['empty', '', undefined],
    ['a word', 'soon', undefined],
    ['digits with letters', '12abc', undefined],
    ['hex', '0x10', undefined],
  ])('%s: %j → %s ms', (_name, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected)
  })

  // V8's lenient Date.parse would read these as dates in the past: "retry immediately" instead of "use the backoff".
  it.each(['1.5', '-1', 'tomorrow 3'])('treats garbage %j as unreadable', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined()
  })
})

describe('backoffDelay', () => {
  const policy: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 }

  it.each<[number, number, number]>([
    // attempt, lowest (random 0), highest (random 1)
    [0, 100, 200],
    [1, 200, 400],
    [3, 800, 1_600],
    [5, 3_200, 6_400],
    [6, 5_000, 10_000], // 12 800 is capped at maxDelayMs
    [30, 5_000, 10_000],
  ])('attempt %i lies in [%i, %i]', (attempt, low, high) => {
    expect(backoffDelay(policy, attempt, () => 0)).toBe(low)
    expect(backoffDelay(policy, attempt, () => 1)).toBe(high)
    const middle = backoffDelay(policy, attempt, () => 0.5)
    expect(middle).toBeGreaterThan(low)
    expect(middle).toBeLessThan(high)
  })
})

function withCode(code: string, message = code): Error {
  return Object.assign(new Error(message), { code })
}

describe('isRetryableError', () => {
  it.each<[string, unknown, boolean]>([
    ['ECONNRESET', withCode('ECONNRESET'), true],
    ['ECONNREFUSED', withCode('ECONNREFUSED'), true],
    ['undici UND_ERR_SOCKET', withCode('UND_ERR_SOCKET'), true],
    ['a premature close', withCode('ERR_STREAM_PREMATURE_CLOSE'), true],
    [
      'ECONNRESET as the cause of a fetch-style TypeError',
      new TypeError('fetch failed', { cause: withCode('ECONNRESET') }),
      true,
    ],
    [
      'UND_ERR_SOCKET two causes deep',
      new Error('outer', { cause: new Error('middle', { cause: withCode('UND_ERR_SOCKET') }) }),
      true,
    ],
    ['CrossdockError marked retryable', new CrossdockError('SIZE_MISMATCH', 'short', { retryable: true }), true],
    [
      'CrossdockError not retryable, even with a retryable cause',
      new CrossdockError('NETWORK', 'x', { cause: withCode('ECONNRESET') }),
      false,
    ],
    ['a plain Error', new Error('boom'), false],
    ['an unknown code', withCode('ENOENT'), false],
    ['a non-retryable cause', new Error('outer', { cause: withCode('EACCES') }), false],
    ['undefined', undefined, false],
    ['null', null, false],
    ['a string', 'ECONNRESET', false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isRetryableError(error)).toBe(expected)
  })

  it('stops at an error that is its own cause', () => {
    const error = new Error('self') as Error & { cause?: unknown }
    error.cause = error
    expect(isRetryableError(error)).toBe(false)
  })
})

describe('retrying', () => {
  const fast: RetryPolicy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 10 }
  const transient = () => withCode('ECONNRESET', 'transient')

  it('retries retryable errors and returns the first success', async () => {
    const seen: number[] = []
    const result = await retrying(async (n) => {
      seen.push(n)
      if (n < 2) throw transient()
      return 'done'
    }, fast)
    expect(result).toBe('done')
    expect(seen).toEqual([0, 1, 2])
  })

  it('gives up after `attempts` tries with the last error', async () => {
    let calls = 0
    const failure = retrying(async (n) => {
      calls++
      throw withCode('ECONNRESET', `attempt ${n}`)
    }, fast)
    await expect(failure).rejects.toThrow('attempt 3')
    expect(calls).toBe(fast.attempts)
  })

  it.each<[string, () => unknown]>([
    ['a plain Error', () => new Error('fatal')],
    ['a non-retryable CrossdockError', () => new CrossdockError('DENIED', 'no')],
  ])('stops at once on %s', async (_name, make) => {
    const error = make()
    let calls = 0
    await expect(
      retrying(async () => {
        calls++
        throw error
      }, fast),
    ).rejects.toBe(error)
    expect(calls).toBe(1)
  })

  it('does not try again once the signal has aborted', async () => {
    const controller = new AbortController()
    let calls = 0
    const error = transient()
    await expect(
      retrying(
        async () => {
          calls++
          controller.abort()
          throw error
        },
        fast,
        controller.signal,
      ),
    ).rejects.toBe(error)
    expect(calls).toBe(1)
  })

  it('is cancelled while it waits for the next attempt', async () => {
    const controller = new AbortController()
    const slow: RetryPolicy = { attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000, maxRetryAfterMs: 0 }
    let calls = 0
    const started = Date.now()
    const failure = retrying(
      async () => {
        calls++
        setTimeout(() => controller.abort(), 20)
        throw transient()
      },
      slow,
      controller.signal,
    )
    await expect(failure).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(calls).toBe(1)
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
