import { createHash } from 'node:crypto'
import { get, request as httpRequest } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy'
import { buildImage, getManifestDigest, pushManifestTree, pushStreamedBlob, randomLayer } from '../../support/images'
import { startRegistry, type RunningRegistry } from '../../support/registry'

const REPO = 'proxy/test'
const layer = randomLayer('fault-proxy-blob', 300_000)
const blobPath = `/v2/${REPO}/blobs/${layer.digest}`

let registry: RunningRegistry
let proxy: FaultProxy

beforeAll(async () => {
  registry = await startRegistry()
  proxy = await startFaultProxy(registry.host)
  const image = buildImage({ format: 'oci', seed: 'fault-proxy', sharedLayers: [layer] })
  await pushManifestTree(registry.url, REPO, image, 'latest')
})

afterAll(async () => {
  await proxy?.stop()
  await registry?.stop()
})

beforeEach(() => {
  proxy.clear()
  proxy.resetLog()
})

interface RawResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  error?: NodeJS.ErrnoException
}

/** node:http rather than fetch, to see exactly which bytes arrived before a connection broke. */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    let finish: ((error?: NodeJS.ErrnoException) => void) | undefined
    const req = get({ host: '127.0.0.1', port: new URL(proxy.url).port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      finish = (error) => {
        const body = Buffer.concat(chunks)
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ...(error ? { error } : {}) })
      }
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => finish!())
      res.on('error', finish)
    })
    // A reset mid-body may surface on the request rather than the response, whichever Node sees first.
    req.on('error', (error) => (finish ? finish(error) : reject(error)))
  })
}

