import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RegistryPool } from '../../../../src-main/core/registry/registry-pool'
import { startFaultProxy, type FaultProxy } from '../../../support/fault-proxy'
import { buildImage, pushManifestTree } from '../../../support/images'
import { startRegistry, type RunningRegistry } from '../../../support/registry'

// A broken or hostile registry's Link header: pointing back at the same page, or at another origin.
let registry: RunningRegistry
let proxy: FaultProxy
let pool: RegistryPool

beforeAll(async () => {
  registry = await startRegistry()
  await pushManifestTree(registry.url, 'paging/app', buildImage({ format: 'oci', seed: 'paging' }), 'v1')
  proxy = await startFaultProxy(registry.host)
  pool = new RegistryPool({
    credentials: async () => ({ kind: 'basic', username: 'user', password: 'secret' }),
    plainHttp: new Set([proxy.host]),
  })
})
afterAll(async () => {
  await pool?.close()
  await Promise.all([proxy?.stop(), registry?.stop()])
})

const page = (tags: string[], link: string) => ({
  kind: 'status' as const,
  status: 200,
  headers: { 'content-type': 'application/json', link },
  body: JSON.stringify({ name: 'paging/app', tags }),
})

describe('paginated listings', () => {
  it('stops with a named error when the next page is one already read', async () => {
    proxy.clear()
    proxy.resetLog()
    proxy.inject({
      method: 'GET',
      path: /tags\/list/,
      times: Infinity,
      fault: page(['v1'], '</v2/paging/app/tags/list?n=1000>; rel="next"'),
    })
    await expect(pool.client(proxy.host).listTags('paging/app')).rejects.toThrow(/the same page again .*loops/)
    expect(proxy.requests.filter((request) => request.path.includes('tags/list')).length).toBeLessThanOrEqual(2)
  })

  it('refuses to follow the next page to another origin, where the credentials would go', async () => {
    proxy.clear()
    proxy.resetLog()
    proxy.inject({
      method: 'GET',
      path: /tags\/list/,
      times: 1,
      fault: page(['v1'], `<http://${registry.host}/v2/paging/app/tags/list?last=v1>; rel="next"`),
    })
    await expect(pool.client(proxy.host).listTags('paging/app')).rejects.toThrow(
      /not http:\/\/127\.0\.0\.1:\d+; Crossdock does not send credentials elsewhere/,
    )
  })

  it('reads a page of 200,000 tags (a spread of that many arguments overflows the stack)', async () => {
    proxy.clear()
    const many = Array.from({ length: 200_000 }, (_, i) => `t${i}`)
    proxy.inject({
      method: 'GET',
      path: /tags\/list/,
      times: 1,
      fault: {
        kind: 'status',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'paging/app', tags: many }),
      },
    })
    const tags = await pool.client(proxy.host).listTags('paging/app')
    expect(tags.length).toBe(200_000)
    expect(tags.at(-1)).toBe('t199999')
  })
})
