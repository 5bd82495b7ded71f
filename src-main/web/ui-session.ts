import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { LaunchCodes } from './launch-codes'

const TOKEN_HEADER = 'x-crossdock-token'

/** How a request shows it is ours: the token header (scripts), or the cookie a browser got by signing in. */
export type UiCredential = 'token' | 'cookie'

/**
 * One `crossdock ui` session: the printed token, the one-time launch codes of `--open`, and the cookie a browser
 * gets for either. The cookie's name carries the port, since browsers share cookies across a host's ports.
 */
export class UiSession {
  readonly launchCodes: LaunchCodes
  private readonly cookieName: string
  private readonly cookieValue = randomBytes(24).toString('base64url')

  constructor(
    port: number,
    readonly token: string = randomBytes(24).toString('base64url'),
    now?: () => number,
  ) {
    this.cookieName = `crossdock_session_${port}`
    this.launchCodes = new LaunchCodes(now)
  }

  tokenMatches(given: unknown): boolean {
    return typeof given === 'string' && sameSecret(given, this.token)
  }

  credentialOf(req: IncomingMessage): UiCredential | undefined {
    if (this.tokenMatches(req.headers[TOKEN_HEADER])) return 'token'
    const sent = cookieValues(req.headers.cookie, this.cookieName)
    return sent.some((value) => sameSecret(value, this.cookieValue)) ? 'cookie' : undefined
  }

  /** Host-only (no Domain), for the whole site, out of reach of scripts and of other sites' requests. */
  signInCookie(): string {
    return `${this.cookieName}=${this.cookieValue}; Path=/; HttpOnly; SameSite=Strict`
  }
}

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

function cookieValues(header: string | undefined, name: string): string[] {
  return (header ?? '')
    .split(';')
    .map((pair) => pair.trim().split('='))
    .filter(([key]) => key === name)
    .map(([, ...value]) => value.join('='))
}
