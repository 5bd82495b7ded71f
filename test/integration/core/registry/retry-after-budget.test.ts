import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpClient } from '../../../../src-main/core/registry/http'
import { closeServer, listenOnLoopback } from '../../../support/loopback-server'

// A server that keeps answering 429 with a Retry-After each within the per-wait limit: waits add up per request.
let requests = 0
let server: Server
let host: string

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++
    req
      .resume()
      .on('end', () =>
        res
          .writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' })
          .end('{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}'),
      )
  })
  host = await listenOnLoopback(server)
})
afterAll(async () => {
  await closeServer(server)
})

describe('Retry-After waits of one request', () => {
  it('stop at the total wait budget, and the error says how long was waited and that it is not worth retrying', async () => {
    const http = new HttpClient({
      retry: {
        attempts: 4,
        throttledAttempts: 12,
        baseDelayMs: 1,
        maxDelayMs: 2,
        maxRetryAfterMs: 5_000,
        maxTotalWaitMs: 1_500,
      },
    })
    try {
      const failure = http.send({
        method: 'GET',
        url: `http://${host}/v2/team/app/blobs/sha256:abc`,
        expect: [200],
        what: 'GET blob team/app',
      })
      await expect(failure).rejects.toMatchObject({ code: 'RATE_LIMITED', retryable: false })
      await expect(failure).rejects.toThrow(
        /GET blob team\/app failed: TOOMANYREQUESTS: slow down \(HTTP 429\).*waited 1 s in all.*1\.5 s/,
      )
      // One wait of 1 s fits the 1.5 s budget; a second would not, so it is not started.
      expect(requests).toBe(2)
    } finally {
      http.close()
    }
  })
})
