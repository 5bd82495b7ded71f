import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * HS256 JSON Web Tokens: Docker Hub's tokens are JWTs, and a client that peeks at `exp` should find one. The
 * emulator signs with a random per-instance key, so a token from another emulator (or a forged one) is refused.
 */

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')

export interface JwtClaims {
  /** Seconds since the epoch. */
  iat: number
  exp: number
  jti?: string
  [claim: string]: unknown
}

export class JwtSigner {
  private readonly key = randomBytes(32)

  sign(claims: Omit<JwtClaims, 'jti'>): string {
    const payload = Buffer.from(JSON.stringify({ ...claims, jti: randomBytes(12).toString('hex') })).toString(
      'base64url',
    )
    return `${HEADER}.${payload}.${this.mac(`${HEADER}.${payload}`)}`
  }

  /** The claims of a token this signer made and that has not expired at `nowMs`; undefined otherwise. */
  verify<T extends JwtClaims>(token: string, nowMs: number): T | undefined {
    const parts = token.split('.')
    if (parts.length !== 3) return undefined
    const [header, payload, signature] = parts as [string, string, string]
    const expected = Buffer.from(this.mac(`${header}.${payload}`))
    const given = Buffer.from(signature)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
    let claims: T
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T
    } catch {
      return undefined
    }
    return typeof claims.exp === 'number' && nowMs < claims.exp * 1000 ? claims : undefined
  }

  private mac(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url')
  }
}