describe('fault proxy', () => {
  it('passes requests through and logs them', async () => {
    const res = await rawGet(blobPath)
    expect(res.status).toBe(200)
    expect(res.body.equals(layer.bytes)).toBe(true)
    expect(await getManifestDigest(proxy.url, REPO, 'latest')).toBeDefined()
    expect(proxy.requests).toEqual([
      // `opened`/`closed` number each request's start and end in one sequence, so tests can see overlaps.
      { method: 'GET', path: blobPath, status: 200, requestBytes: 0, responseBytes: layer.size, opened: 1, closed: 2 },
      {
        method: 'HEAD',
        path: `/v2/${REPO}/manifests/latest`,
        status: 200,
        requestBytes: 0,
        responseBytes: 0,
        opened: 3,
        closed: 4,
      },
    ])
  })

  it('pushes through, with upload Locations pointing at the proxy and request bytes counted', async () => {
    const image = buildImage({ format: 'docker', seed: 'through-proxy' })
    await pushManifestTree(proxy.url, 'proxy/pushed', image, 'v1')
    expect(await getManifestDigest(registry.url, 'proxy/pushed', 'v1')).toBe(image.digest)
    const puts = proxy.requests.filter((r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/'))
    expect(puts.map((r) => r.requestBytes)).toEqual(image.blobs.map((b) => b.size))
    expect(puts.every((r) => r.status === 201)).toBe(true)
  })

  it('rewrites Location headers that point at the registry itself', async () => {
    // A client that sends the registry's own Host makes the registry build URLs to itself.
    const location = await new Promise<string | undefined>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: new URL(proxy.url).port, method: 'POST', path: `/v2/${REPO}/blobs/uploads/` },
        (res) => {
          res.resume()
          resolve(res.headers.location)
        },
      )
      req.setHeader('host', registry.host)
      req.on('error', reject)
      req.end()
    })
    expect(location?.startsWith(`${proxy.url}/v2/${REPO}/blobs/uploads/`)).toBe(true)
  })

  it('answers a status fault itself, once by default', async () => {
    proxy.inject({
      path: /^\/v2\/$/,
      fault: { kind: 'status', status: 503, headers: { 'Retry-After': '1' }, body: 'busy' },
    })
    const faulted = await rawGet('/v2/')
    expect(faulted.status).toBe(503)
    expect(faulted.headers['retry-after']).toBe('1')
    expect(faulted.body.toString()).toBe('busy')
    expect((await rawGet('/v2/')).status).toBe(200)
    expect(proxy.requests.map((r) => r.status)).toEqual([503, 200])
    expect(proxy.requests[0]!.responseBytes).toBe(4)
  })

  it('matches method, path and times, first rule first', async () => {
    proxy.inject({ method: 'HEAD', path: /\/manifests\//, times: 2, fault: { kind: 'status', status: 500 } })
    proxy.inject({ path: /\/manifests\//, times: Infinity, fault: { kind: 'status', status: 502 } })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${proxy.url}/v2/${REPO}/manifests/latest`, { method: i === 1 ? 'GET' : 'HEAD' })
      statuses.push(res.status)
    }
    expect(statuses).toEqual([500, 502, 500, 502])
    proxy.clear()
    expect((await rawGet(`/v2/${REPO}/tags/list`)).status).toBe(200)
  })

  it('resets the connection after the given number of body bytes', async () => {
    proxy.inject({ path: /\/blobs\//, fault: { kind: 'reset-after', bytes: 100_000 } })
    const res = await rawGet(blobPath)
    expect(res.status).toBe(200)
    expect(res.error?.code).toBe('ECONNRESET')
    expect(res.body.equals(layer.bytes.subarray(0, 100_000))).toBe(true)
    expect(proxy.requests[0]!.responseBytes).toBe(100_000)
    await expect(fetch(`${proxy.url}${blobPath}`).then((r) => r.arrayBuffer())).resolves.toHaveProperty(
      'byteLength',
      layer.size,
    )
  })

  it('can reset right after the headers', async () => {
    proxy.inject({ path: /\/blobs\//, fault: { kind: 'reset-after', bytes: 0 } })
    await expect(fetch(`${proxy.url}${blobPath}`).then((r) => r.arrayBuffer())).rejects.toThrow()
  })

  it('truncates: fewer bytes than Content-Length, then a clean close', async () => {
    proxy.inject({ path: /\/blobs\//, fault: { kind: 'truncate-after', bytes: 1234 } })
    const res = await rawGet(blobPath)
    expect(res.headers['content-length']).toBe(String(layer.size))
    expect(res.body.equals(layer.bytes.subarray(0, 1234))).toBe(true)
    expect(res.error?.message).toBe('aborted')
    expect(proxy.requests[0]).toMatchObject({ status: 200, responseBytes: 1234 })
  })

  it('corrupts exactly one byte in the middle', async () => {
    proxy.inject({ path: /\/blobs\//, fault: { kind: 'corrupt' } })
    const res = await rawGet(blobPath)
    expect(res.body.length).toBe(layer.size)
    const differing = [...res.body.keys()].filter((i) => res.body[i] !== layer.bytes[i])
    expect(differing).toEqual([Math.floor(layer.size / 2)])
  })

  it('delays', async () => {
    proxy.inject({ path: /^\/v2\/$/, fault: { kind: 'delay', ms: 300 } })
    const started = Date.now()
    expect((await rawGet('/v2/')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('holds a response after the registry acted on the request, even when the client leaves meanwhile', async () => {
    proxy.inject({ method: 'POST', path: /\/blobs\/uploads\/$/, fault: { kind: 'hold-response', ms: 400 } })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    await expect(
      fetch(`${proxy.url}/v2/${REPO}/blobs/uploads/`, { method: 'POST', signal: controller.signal }),
    ).rejects.toThrow()
    await new Promise((resolve) => setTimeout(resolve, 500))
    // The registry opened the session (its 202 is logged) although the client never saw the Location.
    expect(proxy.requests.at(-1)).toMatchObject({ method: 'POST', status: 202 })

    proxy.inject({ method: 'POST', path: /\/blobs\/uploads\/$/, fault: { kind: 'hold-response', ms: 300 } })
    const started = Date.now()
    const held = await fetch(`${proxy.url}/v2/${REPO}/blobs/uploads/`, { method: 'POST' })
    expect(held.status).toBe(202)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    await fetch(new URL(held.headers.get('location')!, proxy.url), { method: 'DELETE' })
  })

  it('answers 502 when the registry is unreachable', async () => {
    const dead = await startRegistry()
    const deadProxy = await startFaultProxy(dead.host)
    await dead.stop()
    try {
      const res = await fetch(`${deadProxy.url}/v2/`)
      expect(res.status).toBe(502)
      expect(deadProxy.requests[0]!.status).toBe(502)
    } finally {
      await deadProxy.stop()
    }
  })

  it('streams a 256 MiB blob both ways in bounded memory', async () => {
    const size = 256 * 1024 * 1024
    let peak = process.memoryUsage().rss
    const baseline = peak
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
    try {
      const pushed = await pushStreamedBlob(proxy.url, 'proxy/big', { seed: 'big', size })
      const hash = createHash('sha256')
      const res = await fetch(`${proxy.url}/v2/proxy/big/blobs/${pushed.digest}`)
      for await (const chunk of res.body!) hash.update(chunk)
      expect(`sha256:${hash.digest('hex')}`).toBe(pushed.digest)
    } finally {
      clearInterval(sampler)
    }
    // A proxy that held the blob would add at least its size; streaming adds what the collector has not yet freed.
    expect(peak - baseline).toBeLessThan(size * 0.75)
    const upload = proxy.requests.find((r) => r.method === 'PUT')
    const download = proxy.requests.find((r) => r.method === 'GET')
    expect(upload?.requestBytes).toBe(size)
    expect(download?.responseBytes).toBe(size)
  })
})
