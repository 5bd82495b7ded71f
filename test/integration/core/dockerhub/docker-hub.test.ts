import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DockerHubApi } from '../../../../src-main/core/dockerhub/hub-api'
import type { HubTag } from '../../../../src-main/core/dockerhub/hub-types'
import { probePullQuota } from '../../../../src-main/core/dockerhub/quota-probe'
import { estimatePulls } from '../../../../src-main/core/migration/pull-estimate'
import { parseReference } from '../../../../src-main/core/reference/reference'
import { anonymous, type CredentialResolver } from '../../../../src-main/core/registry/credentials'
import { HttpClient } from '../../../../src-main/core/registry/http'
import { RegistryPool } from '../../../../src-main/core/registry/registry-pool'
import { TEST_RETRY, testEngine } from '../../../support/crossdock-harness'
import { startDockerHubEmulator, type DockerHubEmulator } from '../../../support/dockerhub'
import { buildImage, buildIndex, getManifestDigest, pushManifestTree, pushRawManifest } from '../../../support/images'
import { startRegistry, type RunningRegistry } from '../../../support/registry'

const single = buildImage({ format: 'docker', seed: 'hub-single', layers: 2 })
const multi = buildIndex({
  format: 'oci',
  attestations: true,
  children: [
    buildImage({ format: 'oci', seed: 'hub-amd64', platform: { os: 'linux', architecture: 'amd64' } }),
    buildImage({ format: 'oci', seed: 'hub-arm64', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }),
  ],
})
const TAGS = Array.from({ length: 300 }, (_, i) => `1.${i}`)

let hub: DockerHubEmulator
let destination: RunningRegistry
const http = new HttpClient({ retry: TEST_RETRY })

beforeAll(async () => {
  ;[hub, destination] = await Promise.all([
    startDockerHubEmulator({
      pullLimit: { anonymous: 20, authenticated: 30, windowSeconds: 30 },
      seed: {
        users: [
          { username: 'alice', password: 'alice-password', accessTokens: ['dckr_pat_alice0000000000000000000'] },
          { username: 'paula', password: 'paula-password', plan: 'pro' },
        ],
        orgs: [{ name: 'acme', members: ['alice'] }],
        repositories: [
          ...Array.from({ length: 248 }, (_, i) => ({
            namespace: 'acme',
            name: `service-${String(i).padStart(3, '0')}`,
          })),
          { namespace: 'acme', name: 'secret', isPrivate: true },
          { namespace: 'acme', name: 'app' },
          { namespace: 'acme', name: 'multi' },
          { namespace: 'ratelimitpreview', name: 'test' },
        ],
      },
    }),
    startRegistry({ auth: true }),
  ])
  await pushManifestTree(hub.registry.url, 'acme/app', single, TAGS[0])
  for (let i = 1; i < TAGS.length; i += 50) {
    await Promise.all(
      TAGS.slice(i, i + 50).map((tag) =>
        pushRawManifest(hub.registry.url, 'acme/app', tag, single.mediaType, single.bytes),
      ),
    )
  }
  await pushManifestTree(hub.registry.url, 'acme/multi', multi, 'v1')
  await pushManifestTree(hub.registry.url, 'ratelimitpreview/test', single, 'latest')
})
afterAll(async () => {
  http.close()
  await Promise.all([hub?.stop(), destination?.stop()])
})

const api = (signIn?: { identifier: string; secret: string }) => new DockerHubApi({ http, baseUrl: hub.hubUrl, signIn })
const alice = { identifier: 'alice', secret: 'dckr_pat_alice0000000000000000000' }

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

describe('Docker Hub API client against the emulator', () => {
  it('pages through 250 repositories, private ones only for a member', async () => {
    hub.resetLogs()
    const anonymous = await all(api().repositories('acme'))
    expect(anonymous).toHaveLength(250)
    expect(anonymous.some((r) => r.name === 'secret')).toBe(false)
    expect(hub.logs.hub.filter((r) => r.path.includes('/repositories?'))).toHaveLength(3)

    const member = await all(api(alice).repositories('acme'))
    expect(member).toHaveLength(251)
    expect(member.find((r) => r.name === 'secret')?.is_private).toBe(true)
  })

  it('lists 300 tags with per-platform digests and sizes that match the registry', async () => {
    const tags: HubTag[] = await all(api().tags('acme', 'app'))
    expect(tags.map((t) => t.name).sort()).toEqual([...TAGS].sort())
    const first = tags.find((t) => t.name === TAGS[0])!
    expect(first.images[0]?.digest).toBe(single.digest)
    expect(first.full_size).toBe(single.blobs.slice(1).reduce((sum, b) => sum + b.size, 0))
    expect(await api().tagCount('acme', 'app')).toBe(300)
  })

  it('lists the namespaces of the signed-in account, and refuses a wrong token', async () => {
    expect(await api(alice).namespaces()).toEqual(['alice', 'acme'])
    await expect(api({ identifier: 'alice', secret: 'wrong' }).verify()).rejects.toMatchObject({ code: 'AUTH_FAILED' })
  })

  it('signs in again when the short-lived Hub API token expires', async () => {
    const brief = await startDockerHubEmulator({
      registry: hub.registry,
      hubTokenLifetimeSeconds: 1,
      seed: {
        users: [{ username: 'alice', password: 'pw', accessTokens: ['dckr_pat_alice0000000000000000000'] }],
        repositories: [{ namespace: 'alice', name: 'one' }],
      },
    })
    try {
      const client = new DockerHubApi({ http, baseUrl: brief.hubUrl, signIn: alice })
      expect(await all(client.repositories('alice'))).toHaveLength(1)
      await new Promise((resolve) => setTimeout(resolve, 1_200))
      expect(await all(client.repositories('alice'))).toHaveLength(1)
      // At least one renewal, and never a request refused for an expired token.
      expect(
        brief.logs.hub.filter((r) => r.method === 'POST' && r.path === '/v2/auth/token').length,
      ).toBeGreaterThanOrEqual(2)
      expect(brief.logs.hub.filter((r) => r.status === 401)).toHaveLength(0)
    } finally {
      await brief.stop()
    }
  })

  it('waits out the Hub API limit instead of failing', async () => {
    const limited = await startDockerHubEmulator({
      registry: hub.registry,
      hubApiLimit: { requests: 2, perSeconds: 1 },
      seed: { repositories: Array.from({ length: 5 }, (_, i) => ({ namespace: 'busy', name: `r${i}` })) },
    })
    try {
      const limitedApi = new DockerHubApi({ http, baseUrl: limited.hubUrl })
      const names = await Promise.all(Array.from({ length: 4 }, () => all(limitedApi.repositories('busy'))))
      expect(names.every((list) => list.length === 5)).toBe(true)
      expect(limited.logs.hub.some((r) => r.status === 429)).toBe(true)
    } finally {
      await limited.stop()
    }
  })
})

