import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePullQuota } from '../../../../src-main/core/dockerhub/pull-quota'
import { probePullQuota } from '../../../../src-main/core/dockerhub/quota-probe'
import { PullQuotaGate, type QuotaWait } from '../../../../src-main/core/migration/pull-quota-gate'
import { parseReference } from '../../../../src-main/core/reference/reference'
import { anonymous } from '../../../../src-main/core/registry/credentials'
import { RegistryPool } from '../../../../src-main/core/registry/registry-pool'
import { collectingEngine, TEST_RETRY } from '../../../support/crossdock-harness'
import { startDockerHubEmulator, type DockerHubEmulator } from '../../../support/dockerhub'
import { buildImage, getManifestDigest, pushManifestTree, type BuiltManifest } from '../../../support/images'
import { startRegistry, type RunningRegistry } from '../../../support/registry'

// A real but short window (5 pulls per 3 s) so that a run needs two of them; Docker's is 100 or 200 per 6 h.
const LIMIT = 5
const WINDOW_SECONDS = 3
const images: BuiltManifest[] = Array.from({ length: 8 }, (_, i) => buildImage({ format: 'oci', seed: `quota-${i}` }))

let hub: DockerHubEmulator
let destination: RunningRegistry

beforeAll(async () => {
  ;[hub, destination] = await Promise.all([
    startDockerHubEmulator({
      pullLimit: { anonymous: LIMIT, authenticated: LIMIT, windowSeconds: WINDOW_SECONDS },
      seed: {
        repositories: [
          ...images.map((_, i) => ({ namespace: 'acme', name: `svc${i}` })),
          { namespace: 'ratelimitpreview', name: 'test' },
        ],
      },
    }),
    startRegistry({ auth: true }),
  ])
  for (const [i, image] of images.entries()) await pushManifestTree(hub.registry.url, `acme/svc${i}`, image, 'v1')
  await pushManifestTree(hub.registry.url, 'ratelimitpreview/test', images[0]!, 'latest')
})
afterAll(async () => {
  await Promise.all([hub?.stop(), destination?.stop()])
})

/** The CLI's wiring: source responses feed the gate, which probes docker.io while it waits. */
function migration(options: { observeResponses: boolean }) {
  const waits: Array<QuotaWait | undefined> = []
  const quota = new PullQuotaGate({
    probe: () => probePullQuota(source.client('docker.io')),
    pollMs: 200,
    onWait: (wait) => waits.push(wait),
  })
  const source: RegistryPool = new RegistryPool({
    credentials: anonymous,
    endpoints: new Map([['docker.io', new URL(hub.registryUrl)]]),
    retry: TEST_RETRY,
    onResponse: options.observeResponses
      ? (response) => quota.observe(new URL(response.url).host, parsePullQuota(response.headers))
      : undefined,
  })
  const credentials = async () => ({
    kind: 'basic' as const,
    username: destination.auth!.user,
    password: destination.auth!.password,
  })
  const target = new RegistryPool({
    credentials,
    plainHttp: new Set([destination.host]),
    actions: ['pull', 'push'],
    retry: TEST_RETRY,
  })
  const engine = collectingEngine({
    source: (r) => source.client(r),
    destination: (r) => target.client(r),
    quota,
    retry: TEST_RETRY,
  })
  return { engine, waits, close: async () => void (await Promise.all([source.close(), target.close()])) }
}

const pairs = (prefix: string) =>
  images.map((_, i) => ({
    source: parseReference(`docker.io/acme/svc${i}:v1`),
    destination: parseReference(`${destination.host}/${prefix}/svc${i}:v1`),
  }))

async function expectAllCopied(prefix: string): Promise<void> {
  for (const [i, image] of images.entries())
    expect(await getManifestDigest(destination.url, `${prefix}/svc${i}`, 'v1', destination.auth)).toBe(image.digest)
}

