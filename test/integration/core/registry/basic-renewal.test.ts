import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RegistryCredential } from '../../../../src-main/core/registry/credentials'
import { RegistryPool } from '../../../../src-main/core/registry/registry-pool'
import { TEST_RETRY } from '../../../support/crossdock-harness'
import { closeServer, listenOnLoopback } from '../../../support/loopback-server'

// ECR's registry passwords are tokens that expire: a 401 must lead to new credentials, not to a failure.
let current = 'token-1'
const seen: Array<string | undefined> = []
let server: Server
let host: string

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers.authorization)
    if (req.headers.authorization !== `Basic ${Buffer.from(`AWS:${current}`).toString('base64')}`) {
      res
        .writeHead(401, {
          'www-authenticate':
            'Basic realm="https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/",service="ecr.amazonaws.com"',
        })
        .end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'app', tags: ['v1'] }))
  })
  host = await listenOnLoopback(server)
})
afterAll(() => closeServer(server))

describe('Basic credentials that expire', () => {
  it('asks the resolver for new credentials after a 401 and retries once with them', async () => {
    let issued = 'token-1'
    const refused: string[] = []
    const resolver = async (
      _registry: string,
      options?: { refused?: RegistryCredential },
    ): Promise<RegistryCredential> => {
      if (options?.refused?.kind === 'basic') {
        refused.push(options.refused.password)
        issued = current
      }
      return { kind: 'basic', username: 'AWS', password: issued }
    }
    const pool = new RegistryPool({ credentials: resolver, plainHttp: new Set([host]), retry: TEST_RETRY })
    try {
      const client = pool.client(host)
      expect(await client.listTags('app')).toEqual(['v1'])
      current = 'token-2'
      seen.length = 0
      expect(await client.listTags('app')).toEqual(['v1'])
      expect(seen.map((header) => Buffer.from(header!.slice(6), 'base64').toString())).toEqual([
        'AWS:token-1',
        'AWS:token-2',
      ])
      expect(refused).toEqual(['token-1'])
    } finally {
      await pool.close()
    }
  })

  it('gives up with AUTH_FAILED when the renewed credentials are the same', async () => {
    const pool = new RegistryPool({
      credentials: async () => ({ kind: 'basic', username: 'AWS', password: 'stale' }),
      plainHttp: new Set([host]),
      retry: TEST_RETRY,
    })
    try {
      await expect(pool.client(host).listTags('app')).rejects.toMatchObject({ code: 'AUTH_FAILED' })
    } finally {
      await pool.close()
    }
  })
})