describe('Docker Hub registry through the emulator', () => {
  const pool = (credentials: CredentialResolver = anonymous) =>
    new RegistryPool({ credentials, endpoints: new Map([['docker.io', new URL(hub.registryUrl)]]), retry: TEST_RETRY })

  it('reads the pull quota with a HEAD that costs no pull', async () => {
    const registry = pool()
    try {
      const before = hub.pulls()
      const quota = await probePullQuota(registry.client('docker.io'))
      expect(quota).toMatchObject({ kind: 'limited', limit: 20, windowSeconds: 30 })
      expect(hub.pulls()).toBe(before)
    } finally {
      await registry.close()
    }
    const paid = pool(async () => ({ kind: 'basic', username: 'paula', password: 'paula-password' }))
    try {
      expect(await probePullQuota(paid.client('docker.io'))).toEqual({ kind: 'unlimited' })
    } finally {
      await paid.close()
    }
  })

  it('copies from Docker Hub digest for digest, spending one pull per platform and none on a re-run', async () => {
    const sourcePool = pool()
    const engineFor = () =>
      testEngine(
        { host: 'docker.io' },
        { host: destination.host, auth: destination.auth },
        { source: (registry) => sourcePool.client(registry) },
      )
    const pairs = [
      {
        source: parseReference('docker.io/acme/app:1.0'),
        destination: parseReference(`${destination.host}/hub/app:1.0`),
      },
      {
        source: parseReference('docker.io/acme/multi:v1'),
        destination: parseReference(`${destination.host}/hub/multi:v1`),
      },
    ]
    const estimateOptions = {
      source: (r: string) => sourcePool.client(r),
      destination: (r: string) => destinationPool.client(r),
    }
    const destinationPool = new RegistryPool({
      credentials: async () => ({
        kind: 'basic',
        username: destination.auth!.user,
        password: destination.auth!.password,
      }),
      plainHttp: new Set([destination.host]),
      retry: TEST_RETRY,
    })
    try {
      hub.advanceWindow()
      const before = hub.pulls()
      // The Hub API's images tell how many manifests the index lists; HEADs tell the rest, for free.
      const hinted = pairs.map((pair, i) => (i === 1 ? { ...pair, manifests: multi.children.length } : pair))
      expect(await estimatePulls(hinted, estimateOptions)).toEqual({
        tagsToCopy: 2,
        tagsUpToDate: 0,
        pulls: 1 + multi.children.length,
        indexesUncounted: 0,
      })
      expect(await estimatePulls(pairs, estimateOptions)).toMatchObject({ pulls: 2, indexesUncounted: 1 })
      expect(hub.pulls()).toBe(before)
      const first = engineFor()
      const report = await first.engine.run(pairs)
      await first.close()
      expect(report.tags.map((t) => t.outcome)).toEqual(['copied', 'copied'])
      const spent = hub.pulls() - before
      // One manifest for the single-arch tag; for the index, its platform and attestation manifests.
      expect(spent).toBe(1 + multi.children.length)
      expect(await getManifestDigest(destination.url, 'hub/multi', 'v1', destination.auth)).toBe(multi.digest)
      expect(await getManifestDigest(destination.url, 'hub/app', '1.0', destination.auth)).toBe(single.digest)

      const again = engineFor()
      const rerun = await again.engine.run(pairs)
      await again.close()
      expect(rerun.tags.map((t) => t.outcome)).toEqual(['skipped', 'skipped'])
      expect(await estimatePulls(pairs, estimateOptions)).toEqual({
        tagsToCopy: 0,
        tagsUpToDate: 2,
        pulls: 0,
        indexesUncounted: 0,
      })
      expect(hub.pulls() - before).toBe(spent)
      // Blob reads went to the CDN without the registry's credentials (it would have refused them).
      expect(hub.logs.cdn.every((r) => r.status < 400)).toBe(true)
    } finally {
      await Promise.all([sourcePool.close(), destinationPool.close()])
    }
  })
})
