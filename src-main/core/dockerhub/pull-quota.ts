import type { IncomingHttpHeaders } from 'node:http'

/** Docker Hub's pull quota as its registry reports it on every manifest GET and HEAD. */
export type PullQuota =
  | {
      kind: 'limited'
      limit: number
      remaining: number
      windowSeconds: number
      /** What the limit is keyed on: the client IP for anonymous pulls, an account id when signed in. */
      source?: string
    }
  /** No headers: a paid plan, or an image or IP exempt through a partnership (Docker's documented meaning). */
  | { kind: 'unlimited' }

/** `100;w=21600` → count and window; undefined when the value is absent or unreadable. */
function parseCount(value: string | string[] | undefined): { count: number; window?: number } | undefined {
  const text = Array.isArray(value) ? value[0] : value
  const match = /^\s*(\d+)\s*(?:;\s*w\s*=\s*(\d+))?/.exec(text ?? '')
  if (!match) return undefined
  return { count: Number(match[1]), window: match[2] === undefined ? undefined : Number(match[2]) }
}

/** Reads `ratelimit-limit`, `ratelimit-remaining` and `docker-ratelimit-source` (Node lower-cases header names). */
export function parsePullQuota(headers: IncomingHttpHeaders): PullQuota {
  const limit = parseCount(headers['ratelimit-limit'])
  const remaining = parseCount(headers['ratelimit-remaining'])
  if (!limit || !remaining) return { kind: 'unlimited' }
  const source = headers['docker-ratelimit-source']
  return {
    kind: 'limited',
    limit: limit.count,
    remaining: remaining.count,
    windowSeconds: remaining.window ?? limit.window ?? 21_600,
    source: Array.isArray(source) ? source[0] : source,
  }
}
