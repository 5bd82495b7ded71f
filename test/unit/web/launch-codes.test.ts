import { describe, expect, it } from 'vitest'
import { LAUNCH_CODE_TTL_MS, LaunchCodes } from '../../../src-main/web/launch-codes'

describe('launch codes', () => {
  it('signs in once: a second use of the same code is refused', () => {
    const codes = new LaunchCodes()
    const code = codes.issue()
    expect(codes.redeem(code)).toBe(true)
    expect(codes.redeem(code)).toBe(false)
  })

  it('expires a minute after it was issued, used or not', () => {
    let now = 1_000
    const codes = new LaunchCodes(() => now)
    const late = codes.issue()
    const inTime = codes.issue()
    now += LAUNCH_CODE_TTL_MS - 1
    expect(codes.redeem(inTime)).toBe(true)
    now += 1
    expect(codes.redeem(late)).toBe(false)
  })

  it('knows only the codes it issued, each one different', () => {
    const codes = new LaunchCodes()
    const issued = new Set(Array.from({ length: 50 }, () => codes.issue()))
    expect(issued.size).toBe(50)
    expect(codes.redeem('')).toBe(false)
    expect(codes.redeem('guess')).toBe(false)
  })
})
