import { describe, expect, it } from 'vitest'
import {
  formatCountdown,
  formatMoney,
  formatPerSecond,
  formatRate,
  shortDigest,
} from '../../../../src-renderer/lib/format'

describe('formatting', () => {
  // Sizes, durations and quotas are the CLI's texts too: test/unit/contract/format.test.ts.
  it('writes transfer rates in the shared size units', () => {
    expect(formatRate(12_345_678)).toBe('12.3 MB/s')
  })

  it('counts down as m:ss or h:mm:ss, never below zero', () => {
    expect([300_000, 59_001, 3_725_000, -5].map(formatCountdown)).toEqual(['5:00', '1:00', '1:02:05', '0:00'])
  })

  it('writes money with cents, and small amounts with up to four decimals', () => {
    expect([0, 15, 1_800, 0.35, 0.0042, -14.65, 0.00001].map(formatMoney)).toEqual([
      '$0.00',
      '$15.00',
      '$1,800.00',
      '$0.35',
      '$0.0042',
      '-$14.65',
      '< $0.0001',
    ])
  })

  it('writes request rates per second, and rare ones as one every so long', () => {
    expect([10, 3_000, 0.5, 1 / 43_200].map(formatPerSecond)).toEqual(['10/s', '3,000/s', '0.5/s', '1 every 12 h'])
  })

  it('shortens digests to 12 hex digits', () => {
    expect(shortDigest(`sha256:${'ab'.repeat(32)}`)).toBe('sha256:abababababab')
  })
})
