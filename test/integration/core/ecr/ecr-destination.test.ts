import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RepositorySettings } from '../../../../src-main/contract'
import { ecrImages, ecrRepositories } from '../../../../src-main/core/ecr/ecr-inventory'
import { ecrCredentialResolver } from '../../../../src-main/core/ecr/ecr-registry-credentials'
import { EcrRepositoryEnsurer } from '../../../../src-main/core/ecr/repository-ensurer'
import type { CopyPair } from '../../../../src-main/core/migration/copy-engine'
import { parseReference } from '../../../../src-main/core/reference/reference'
import { RegistryPool } from '../../../../src-main/core/registry/registry-pool'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../../../src-main/core/registry/retry-policy'
import { collectingEngine, TEST_RETRY } from '../../../support/crossdock-harness'
import { createManualClock, startEcrEmulator, type EcrEmulator } from '../../../support/ecr'
import { buildImage, buildIndex, getManifestDigest, pushManifestTree } from '../../../support/images'
import { startRegistry, type RunningRegistry } from '../../../support/registry'

const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'ecr-emulator-secret' }
const SETTINGS: RepositorySettings = {
  immutableTags: true,
  mutabilityExceptions: ['latest'],
  scanOnPush: true,
  encryption: { type: 'AES256' },
  lifecycle: { keepLastImages: 50, expireUntaggedAfterDays: 14 },
  tags: { migratedBy: 'crossdock' },
}
const base = buildImage({ format: 'oci', seed: 'ecr-base', layers: 1, layerSize: 50_000 })
const web = buildImage({ format: 'docker', seed: 'ecr-web', sharedLayers: base.blobs.slice(1) })
const multi = buildIndex({
  format: 'oci',
  attestations: true,
  children: [
    buildImage({
      format: 'oci',
      seed: 'ecr-m-amd64',
      sharedLayers: base.blobs.slice(1),
      platform: { os: 'linux', architecture: 'amd64' },
    }),
    buildImage({ format: 'oci', seed: 'ecr-m-arm64', platform: { os: 'linux', architecture: 'arm64' } }),
  ],
})

let source: RunningRegistry
let ecr: EcrEmulator

beforeAll(async () => {
  ;[source, ecr] = await Promise.all([startRegistry(), startEcrEmulator({ tokenLifetimeSeconds: 3 })])
  await pushManifestTree(source.url, 'team/web', web, '1.0')
  await pushManifestTree(source.url, 'team/web', web, 'latest')
  await pushManifestTree(source.url, 'team/multi', multi, 'v1')
})
afterAll(async () => {
  await Promise.all([source?.stop(), ecr?.stop()])
})

const sdk = (emulator: EcrEmulator) =>
  new ECRClient({ region: emulator.region, endpoint: emulator.controlUrl, credentials: KEY, maxAttempts: 3 })

/**
 * How a migration into ECR is wired: registry sign-in from GetAuthorizationToken, repositories made before the first
 * push.
 */
function migrationInto(emulator: EcrEmulator, client = sdk(emulator), retry: RetryPolicy = TEST_RETRY) {
  const ensurer = new EcrRepositoryEnsurer(client, SETTINGS)
  const sourcePool = new RegistryPool({
    credentials: async () => undefined,
    plainHttp: new Set([source.host]),
    retry: TEST_RETRY,
  })
  const destinationPool = new RegistryPool({
    credentials: ecrCredentialResolver({ client, registry: emulator.registryHost }),
    plainHttp: new Set([emulator.registryHost]),
    actions: ['pull', 'push'],
    retry,
  })
  const engineOptions = () => ({
    source: (r: string) => sourcePool.client(r),
    destination: (r: string) => destinationPool.client(r),
    prepareDestination: async (_registry: string, repository: string) => void (await ensurer.ensure(repository)),
    retry: TEST_RETRY,
  })
  const engine = () => collectingEngine(engineOptions())
  return {
    engine,
    engineOptions,
    ensurer,
    client,
    close: async () => void (await Promise.all([sourcePool.close(), destinationPool.close()])),
  }
}

const pairsInto = (emulator: EcrEmulator, prefix: string): CopyPair[] =>
  [
    ['team/web:1.0', 'web:1.0'],
    ['team/web:latest', 'web:latest'],
    ['team/multi:v1', 'multi:v1'],
  ].map(([from, to]) => ({
    source: parseReference(`${source.host}/${from}`),
    destination: parseReference(`${emulator.registryHost}/${prefix}/${to}`),
  }))

const operations = (emulator: EcrEmulator, name: string) =>
  emulator.logs.api.filter((entry) => entry.operation === name)