describe('quota-aware copying from Docker Hub (emulated)', () => {
  it('migrates more tags than the quota allows across two windows without receiving a pull-limit 429', async () => {
    hub.advanceWindow()
    hub.resetLogs()
    const run = migration({ observeResponses: true })
    try {
      const report = await run.engine.run(pairs('windows'))
      expect(report.tags.map((t) => t.outcome)).toEqual(images.map(() => 'copied'))
      expect(run.waits.find(Boolean)).toMatchObject({ limit: LIMIT, remaining: 0 })
      expect(run.waits.at(-1)).toBeUndefined()
    } finally {
      await run.close()
    }
    expect(hub.logs.registry.filter((r) => r.limited === 'pull-limit')).toHaveLength(0)
    expect(hub.logs.registry.reduce((sum, r) => sum + (r.pulls ?? 0), 0)).toBe(images.length)
    await expectAllCopied('windows')
  })

  it('handles a pull-limit 429 it did not see coming as a pause, not a failure', async () => {
    hub.advanceWindow()
    // Someone else on this IP spends the quota: the engine learns it only from the 429 of its first GET.
    hub.setQuota('127.0.0.1', { remaining: 0 })
    hub.resetLogs()
    const run = migration({ observeResponses: false })
    try {
      const report = await run.engine.run(pairs('surprise').slice(0, 2))
      expect(report.tags.map((t) => t.outcome)).toEqual(['copied', 'copied'])
      expect(run.waits.some(Boolean)).toBe(true)
    } finally {
      await run.close()
    }
    expect(hub.logs.registry.filter((r) => r.limited === 'pull-limit').length).toBeGreaterThan(0)
    for (const i of [0, 1])
      expect(await getManifestDigest(destination.url, `surprise/svc${i}`, 'v1', destination.auth)).toBe(
        images[i]!.digest,
      )
  })

  it('does not hang when GETs meet the pull limit but the HEAD probe reports no quota: it backs off, says so, and ' +
    'goes on', async () => {
    // Docker documents that the ratelimit headers may be absent; the quota is spent and its (short) window will end.
    const silent = await startDockerHubEmulator({
      registry: hub.registry,
      rateLimitHeaders: false,
      pullLimit: { anonymous: LIMIT, authenticated: LIMIT, windowSeconds: WINDOW_SECONDS },
      seed: {
        repositories: [
          ...images.map((_, i) => ({ namespace: 'acme', name: `svc${i}` })),
          { namespace: 'ratelimitpreview', name: 'test' },
        ],
      },
    })
    silent.setQuota('127.0.0.1', { remaining: 0 })
    const waits: Array<QuotaWait | undefined> = []
    const quota = new PullQuotaGate({
      probe: () => probePullQuota(source.client('docker.io')),
      pollMs: 200,
      onWait: (wait) => waits.push(wait),
    })
    const source: RegistryPool = new RegistryPool({
      credentials: anonymous,
      endpoints: new Map([['docker.io', new URL(silent.registryUrl)]]),
      retry: TEST_RETRY,
    })
    const credentials = async () => ({
      kind: 'basic' as const,
      username: destination.auth!.user,
      password: destination.auth!.password,
    })
    const target = new RegistryPool({
      credentials,
      plainHttp: new Set([destination.host]),
      actions: ['pull', 'push'],
      retry: TEST_RETRY,
    })
    try {
      const engine = collectingEngine({
        source: (r) => source.client(r),
        destination: (r) => target.client(r),
        quota,
        retry: TEST_RETRY,
      })
      const report = await engine.run(pairs('silent').slice(0, 2))
      expect(report.tags.map((t) => t.outcome)).toEqual(['copied', 'copied'])
      expect(waits.some((wait) => wait?.unreported)).toBe(true)
      expect(waits.at(-1)).toBeUndefined()
    } finally {
      await Promise.all([source.close(), target.close()])
      await silent.stop()
    }
    expect(silent.logs.registry.filter((r) => r.limited === 'pull-limit').length).toBeGreaterThan(0)
  }, 30_000)

  it("backs off on the abuse limiter's bare 429 and tells it apart from the pull limit", async () => {
    const strict = await startDockerHubEmulator({
      registry: hub.registry,
      abuseLimit: { requests: 6, perSeconds: 1 },
      seed: { repositories: images.map((_, i) => ({ namespace: 'acme', name: `svc${i}` })) },
    })
    const source = new RegistryPool({
      credentials: anonymous,
      endpoints: new Map([['docker.io', new URL(strict.registryUrl)]]),
      retry: { ...TEST_RETRY, attempts: 8 },
    })
    const credentials = async () => ({
      kind: 'basic' as const,
      username: destination.auth!.user,
      password: destination.auth!.password,
    })
    const target = new RegistryPool({
      credentials,
      plainHttp: new Set([destination.host]),
      actions: ['pull', 'push'],
      retry: TEST_RETRY,
    })
    try {
      const engine = collectingEngine({
        source: (r) => source.client(r),
        destination: (r) => target.client(r),
        retry: { ...TEST_RETRY, attempts: 8 },
      })
      const report = await engine.run(pairs('abuse').slice(0, 3))
      expect(report.tags.map((t) => t.outcome)).toEqual(['copied', 'copied', 'copied'])
      const limited = [...strict.logs.registry, ...strict.logs.auth, ...strict.logs.cdn].filter((r) => r.limited)
      expect(limited.length).toBeGreaterThan(0)
      expect(limited.every((r) => r.limited === 'abuse')).toBe(true)
    } finally {
      await Promise.all([source.close(), target.close()])
      await strict.stop()
    }
  })
})
