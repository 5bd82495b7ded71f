import { posix } from 'node:path'
import type { Clock } from './options'

/**
 * `continue` tokens. They are opaque to clients (ListMeta: "The value is opaque"); the emulator encodes them as the
 * API server's etcd3 store does, base64url (no padding) of `{"v":"meta.k8s.io/v1","rv":RV,"start":KEY}`, and checks
 * a token the same way: one that does not decode is a 400 BadRequest ("invalid continue token: continue key is not
 * valid: …"). Beyond the real server, it remembers which tokens it issued and for which collection: a well-formed
 * token it never issued there is answered like a compacted one, 410 Gone with reason Expired. A token it issued
 * expires after the lifetime ("a continue token will expire after a short amount of time (by default 5 minutes) and
 * return a 410 Gone"), and then the 410 carries a fresh token that continues at the latest resourceVersion, as the
 * `continue` parameter's documentation says ("the server will respond with a 410 ResourceExpired error together with
 * a continue token").
 */

export const CONTINUE_VERSION = 'meta.k8s.io/v1'

/** Where a continued list resumes: at resourceVersion `rv` (-1: the latest), from key `start` on. */
export interface ContinuePosition {
  rv: number
  start: string
}

export function encodeContinue(position: ContinuePosition): string {
  return Buffer.from(JSON.stringify({ v: CONTINUE_VERSION, rv: position.rv, start: position.start })).toString(
    'base64url',
  )
}

/** The token's position, or an Error whose message is the etcd3 store's reason for refusing it. */
export function decodeContinue(token: string): ContinuePosition {
  const illegal = token.search(/[^A-Za-z0-9_-]/)
  if (illegal >= 0 || token.length % 4 === 1) {
    const at = illegal >= 0 ? illegal : token.length - 1
    throw new Error(`continue key is not valid: illegal base64 data at input byte ${at}`)
  }
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch (error) {
    throw new Error(`continue key is not valid: ${(error as Error).message}`)
  }
  const fields = (decoded ?? {}) as { v?: unknown; rv?: unknown; start?: unknown }
  if (typeof decoded !== 'object' || Array.isArray(decoded)) {
    throw new Error('continue key is not valid: json: cannot unmarshal into Go value of type continueToken')
  }
  const { v = '', rv = 0, start = '' } = fields
  if (typeof v !== 'string' || !Number.isSafeInteger(rv) || typeof start !== 'string') {
    throw new Error('continue key is not valid: json: cannot unmarshal a field of continueToken')
  }
  if (v !== CONTINUE_VERSION) {
    throw new Error(`continue key is not valid: server does not recognize this encoded version ${JSON.stringify(v)}`)
  }
  if (rv === 0) {
    throw new Error(`continue key is not valid: incorrect encoded start resourceVersion (version ${CONTINUE_VERSION})`)
  }
  if (start === '') throw new Error(`continue key is not valid: encoded start key empty (version ${CONTINUE_VERSION})`)
  // The store refuses a start key that path.Clean would change: it must not climb out of the collection.
  const key = start.startsWith('/') ? start : `/${start}`
  const clean = posix.normalize(key)
  if (clean !== key || (key.length > 1 && key.endsWith('/'))) throw new Error(`continue key is not valid: ${start}`)
  return { rv: rv as number, start }
}

export type TokenStanding = 'issued' | 'expired' | 'unknown'

export class ContinueTokens {
  private readonly issued = new Map<string, { at: number; expired: boolean }>()

  constructor(
    private readonly clock: Clock,
    private readonly lifetimeMs: number,
  ) {}

  /** A token for `collection` (the list's path) resuming at `position`. */
  issue(collection: string, position: ContinuePosition): string {
    const token = encodeContinue(position)
    this.issued.set(`${collection}\n${token}`, { at: this.clock.now(), expired: false })
    return token
  }

  standing(collection: string, token: string): TokenStanding {
    const entry = this.issued.get(`${collection}\n${token}`)
    if (!entry) return 'unknown'
    return entry.expired || this.clock.now() - entry.at > this.lifetimeMs ? 'expired' : 'issued'
  }

  /** Every token issued so far expires at once, as when etcd compacts past their resourceVersion. */
  expireAll(): void {
    for (const entry of this.issued.values()) entry.expired = true
  }
}
