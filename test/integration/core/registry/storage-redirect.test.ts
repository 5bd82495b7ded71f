import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Digest } from '../../../../src-main/core/reference/digest'
import { RegistryPool } from '../../../../src-main/core/registry/registry-pool'
import { closeServer, listenOnLoopback } from '../../../support/loopback-server'

// Docker Hub and ECR answer blob GETs with a redirect to pre-signed storage (a CDN, S3) on another origin,
// which refuses a request that also carries the registry's Authorization header.
const content = Buffer.from('layer bytes served from storage')
const digest = `sha256:${createHash('sha256').update(content).digest('hex')}` as Digest
const storageRequests: Array<{ authorization?: string }> = []
let registry: Server
let storage: Server
let registryHost: string

beforeAll(async () => {
  storage = createServer((req, res) => {
    storageRequests.push({ authorization: req.headers.authorization })
    if (req.headers.authorization) {
      res
        .writeHead(400, { 'content-type': 'application/xml' })
        .end('<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>')
      return
    }
    if (!req.url?.includes('X-Amz-Signature=signed')) return void res.writeHead(403).end()
    res.writeHead(200, { 'content-length': content.length }).end(req.method === 'HEAD' ? undefined : content)
  })
  const storageHost = await listenOnLoopback(storage)
  registry = createServer((req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from('AWS:token').toString('base64')}`) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="test"' }).end()
      return
    }
    res.writeHead(307, { location: `http://${storageHost}/bucket/blob?X-Amz-Signature=signed` }).end()
  })
  registryHost = await listenOnLoopback(registry)
})
afterAll(async () => {
  await Promise.all([closeServer(registry), closeServer(storage)])
})

describe('blob reads redirected to storage on another origin', () => {
  it('follows the redirect without the registry credentials and verifies the bytes', async () => {
    const pool = new RegistryPool({
      credentials: async () => ({ kind: 'basic', username: 'AWS', password: 'token' }),
      plainHttp: new Set([registryHost]),
    })
    try {
      const client = pool.client(registryHost)
      expect(await client.headBlob('team/app', digest)).toBe(content.length)
      const chunks: Buffer[] = []
      for await (const chunk of await client.getBlob('team/app', { digest, size: content.length }))
        chunks.push(chunk as Buffer)
      expect(Buffer.concat(chunks).equals(content)).toBe(true)
      expect(storageRequests.length).toBeGreaterThanOrEqual(2)
      expect(storageRequests.every((request) => request.authorization === undefined)).toBe(true)
    } finally {
      await pool.close()
    }
  })
})
