import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Digest } from '../../../../src-main/core/reference/digest'
import { RegistryPool } from '../../../../src-main/core/registry/registry-pool'
import { closeServer, listenOnLoopback } from '../../../support/loopback-server'

// Some registries hand uploads to storage on another origin: the Location is pre-signed, and the registry's
// credentials must not follow it there.
const content = Buffer.from('layer bytes uploaded to storage')
const digest = `sha256:${createHash('sha256').update(content).digest('hex')}` as Digest
const storageRequests: Array<{ method?: string; authorization?: string }> = []
let registry: Server
let storage: Server
let registryHost: string
let storageHost: string

beforeAll(async () => {
  storage = createServer((req, res) => {
    storageRequests.push({ method: req.method, authorization: req.headers.authorization })
    req.resume().on('end', () => res.writeHead(201).end())
  })
  storageHost = await listenOnLoopback(storage)
  registry = createServer((req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from('AWS:token').toString('base64')}`) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="test"' }).end()
      return
    }
    res.writeHead(202, { location: `http://${storageHost}/upload/1?signature=signed` }).end()
  })
  registryHost = await listenOnLoopback(registry)
})
afterAll(async () => {
  await Promise.all([closeServer(registry), closeServer(storage)])
})

describe('an upload Location on another origin', () => {
  it('is followed without the registry credentials', async () => {
    const pool = new RegistryPool({
      credentials: async () => ({ kind: 'basic', username: 'AWS', password: 'token' }),
      plainHttp: new Set([registryHost, storageHost]),
    })
    try {
      const client = pool.client(registryHost)
      const upload = await client.startUpload('team/app', digest, undefined)
      expect(upload).toEqual({ kind: 'session', location: `http://${storageHost}/upload/1?signature=signed` })
      if (upload.kind !== 'session') return
      await client.putUpload('team/app', upload.location, digest, content.length, content)
      expect(storageRequests).toEqual([{ method: 'PUT', authorization: undefined }])
    } finally {
      await pool.close()
    }
  })
})