describe('Amazon ECR as the destination (emulated)', () => {
  it('creates each repository once with the chosen settings, then copies digest for digest', async () => {
    const run = migrationInto(ecr)
    try {
      const report = await run.engine().run(pairsInto(ecr, 'mig'))
      expect(report.tags.map((t) => t.outcome)).toEqual(['copied', 'copied', 'copied'])
      // The lifecycle policy waits for the copy: none while images were being put there.
      expect([...run.ensurer.created].sort()).toEqual(['mig/multi', 'mig/web'])
      expect(ecr.repository('mig/web')?.lifecyclePolicyText).toBeUndefined()
      await run.ensurer.applyLifecyclePolicy(run.ensurer.created)
      // BLOB_MOUNTING is off by default in ECR: every repository gets its own copy of the shared layer.
      expect(report.progress.blobsMounted).toBe(0)
    } finally {
      await run.close()
    }
    expect(operations(ecr, 'CreateRepository').map((entry) => entry.status)).toEqual([200, 200])
    const { repositories } = await sdk(ecr).send(new DescribeRepositoriesCommand({ repositoryNames: ['mig/web'] }))
    expect(repositories?.[0]).toMatchObject({
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest' }],
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'AES256' },
    })
    const policy = await sdk(ecr).send(new GetLifecyclePolicyCommand({ repositoryName: 'mig/multi' }))
    expect(JSON.parse(policy.lifecyclePolicyText!).rules).toHaveLength(2)
    const login = await ecrLogin(ecr)
    expect(await getManifestDigest(ecr.registryUrl, 'mig/multi', 'v1', login)).toBe(multi.digest)
    expect(await getManifestDigest(ecr.registryUrl, 'mig/web', '1.0', login)).toBe(web.digest)
  })

  it('a resumed run finds what an interrupted run left in a repository without tags, and sends none of it again', async () => {
    const login = await ecrLogin(ecr)
    for (const name of ['leftovers/resumed', 'leftovers/fresh']) {
      await sdk(ecr).send(new CreateRepositoryCommand({ repositoryName: name }))
      // An interrupted run's leftovers: every blob and the manifest, but the tag never came.
      await pushManifestTree(ecr.registryUrl, name, web, undefined, login)
    }
    const copy = async (repository: string, resuming: boolean) => {
      const run = migrationInto(ecr)
      try {
        return await collectingEngine({ ...run.engineOptions(), resuming }).run([
          {
            source: parseReference(`${source.host}/team/web:1.0`),
            destination: parseReference(`${ecr.registryHost}/${repository}:1.0`),
          },
        ])
      } finally {
        await run.close()
      }
    }
    const resumed = await copy('leftovers/resumed', true)
    expect(resumed.tags.map((t) => t.outcome)).toEqual(['copied'])
    expect(resumed.progress).toMatchObject({ blobsUploaded: 0, bytesUploaded: 0, blobsPresent: web.blobs.length })
    // A first run trusts an empty tag list and saves the checks: ECR's 202 to a mount cannot tell it the blob is
    // there.
    const fresh = await copy('leftovers/fresh', false)
    expect(fresh.progress.blobsUploaded).toBe(web.blobs.length)
    expect(await getManifestDigest(ecr.registryUrl, 'leftovers/resumed', '1.0', login)).toBe(web.digest)
  })

  it('paces manifest writes under the PutImage quota instead of collecting 429s', async () => {
    const tags = Array.from({ length: 25 }, (_, i) => `r${i}`)
    for (const tag of tags) await pushManifestTree(source.url, 'team/web', web, tag)
    const run = migrationInto(ecr)
    try {
      ecr.resetLogs()
      const engine = collectingEngine({ ...run.engineOptions(), manifestWritesPerSecond: 10 })
      const report = await engine.run(
        tags.map((tag) => ({
          source: parseReference(`${source.host}/team/web:${tag}`),
          destination: parseReference(`${ecr.registryHost}/paced/web:${tag}`),
        })),
      )
      expect(report.tags.every((t) => t.outcome === 'copied')).toBe(true)
    } finally {
      await run.close()
    }
    const puts = ecr.logs.registry.filter((entry) => entry.method === 'PUT' && entry.path.includes('/manifests/'))
    expect(puts.length).toBeGreaterThanOrEqual(25)
    expect(puts.filter((entry) => entry.status === 429)).toEqual([])
  })

  it('lists repositories and images with paging, an index sized as its largest child', async () => {
    const repositories = []
    ecr.resetLogs()
    for await (const repository of ecrRepositories(sdk(ecr), 1)) repositories.push(repository)
    expect(operations(ecr, 'DescribeRepositories').length).toBeGreaterThanOrEqual(repositories.length)
    expect(repositories.find((r) => r.name === 'mig/web')).toMatchObject({
      immutableTags: true,
      scanOnPush: true,
      uri: expect.stringContaining('mig/web'),
    })
    const images = []
    for await (const image of ecrImages(sdk(ecr), 'mig/multi', 2)) images.push(image)
    const index = images.find((image) => image.digest === multi.digest)
    expect(index?.tags).toEqual(['v1'])
    const childSizes = multi.children.map((child) => child.blobs.slice(1).reduce((sum, blob) => sum + blob.size, 0))
    expect(index?.sizeBytes).toBe(Math.max(...childSizes))
    expect(index?.pushedAt).toBeInstanceOf(Date)
  })

  it('answers ECR throttling with backoff when writes are not paced', async () => {
    const tags = Array.from({ length: 25 }, (_, i) => `t${i}`)
    for (const tag of tags) await pushManifestTree(source.url, 'team/web', web, tag)
    // ECR's own PutImage rate (10/s) and a throttled control plane, with the product's default retry policy.
    const strict = await startEcrEmulator({ registry: ecr.registry, apiThrottle: { perSecond: 2, burst: 2 } })
    // The SDK client configured as the CLI configures it: adaptive retries for ThrottlingException.
    const client = new ECRClient({
      region: strict.region,
      endpoint: strict.controlUrl,
      credentials: KEY,
      maxAttempts: 8,
      retryMode: 'adaptive',
    })
    const run = migrationInto(strict, client, DEFAULT_RETRY_POLICY)
    try {
      const engine = collectingEngine(run.engineOptions())
      const report = await engine.run(
        tags.map((tag) => ({
          source: parseReference(`${source.host}/team/web:${tag}`),
          destination: parseReference(`${strict.registryHost}/throttled/web:${tag}`),
        })),
      )
      expect(report.tags.filter((t) => t.outcome !== 'copied').map((t) => t.error)).toEqual([])
    } finally {
      await run.close()
      await strict.stop()
    }
    // The control plane did push back, and every push got through in the end.
    expect(strict.logs.api.filter((entry) => entry.error === 'ThrottlingException').length).toBeGreaterThan(0)
    expect(tags.every((tag) => strict.image('throttled/web', tag)?.digest === web.digest)).toBe(true)
  })

  it('reports an existing repository whose settings differ instead of changing it', async () => {
    ecr.addRepository({ repositoryName: 'kept/app', imageTagMutability: 'MUTABLE', scanOnPush: false })
    const outcome = await new EcrRepositoryEnsurer(sdk(ecr), SETTINGS).ensure('kept/app')
    expect(outcome).toEqual({
      kind: 'existing',
      repository: 'kept/app',
      differences: ['tag mutability is MUTABLE, not IMMUTABLE_WITH_EXCLUSION', 'scan on push is off, not on'],
    })
    expect(ecr.repository('kept/app')?.imageTagMutability).toBe('MUTABLE')
  })

  it('keeps going across registry-token expiry: renewed before it runs out', async () => {
    const run = migrationInto(ecr)
    try {
      ecr.resetLogs()
      expect((await run.engine().run(pairsInto(ecr, 'long1'))).tags.every((t) => t.outcome === 'copied')).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 3_200))
      expect((await run.engine().run(pairsInto(ecr, 'long2'))).tags.every((t) => t.outcome === 'copied')).toBe(true)
    } finally {
      await run.close()
    }
    // Renewed at least once; a request that still met the old token at the very end was retried with the new one.
    expect(
      operations(ecr, 'GetAuthorizationToken').filter((entry) => entry.status === 200).length,
    ).toBeGreaterThanOrEqual(2)
  })

  it('renews a token the registry refuses before its announced expiry, and reports an immutable tag conflict', async () => {
    const clock = createManualClock(Date.now())
    const early = await startEcrEmulator({ registry: ecr.registry, clock, tokenLifetimeSeconds: 3600 })
    const run = migrationInto(early)
    try {
      expect((await run.engine().run(pairsInto(early, 'early').slice(0, 1))).tags[0]?.outcome).toBe('copied')
      // The emulator's clock jumps past the token's life while the client still believes it valid.
      clock.advance(2 * 3600_000)
      const report = await run.engine().run([
        ...pairsInto(early, 'early').slice(2),
        // 1.0 of team/web again, onto the existing immutable tag early/web:1.0 but from another image.
        {
          source: parseReference(`${source.host}/team/multi:v1`),
          destination: parseReference(`${early.registryHost}/early/web:1.0`),
        },
      ])
      expect(report.tags[0]?.outcome).toBe('copied')
      expect(report.tags[1]?.outcome).toBe('failed')
      expect(report.tags[1]?.error?.message).toMatch(/TAG_INVALID|immutable/i)
    } finally {
      await run.close()
      await early.stop()
    }
    // Two tokens issued (the SDK's own clock-skew retry after the emulator's clock jump is a refused extra call).
    expect(operations(early, 'GetAuthorizationToken').filter((entry) => entry.status === 200)).toHaveLength(2)
  })
})

async function ecrLogin(emulator: EcrEmulator): Promise<{ user: string; password: string }> {
  const credential = await ecrCredentialResolver({ client: sdk(emulator), registry: emulator.registryHost })(
    emulator.registryHost,
  )
  if (credential?.kind !== 'basic') throw new Error('no ECR login')
  return { user: credential.username, password: credential.password }
}
