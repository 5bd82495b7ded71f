import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { AwsError } from './aws-json'

/**
 * SigV4 verification of a header-signed request (AWS "Create a signed AWS API request"): canonical request
 * (method, URI, sorted query, `name:trimmed-value` lines of the signed headers, signed header list, payload hash),
 * string to sign (`AWS4-HMAC-SHA256`, X-Amz-Date, scope, hash of the canonical request), signing key
 * (HMAC chain `AWS4`+secret → date → region → service → `aws4_request`). The payload hash is always computed from
 * the received body, so a tampered body fails even if `x-amz-content-sha256` was copied along.
 */

export type SigV4Verdict =
  | { ok: true; accessKeyId: string }
  | {
      ok: false
      type:
        | 'MissingAuthenticationTokenException'
        | 'IncompleteSignatureException'
        | 'UnrecognizedClientException'
        | 'InvalidSignatureException'
      message: string
    }

export interface SigV4Check {
  method: string
  /** Request target, query included. */
  target: string
  headers: IncomingHttpHeaders
  body: Buffer
  region: string
  service: string
  secrets: Record<string, string>
  sessionTokens: Record<string, string>
  nowMs: number
  maxSkewSeconds: number
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest()
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex')

/** RFC 3986 encoding as SigV4 wants it (everything but unreserved characters). */
const uriEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

function canonicalQuery(search: string): string {
  const pairs = [...new URLSearchParams(search)].map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
  return pairs.map(([k, v]) => `${k}=${v}`).join('&')
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  if (value === undefined) return undefined
  return (Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ')
}

/** `20261126T013000Z` → ms, or NaN. */
function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN
}

const formatAmzDate = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')

export function verifySigV4(c: SigV4Check): SigV4Verdict {
  const auth = c.headers.authorization
  if (!auth) return { ok: false, type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
    auth.trim(),
  )
  if (!m) {
    return {
      ok: false,
      type: 'IncompleteSignatureException',
      message:
        `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. ` +
        `Authorization=${auth}`,
    }
  }
  const [credential, signedHeaderList, signature] = [m[1]!, m[2]!, m[3]!]
  const parts = credential.split('/')
  if (parts.length !== 5 || parts[4] !== 'aws4_request') {
    return {
      ok: false,
      type: 'IncompleteSignatureException',
      message: `Credential should be scoped to a valid region and service. Credential=${credential}`,
    }
  }
  const [accessKeyId, date, region, service] = parts as [string, string, string, string, string]
  const secret = c.secrets[accessKeyId]
  if (secret === undefined) {
    return {
      ok: false,
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    }
  }
  const expectedToken = c.sessionTokens[accessKeyId]
  if (expectedToken !== undefined && c.headers['x-amz-security-token'] !== expectedToken) {
    return {
      ok: false,
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    }
  }
  const amzDate = headerValue(c.headers, 'x-amz-date') ?? ''
  const signedAt = parseAmzDate(amzDate)
  if (Number.isNaN(signedAt)) {
    return {
      ok: false,
      type: 'IncompleteSignatureException',
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    }
  }
  const skewMs = c.maxSkewSeconds * 1000
  if (Math.abs(c.nowMs - signedAt) > skewMs) {
    const now = formatAmzDate(c.nowMs)
    const earlier = signedAt < c.nowMs
    const bound = formatAmzDate(earlier ? c.nowMs - skewMs : c.nowMs + skewMs)
    return {
      ok: false,
      type: 'InvalidSignatureException',
      message:
        `Signature ${earlier ? 'expired' : 'not yet current'}: ${amzDate} is now ` +
        `${earlier ? 'earlier' : 'later'} than ${bound} (${now} ${earlier ? '-' : '+'} ${c.maxSkewSeconds / 60} min.)`,
    }
  }
  if (region !== c.region || service !== c.service || date !== amzDate.slice(0, 8)) {
    return {
      ok: false,
      type: 'InvalidSignatureException',
      message: `Credential should be scoped to a valid region and service. Credential=${credential}`,
    }
  }
  const signedHeaders = signedHeaderList.split(';')
  if (!signedHeaders.includes('host')) {
    return {
      ok: false,
      type: 'InvalidSignatureException',
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    }
  }
  const url = new URL(c.target, 'http://x')
  const payloadHash = sha256(c.body)
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${headerValue(c.headers, name) ?? ''}\n`).join('')
  const canonicalRequest = [
    c.method,
    url.pathname,
    canonicalQuery(url.search),
    canonicalHeaders,
    signedHeaderList,
    payloadHash,
  ].join('\n')
  const scope = `${date}/${region}/${service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n')
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request')
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex'))
  const given = Buffer.from(signature)
  if (!timingSafeEqual(expected, given)) {
    return {
      ok: false,
      type: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access ' +
        'Key and signing method. Consult the service documentation for details.',
    }
  }
  return { ok: true, accessKeyId }
}

/**
 * An AWS JSON 1.1 request's signature, checked as the service's front door does: the access key it was signed with,
 * or the documented error (CommonErrors: authentication failures are 403 — MissingAuthenticationToken,
 * InvalidClientTokenId — and IncompleteSignature 400). Only POST carries an operation.
 */
export function authenticateAwsJson(
  req: IncomingMessage,
  body: Buffer,
  check: Omit<SigV4Check, 'method' | 'target' | 'headers' | 'body'>,
): string {
  const verdict = verifySigV4({
    method: req.method ?? 'POST',
    target: req.url ?? '/',
    headers: req.headers,
    body,
    ...check,
  })
  if (!verdict.ok)
    throw new AwsError(verdict.type, verdict.message, verdict.type === 'IncompleteSignatureException' ? 400 : 403)
  if (req.method !== 'POST') throw new AwsError('UnknownOperationException', 'Only POST is supported')
  return verdict.accessKeyId
}
