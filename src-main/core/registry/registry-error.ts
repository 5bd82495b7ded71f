import type { Readable } from 'node:stream'
import { CrossdockError, type ErrorCode } from '../lib/errors'

/** Error bodies are small; a registry that streams more is not sending an error envelope. */
export const ERROR_BODY_LIMIT = 64 * 1024

interface Envelope {
  errors?: Array<{ code?: string; message?: string; detail?: unknown }>
}

const CODE_MAP: Record<string, ErrorCode> = {
  UNAUTHORIZED: 'AUTH_FAILED',
  DENIED: 'DENIED',
  NAME_UNKNOWN: 'NAME_UNKNOWN',
  NAME_INVALID: 'REFERENCE_INVALID',
  MANIFEST_UNKNOWN: 'MANIFEST_UNKNOWN',
  MANIFEST_BLOB_UNKNOWN: 'BLOB_UNKNOWN',
  BLOB_UNKNOWN: 'BLOB_UNKNOWN',
  MANIFEST_INVALID: 'MANIFEST_INVALID',
  DIGEST_INVALID: 'DIGEST_MISMATCH',
  SIZE_INVALID: 'SIZE_MISMATCH',
  TOOMANYREQUESTS: 'RATE_LIMITED',
  UNSUPPORTED: 'UNSUPPORTED',
}

/** Statuses worth another try: the server or something between us was busy or broken for a moment. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

/** Reads at most ERROR_BODY_LIMIT bytes and drops the rest, so a hostile server cannot fill memory. */
export async function readCapped(body: Readable, limit = ERROR_BODY_LIMIT): Promise<string> {
  const chunks: Buffer[] = []
  let total = 0
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer
      chunks.push(buffer.subarray(0, Math.max(0, limit - total)))
      total += buffer.length
      if (total >= limit) break
    }
  } catch {
    // A broken error body still leaves the status to report.
  } finally {
    body.destroy()
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Builds the typed error for an unexpected response from the distribution error envelope. `what` names
 * the operation and object (never a URL query or header, which can hold signed tokens).
 */
export function registryError(status: number, bodyText: string, what: string): CrossdockError {
  let first: { code?: string; message?: string } | undefined
  try {
    first = (JSON.parse(bodyText) as Envelope).errors?.[0]
  } catch {
    // Not JSON: proxies and CDNs answer with HTML; the status alone must do.
  }
  const registryCode = typeof first?.code === 'string' ? first.code.toUpperCase() : undefined
  const code: ErrorCode =
    (registryCode && CODE_MAP[registryCode]) ||
    (status === 401 ? 'AUTH_FAILED' : status === 403 ? 'DENIED' : status === 429 ? 'RATE_LIMITED' : 'REGISTRY_ERROR')
  const detail = first?.message ? `${registryCode ?? 'error'}: ${first.message}` : `HTTP ${status}`
  return new CrossdockError(code, `${what} failed: ${detail} (HTTP ${status}).`, {
    status,
    retryable: isRetryableStatus(status),
  })
}

/**
 * Docker Hub's spent pull quota: a 429 with the distribution envelope and the documented "pull rate limit"
 * message. Its abuse limiter answers a bare 429 instead, which is worth a backoff; this one is not.
 */
export function isPullQuotaExhausted(bodyText: string): boolean {
  try {
    const first = (JSON.parse(bodyText) as Envelope).errors?.[0]
    return first?.code === 'TOOMANYREQUESTS' && /pull rate limit/i.test(first.message ?? '')
  } catch {
    return false
  }
}

/** A spent pull quota, with the answer's `Retry-After` when it gave one. */
export class PullQuotaError extends CrossdockError {
  constructor(
    what: string,
    readonly retryAfterMs?: number,
  ) {
    super(
      'PULL_QUOTA',
      `${what} failed: the Docker Hub pull quota is spent (HTTP 429). Sign in, use an account with a higher ` +
        `limit, or ` +
        `wait for the window to move.`,
      { status: 429 },
    )
  }
}
