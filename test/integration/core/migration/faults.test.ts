import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { copyOnce, pair, testEngine } from '../../../support/crossdock-harness'
import { startFaultProxy, type FaultProxy } from '../../../support/fault-proxy'
import { buildImage, getManifestDigest, pushManifestTree, type BuiltManifest } from '../../../support/images'
import { startRegistry, type RunningRegistry } from '../../../support/registry'

let source: RunningRegistry
let destination: RunningRegistry
let sourceProxy: FaultProxy
let destinationProxy: FaultProxy
let image: BuiltManifest

beforeAll(async () => {
  ;[source, destination] = await Promise.all([startRegistry(), startRegistry({ auth: true })])
  ;[sourceProxy, destinationProxy] = await Promise.all([
    startFaultProxy(source.host),
    startFaultProxy(destination.host),
  ])
  image = buildImage({ format: 'oci', seed: 'faults', layers: 2, layerSize: 512 * 1024 })
  await pushManifestTree(source.url, 'faulty/app', image, 'v1')
})
afterEach(() => {
  sourceProxy.clear()
  destinationProxy.clear()
  sourceProxy.resetLog()
  destinationProxy.resetLog()
})
afterAll(async () => {
  await Promise.all([sourceProxy?.stop(), destinationProxy?.stop()])
  await Promise.all([source?.stop(), destination?.stop()])
})

const layer = (): BuiltManifest['blobs'][number] => image.blobs[1]!
const src = () => ({ host: sourceProxy.host })
const dst = () => ({ host: destinationProxy.host, auth: destination.auth })

async function copyInto(repository: string, options = {}) {
  return copyOnce(
    src(),
    dst(),
    [pair(`${sourceProxy.host}/faulty/app:v1`, `${destinationProxy.host}/${repository}:v1`)],
    options,
  )
}

async function expectCopied(repository: string): Promise<void> {
  expect(await getManifestDigest(destination.url, repository, 'v1', destination.auth)).toBe(image.digest)
}

/**
 * Every upload session the destination opened was committed or cancelled. (Counted from the requests: after
 * a body cut mid-stream, distribution may recreate the session's folder after our DELETE, so its disk is no proof.)
 */
