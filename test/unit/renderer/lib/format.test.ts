import { describe, expect, it } from 'vitest'
import { formatBytes, formatCountdown, formatDuration, formatMoney, formatPerSecond, formatQuota, shortDigest } from '../../../../src-renderer/lib/format'

describe('formatting', () => {
  it('writes sizes in decimal units', () => {
    expect([0, 999, 1_500, 12_345_678, 2_500_000_000].map(formatBytes)).toEqual(['0 B', '999 B', '1.5 kB', '12 MB', '2.5 GB'])
    expect(formatBytes(undefined)).toBe('—')
  })

  it('writes durations with their two largest units', () => {
    expect([0, 12, 75, 3_700, 21_600, 90_061].map(formatDuration)).toEqual(['0 s', '12 s', '1 min 15 s', '1 h 1 min', '6 h', '1 d 1 h'])
  })

  it('counts down as m:ss or h:mm:ss, never below zero', () => {
    expect([300_000, 59_001, 3_725_000, -5].map(formatCountdown)).toEqual(['5:00', '1:00', '1:02:05', '0:00'])
  })

  it('says the pull quota as Docker Hub counts it', () => {
    expect(formatQuota({ kind: 'limited', limit: 100, remaining: 97, windowSeconds: 21_600 })).toBe('97 of 100 pulls left in 6 h')
    expect(formatQuota({ kind: 'unlimited' })).toBe('Unlimited pulls')
  })

  it('writes money with cents, and small amounts with up to four decimals', () => {
    expect([0, 15, 1_800, 0.35, 0.0042, -14.65, 0.00001].map(formatMoney)).toEqual(['$0.00', '$15.00', '$1,800.00', '$0.35', '$0.0042', '-$14.65', '< $0.0001'])
  })

  it('writes request rates per second, and rare ones as one every so long', () => {
    expect([10, 3_000, 0.5, 1 / 43_200].map(formatPerSecond)).toEqual(['10/s', '3,000/s', '0.5/s', '1 every 12 h'])
  })

  it('shortens digests to 12 hex digits', () => {
    expect(shortDigest(`sha256:${'ab'.repeat(32)}`)).toBe('sha256:abababababab')
  })
})
