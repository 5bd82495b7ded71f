import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DockerHubApi } from '../../../../src-main/core/dockerhub/hub-api'
import { hubListings } from '../../../../src-main/core/dockerhub/hub-listings'
import { HttpClient } from '../../../../src-main/core/registry/http'
import { TEST_RETRY } from '../../../support/crossdock-harness'
import { startDockerHubEmulator, type DockerHubEmulator } from '../../../support/dockerhub'
import { startFaultProxy, type FaultProxy } from '../../../support/fault-proxy'
import { closeServer, listenOnLoopback } from '../../../support/loopback-server'

// Docker Hub's `next` from a broken API, or from something answering in its place: a page naming itself, or
// a page on another origin, where the signed-in account's bearer token would go.
const alice = { identifier: 'alice', secret: 'dckr_pat_alice0000000000000000000' }
const elsewhereRequests: Array<{ authorization?: string }> = []
let hub: DockerHubEmulator
let proxy: FaultProxy
let elsewhere: Server
let elsewhereHost: string
const http = new HttpClient({ retry: TEST_RETRY })

beforeAll(async () => {
  hub = await startDockerHubEmulator({
    seed: {
      users: [{ username: 'alice', password: 'pw', accessTokens: [alice.secret] }],
      orgs: [{ name: 'acme', members: ['alice'] }],
      repositories: [{ namespace: 'acme', name: 'app' }],
    },
  })
  proxy = await startFaultProxy(new URL(hub.hubUrl).host)
  elsewhere = createServer((req, res) => {
    elsewhereRequests.push({ authorization: req.headers.authorization })
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end('{"count":0,"next":null,"previous":null,"results":[]}')
  })
  elsewhereHost = await listenOnLoopback(elsewhere)
})
afterAll(async () => {
  http.close()
  await Promise.all([proxy?.stop(), hub?.stop(), elsewhere && closeServer(elsewhere)])
})

const page = (next: string) => ({
  kind: 'status' as const,
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ count: 2, next, previous: null, results: [{ name: 'app', namespace: 'acme' }] }),
})

async function drain(items: AsyncIterable<unknown>): Promise<number> {
  let count = 0
  for await (const _ of items) count++
  return count
}

describe('Docker Hub API paging', () => {
  it('stops with a named error when `next` is a page already read', { timeout: 20_000 }, async () => {
    proxy.clear()
    proxy.resetLog()
    const self = `http://${proxy.host}/v2/namespaces/acme/repositories?page_size=100`
    proxy.inject({ method: 'GET', path: /\/v2\/namespaces\/acme\/repositories/, times: Infinity, fault: page(self) })
    const api = new DockerHubApi({ http, baseUrl: `http://${proxy.host}`, signIn: alice })
    await expect(drain(api.repositories('acme'))).rejects.toThrow(
      /List repositories of acme: the server sent the same page again .*loops/,
    )
    expect(proxy.requests.filter((request) => request.path.includes('/repositories')).length).toBeLessThanOrEqual(2)
  })

  it('refuses a `next` on another origin without sending the token there', async () => {
    proxy.clear()
    proxy.inject({
      method: 'GET',
      path: /\/v2\/namespaces\/acme\/repositories/,
      times: 1,
      fault: page(`http://${elsewhereHost}/v2/namespaces/acme/repositories?page=2`),
    })
    const api = new DockerHubApi({ http, baseUrl: `http://${proxy.host}`, signIn: alice })
    await expect(drain(api.repositories('acme'))).rejects.toMatchObject({
      code: 'REGISTRY_ERROR',
      message: expect.stringContaining(`next page to http://${elsewhereHost}`),
    })
    expect(elsewhereRequests).toEqual([])
  })
})

describe('names from the Docker Hub API', () => {
  it('refuses a repository name that is a dot segment before it becomes part of a request path', async () => {
    proxy.clear()
    proxy.resetLog()
    const api = new DockerHubApi({ http, baseUrl: `http://${proxy.host}`, signIn: alice })
    proxy.inject({
      method: 'GET',
      path: /\/v2\/namespaces\/acme\/repositories\?/,
      times: 1,
      fault: {
        ...page(''),
        body: JSON.stringify({ count: 1, next: null, results: [{ name: '..', namespace: 'acme' }] }),
      },
    })
    await expect(hubListings(api, 'acme', undefined)).rejects.toMatchObject({
      code: 'NAME_INVALID',
      message: expect.stringContaining('acme/..'),
    })
    expect(
      proxy.requests.filter(
        (request) => !request.path.startsWith('/v2/namespaces/acme/repositories?') && request.path !== '/v2/auth/token',
      ),
    ).toEqual([])
  })
})