function expectNoAbandonedSessions(): void {
  const opened = destinationProxy.requests.filter(
    (r) => r.method === 'POST' && r.path.includes('/blobs/uploads/') && r.status === 202,
  ).length
  const committed = destinationProxy.requests.filter(
    (r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/') && r.status === 201,
  ).length
  const cancelled = destinationProxy.requests.filter(
    (r) => r.method === 'DELETE' && r.path.includes('/blobs/uploads/'),
  ).length
  expect(opened).toBeGreaterThan(0)
  expect(committed + cancelled).toBe(opened)
}

/**
 * Upload sessions still holding bytes. (distribution rewrites an empty hash state after a DELETE, so a
 * cancelled session can leave an empty folder; its `data` file is what must be gone.)
 */
async function uploadedData(repository: string): Promise<string[]> {
  try {
    const entries = await readdir(
      join(destination.dataDir, 'docker/registry/v2/repositories', repository, '_uploads'),
      { recursive: true },
    )
    return entries.filter((entry) => entry.endsWith('data'))
  } catch {
    return []
  }
}

const blobGets = (proxy: FaultProxy, digest: string) =>
  proxy.requests.filter((r) => r.method === 'GET' && r.path.includes(`/blobs/${digest}`))

describe('copy engine under injected faults', () => {
  it('retries a blob whose connection is reset mid-stream and ends with equal digests', async () => {
    sourceProxy.inject({
      method: 'GET',
      path: new RegExp(`/blobs/${layer().digest}`),
      fault: { kind: 'reset-after', bytes: 100_000 },
    })
    const report = await copyInto('faults/reset')
    expect(report.tags[0]?.outcome).toBe('copied')
    expect(blobGets(sourceProxy, layer().digest)).toHaveLength(2)
    await expectCopied('faults/reset')
    expectNoAbandonedSessions()
  })

  it('retries a body cut short (premature EOF)', async () => {
    sourceProxy.inject({
      method: 'GET',
      path: new RegExp(`/blobs/${layer().digest}`),
      fault: { kind: 'truncate-after', bytes: 200_000 },
    })
    const report = await copyInto('faults/truncated')
    expect(report.tags[0]?.outcome).toBe('copied')
    expect(blobGets(sourceProxy, layer().digest)).toHaveLength(2)
    await expectCopied('faults/truncated')
  })

  it('retries 500 and 503 answers to a manifest GET', async () => {
    sourceProxy.inject({ method: 'GET', path: /\/manifests\//, fault: { kind: 'status', status: 500 } })
    sourceProxy.inject({ method: 'GET', path: /\/manifests\//, fault: { kind: 'status', status: 503 } })
    const report = await copyInto('faults/5xx')
    expect(report.tags[0]?.outcome).toBe('copied')
    expect(
      sourceProxy.requests.filter((r) => r.method === 'GET' && r.path.includes('/manifests/')).map((r) => r.status),
    ).toEqual([500, 503, 200])
    await expectCopied('faults/5xx')
  })

  it('waits out a 429 with Retry-After and then succeeds', async () => {
    destinationProxy.inject({
      method: 'PUT',
      path: /\/manifests\/v1/,
      fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
    })
    const report = await copyInto('faults/429')
    expect(report.tags[0]?.outcome).toBe('copied')
    expect(
      destinationProxy.requests
        .filter((r) => r.method === 'PUT' && r.path.includes('/manifests/v1'))
        .map((r) => r.status),
    ).toEqual([429, 201])
    await expectCopied('faults/429')
  })

  it('reports RATE_LIMITED instead of sleeping for an hour when Retry-After is beyond the limit', async () => {
    destinationProxy.inject({
      method: 'PUT',
      path: /\/manifests\/v1/,
      times: Infinity,
      fault: {
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '3600' },
        body: '{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}',
      },
    })
    const report = await copyInto('faults/429-long')
    expect(report.tags[0]?.outcome).toBe('failed')
    expect(report.tags[0]?.error?.code).toBe('RATE_LIMITED')
    expect(report.tags[0]?.error?.message).toContain('slow down')
  })

  it('never pushes a blob whose bytes do not match its digest, nor the manifest that names it', async () => {
    sourceProxy.inject({
      method: 'GET',
      path: new RegExp(`/blobs/${layer().digest}`),
      times: Infinity,
      fault: { kind: 'corrupt' },
    })
    const report = await copyInto('faults/corrupt')
    expect(report.tags[0]?.outcome).toBe('failed')
    expect(report.tags[0]?.error?.code).toBe('DIGEST_MISMATCH')
    expect(report.tags[0]?.error?.message).toContain(layer().digest)
    expect(await getManifestDigest(destination.url, 'faults/corrupt', 'v1', destination.auth)).toBeUndefined()
    const head = await fetch(`${destination.url}/v2/faults/corrupt/blobs/${layer().digest}`, {
      method: 'HEAD',
      headers: {
        authorization: basicAuthorization(destination.auth!),
      },
    })
    expect(head.status).toBe(404)
    expectNoAbandonedSessions()
  })

  it('fails fast on refused credentials without retrying', async () => {
    const report = await copyOnce(
      src(),
      { host: destinationProxy.host, auth: { user: 'crossdock', password: 'wrong-password' } },
      [pair(`${sourceProxy.host}/faulty/app:v1`, `${destinationProxy.host}/faults/denied:v1`)],
    )
    expect(report.tags[0]?.outcome).toBe('failed')
    expect(report.tags[0]?.error?.code).toBe('AUTH_FAILED')
    expect(report.tags[0]?.error?.message).not.toContain('wrong-password')
    // One unsigned request to learn the scheme, one signed that is refused: no retries of a 401.
    expect(destinationProxy.requests.filter((r) => r.status === 401).length).toBeLessThanOrEqual(2)
  })

  it('cancels through one AbortSignal and leaves no upload session behind', async () => {
    const controller = new AbortController()
    sourceProxy.inject({
      method: 'GET',
      path: new RegExp(`/blobs/${layer().digest}`),
      fault: { kind: 'delay', ms: 1_000 },
    })
    const harness = testEngine(src(), dst(), { signal: controller.signal })
    setTimeout(() => controller.abort(), 300)
    try {
      const report = await harness.engine.run([
        pair(`${sourceProxy.host}/faulty/app:v1`, `${destinationProxy.host}/faults/cancelled:v1`),
      ])
      expect(report.tags[0]?.outcome).toBe('failed')
      expect(report.tags[0]?.error?.code).toBe('CANCELLED')
    } finally {
      await harness.close()
    }
    expect(await getManifestDigest(destination.url, 'faults/cancelled', 'v1', destination.auth)).toBeUndefined()
    expectNoAbandonedSessions()
    expect(await uploadedData('faults/cancelled')).toEqual([])
  })

  it('closes an upload session whose opening the cancel interrupted (the registry opened it; the answer came late)', async () => {
    const controller = new AbortController()
    destinationProxy.inject({
      method: 'POST',
      path: /\/blobs\/uploads\//,
      times: Infinity,
      fault: { kind: 'hold-response', ms: 600 },
    })
    const harness = testEngine(src(), dst(), { signal: controller.signal })
    setTimeout(() => controller.abort(), 200)
    try {
      const report = await harness.engine.run([
        pair(`${sourceProxy.host}/faulty/app:v1`, `${destinationProxy.host}/faults/cancel-opening:v1`),
      ])
      expect(report.tags[0]?.error?.code).toBe('CANCELLED')
    } finally {
      await harness.close()
    }
    expectNoAbandonedSessions()
  })

  it('cancels the upload session it opened when the HEAD that follows it fails', async () => {
    // Resuming: a 202 to the self-mount does not prove the blob absent, so a HEAD follows the opened session.
    destinationProxy.inject({
      method: 'HEAD',
      path: /\/blobs\/sha256:/,
      times: Infinity,
      fault: { kind: 'status', status: 500 },
    })
    const report = await copyInto('faults/head-fails', { resuming: true })
    expect(report.tags[0]?.outcome).toBe('failed')
    expect(
      destinationProxy.requests.filter((r) => r.method === 'HEAD' && r.path.includes('/blobs/')).length,
    ).toBeGreaterThan(0)
    expectNoAbandonedSessions()
    expect(await uploadedData('faults/head-fails')).toEqual([])
  })

  it('uploads in PATCH chunks when asked, and resumes from the session Range after a chunk is lost', async () => {
    const chunkSize = 100 * 1024
    // The third chunk never reaches the registry: the session's Range must say where to go on from.
    destinationProxy.inject({ method: 'PATCH', path: /\/blobs\/uploads\//, times: 2, fault: { kind: 'delay', ms: 0 } })
    destinationProxy.inject({ method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'status', status: 503 } })
    const report = await copyInto('faults/chunked', { chunkSize })
    expect(report.tags[0]?.outcome, JSON.stringify(report.tags[0]?.error)).toBe('copied')
    await expectCopied('faults/chunked')
    const patches = destinationProxy.requests.filter((r) => r.method === 'PATCH')
    // Two 512 KiB layers in 100 KiB chunks are 12 chunks, plus the lost one sent again after one status query.
    const log = JSON.stringify(
      destinationProxy.requests.map((r) => [r.method, r.path.split('?')[0], r.status, r.requestBytes]),
    )
    expect(patches, log).toHaveLength(13)
    expect(
      patches.filter((r) => r.status === 503),
      log,
    ).toHaveLength(1)
    expect(
      destinationProxy.requests.filter((r) => r.method === 'GET' && r.path.includes('/blobs/uploads/')),
      log,
    ).toHaveLength(1)
    expect(
      patches.reduce((sum, r) => sum + r.requestBytes, 0),
      log,
    ).toBe(2 * layer().size + chunkSize)
  })

  it('resends a lost first chunk whole (distribution reports an empty session as 0-0, as it does one byte)', async () => {
    destinationProxy.inject({ method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'status', status: 503 } })
    const report = await copyInto('faults/first-chunk', { chunkSize: 100 * 1024 })
    expect(report.tags[0]?.outcome, JSON.stringify(report.tags[0]?.error)).toBe('copied')
    await expectCopied('faults/first-chunk')
  })
})

function basicAuthorization({ user, password }: { user: string; password: string }): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
}
