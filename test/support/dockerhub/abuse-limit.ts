import type { ServerResponse } from 'node:http'
import type { LoggedRequest } from './http-util'
import type { Clock } from './options'
import { secondsUntil, type WindowLimiter } from './window-limiter'

/**
 * Docker's abuse limit covers every request to Hub properties (web, APIs, pulls) per IPv4 address or IPv6 /64 and
 * "returns a simple `429 Too Many Requests` response", unlike the pull limit's longer message (docker/docs
 * usage/_index.md). So: plain text, no distribution error envelope, no ratelimit-* headers; `Retry-After` so that a
 * client can back off. Answers and returns true when the request is refused.
 */
export function refusedAsAbuse(
  limiter: WindowLimiter | undefined,
  entry: LoggedRequest,
  res: ServerResponse,
  clock: Clock,
): boolean {
  if (!limiter) return false
  const verdict = limiter.hit(entry.client)
  if (verdict.allowed) return false
  entry.limited = 'abuse'
  const body = 'Too Many Requests\n'
  res.writeHead(429, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'retry-after': String(secondsUntil(verdict.resetAt, clock.now())),
  })
  res.end(entry.method === 'HEAD' ? undefined : body)
  return true
}
