import { describe, expect, it } from 'vitest'
import { tokenExpiry } from '../../../../src-main/core/dockerhub/hub-api'

const jwt = (payload: object): string => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`

describe('tokenExpiry', () => {
  const now = 1_700_000_000_000
  it.each([
    ['a token valid for an hour is renewed a minute early', jwt({ exp: now / 1000 + 3600 }), now + 3_540_000],
    ['a token valid for 30 s is renewed at 80 % of its life', jwt({ exp: now / 1000 + 30 }), now + 24_000],
    ['an expired token is renewed now', jwt({ exp: now / 1000 - 10 }), now - 10_000],
    ['an opaque token is assumed to last five minutes', 'not-a-jwt', now + 300_000],
  ])('%s', (_name, token, expected) => {
    expect(tokenExpiry(token, now)).toBe(expected)
  })
})
