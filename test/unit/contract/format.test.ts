import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatQuota } from '../../../src-main/contract/format'

describe('the texts the CLI and the UI share', () => {
  it('writes sizes in decimal units to a tenth', () => {
    expect([0, 999, 1_500, 12_345_678, 12_300_000_000, 2_500_000_000_000_000].map(formatBytes)).toEqual([
      '0 B',
      '999 B',
      '1.5 kB',
      '12.3 MB',
      '12.3 GB',
      '2.5 PB',
    ])
    expect([undefined, Number.NaN].map(formatBytes)).toEqual(['—', '—'])
  })

  it('writes durations with their two largest units', () => {
    expect([0, 0.2, 12, 75, 3_700, 21_600, 90_061].map(formatDuration)).toEqual([
      '0 s',
      '1 s',
      '12 s',
      '1 min 15 s',
      '1 h 1 min',
      '6 h',
      '1 d 1 h',
    ])
  })

  it('says the pull quota as Docker Hub counts it, with what it is counted against', () => {
    expect(formatQuota({ kind: 'limited', limit: 100, remaining: 97, windowSeconds: 21_600 })).toBe(
      '97 of 100 pulls left in a rolling 6 h window',
    )
    expect(formatQuota({ kind: 'limited', limit: 20, remaining: 20, windowSeconds: 90, source: '10.0.0.1' })).toBe(
      '20 of 20 pulls left in a rolling 1 min 30 s window, counted against 10.0.0.1',
    )
    expect(formatQuota({ kind: 'unlimited' })).toBe(
      'unlimited pulls: no rate limit reported, as for a paid plan or an exempt image or IP',
    )
  })
})
