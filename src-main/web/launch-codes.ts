import { randomBytes } from 'node:crypto'

export const LAUNCH_CODE_TTL_MS = 60_000

/**
 * One-time codes for `crossdock ui --open`: the browser's command line (which `ps` shows) carries a code that
 * signs in once, within a minute, instead of the session's token.
 */
export class LaunchCodes {
  private readonly expiries = new Map<string, number>()

  constructor(private readonly now: () => number = Date.now) {}

  issue(): string {
    this.forgetExpired()
    const code = randomBytes(24).toString('base64url')
    this.expiries.set(code, this.now() + LAUNCH_CODE_TTL_MS)
    return code
  }

  /** True once for a code issued less than a minute ago; it is used up either way. */
  redeem(code: string): boolean {
    const expiry = this.expiries.get(code)
    this.expiries.delete(code)
    return expiry !== undefined && this.now() < expiry
  }

  private forgetExpired(): void {
    for (const [code, expiry] of this.expiries) if (this.now() >= expiry) this.expiries.delete(code)
  }
}
