import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { ErrorCode } from '../../../../src-main/core/lib/errors'
import {
  ERROR_BODY_LIMIT,
  isPullQuotaExhausted,
  isRetryableStatus,
  readCapped,
  registryError,
} from '../../../../src-main/core/registry/registry-error'

const envelope = (code: unknown, message?: string): string =>
  JSON.stringify({ errors: [{ code, message, detail: { name: 'x' } }] })

describe('registryError', () => {
  it.each<[string, ErrorCode, number, string]>([
    ['NAME_UNKNOWN', 'NAME_UNKNOWN', 404, 'repository name not known to registry'],
    ['MANIFEST_UNKNOWN', 'MANIFEST_UNKNOWN', 404, 'manifest unknown'],
    ['BLOB_UNKNOWN', 'BLOB_UNKNOWN', 404, 'blob unknown to registry'],
    ['DENIED', 'DENIED', 403, 'requested access to the resource is denied'],
    ['UNAUTHORIZED', 'AUTH_FAILED', 401, 'authentication required'],
    ['TOOMANYREQUESTS', 'RATE_LIMITED', 429, 'You have reached your pull rate limit'],
    ['MANIFEST_INVALID', 'MANIFEST_INVALID', 400, 'manifest invalid'],
    ['DIGEST_INVALID', 'DIGEST_MISMATCH', 400, 'provided digest did not match uploaded content'],
    ['NAME_INVALID', 'REFERENCE_INVALID', 400, 'invalid repository name'],
    ['UNSUPPORTED', 'UNSUPPORTED', 405, 'The operation is unsupported.'],
    ['toomanyrequests (any case)', 'RATE_LIMITED', 429, 'slow down'],
  ])('maps %s to %s', (registryCode, code, status, message) => {
    const error = registryError(status, envelope(registryCode.split(' ')[0], message), 'GET manifest team/app:1')
    expect(error.code).toBe(code)
    expect(error.status).toBe(status)
    expect(error.message).toBe(
      `GET manifest team/app:1 failed: ${registryCode.split(' ')[0]!.toUpperCase()}: ${message} (HTTP ${status}).`,
    )
  })

  it.each<[string, number, string, ErrorCode]>([
    ['an HTML page from a proxy', 502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'REGISTRY_ERROR'],
    ['an HTML 401', 401, '<html>Unauthorized</html>', 'AUTH_FAILED'],
    ['an HTML 403', 403, '<html>Forbidden</html>', 'DENIED'],
    ['an empty 429', 429, '', 'RATE_LIMITED'],
    ['an empty errors list', 500, '{"errors":[]}', 'REGISTRY_ERROR'],
    ['JSON null', 500, 'null', 'REGISTRY_ERROR'],
    ['an unknown registry code', 400, envelope('SOMETHING_NEW', 'new'), 'REGISTRY_ERROR'],
    ['an unknown code on a 401', 401, envelope('SOMETHING_NEW', 'new'), 'AUTH_FAILED'],
    ['a code that is not a string', 500, envelope(42, 'odd server'), 'REGISTRY_ERROR'],
  ])('falls back to the status for %s', (_name, status, body, code) => {
    const error = registryError(status, body, 'HEAD blob team/app@sha256:abc')
    expect(error.code).toBe(code)
    expect(error.message).toMatch(/^HEAD blob team\/app@sha256:abc failed: /)
    expect(error.message).toContain(`(HTTP ${status})`)
    expect(error.message).not.toContain('<html')
  })

  it.each<[number, boolean]>([
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
  ])('HTTP %i is retryable: %s', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable)
    expect(registryError(status, envelope('UNKNOWN', 'x'), 'op').retryable).toBe(retryable)
  })
})

describe('readCapped', () => {
  it('returns a small body whole and destroys the stream', async () => {
    const body = Readable.from([Buffer.from('{"errors":'), Buffer.from('[]}')])
    expect(await readCapped(body)).toBe('{"errors":[]}')
    expect(body.destroyed).toBe(true)
  })

  it('stops reading a 1 MiB stream at the 64 KiB limit', async () => {
    const chunkSize = 1000 // does not divide the limit: the last chunk kept must be cut
    const total = 1024 * 1024
    let produced = 0
    function* megabyte(): Generator<Buffer> {
      for (let sent = 0; sent < total; sent += chunkSize) {
        produced += chunkSize
        yield Buffer.alloc(Math.min(chunkSize, total - sent), 'a')
      }
    }
    const body = Readable.from(megabyte())
    const text = await readCapped(body)
    expect(ERROR_BODY_LIMIT).toBe(64 * 1024)
    expect(text).toHaveLength(ERROR_BODY_LIMIT)
    expect(body.destroyed).toBe(true)
    // Read-ahead may pull a few chunks past the limit, but nowhere near the whole megabyte.
    expect(produced).toBeLessThan(2 * ERROR_BODY_LIMIT)
  })

  it('honours a smaller explicit limit', async () => {
    expect(await readCapped(Readable.from([Buffer.from('abcdef'), Buffer.from('ghij')]), 8)).toBe('abcdefgh')
  })

  it('keeps what arrived before the body broke', async () => {
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from('partial ')
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    }
    expect(await readCapped(Readable.from(broken()))).toBe('partial ')
  })
})

describe('isPullQuotaExhausted', () => {
  it.each([
    [
      "Docker Hub's pull limit",
      '{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit. You may increase the ' +
        'limit by authenticating and upgrading: https://www.docker.com/increase-rate-limits"}]}',
      true,
    ],
    ["the abuse limiter's bare 429", 'Too Many Requests', false],
    ["another registry's throttling", '{"errors":[{"code":"TOOMANYREQUESTS","message":"Rate exceeded"}]}', false],
    ['an empty body', '', false],
  ])('%s → %s', (_name, body, expected) => {
    expect(isPullQuotaExhausted(body)).toBe(expected)
  })
})
