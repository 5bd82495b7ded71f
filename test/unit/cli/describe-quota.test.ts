import { describe, expect, it } from 'vitest'
import { describeQuota, fullQuotaBy } from '../../../src-main/cli/hub-command'

describe('describeQuota', () => {
  const now = new Date(2026, 10, 27, 9, 30)
  it('says when a rolling window has given back every pull made so far', () => {
    const quota = { kind: 'limited', limit: 100, remaining: 97, windowSeconds: 21_600 } as const
    expect(fullQuotaBy(quota, now)).toEqual(new Date(2026, 10, 27, 15, 30))
    expect(describeQuota(quota, now)).toBe(
      '97 of 100 pulls left in a rolling 6 h window; all back by 15:30 at the latest',
    )
  })

  it('has nothing to wait for with the whole quota left, and names the source and odd windows', () => {
    expect(
      describeQuota({ kind: 'limited', limit: 20, remaining: 20, windowSeconds: 30, source: '10.0.0.1' }, now),
    ).toBe('20 of 20 pulls left in a rolling 30 s window, counted against 10.0.0.1')
    expect(describeQuota({ kind: 'unlimited' }, now)).toMatch(/^unlimited/)
  })
})
