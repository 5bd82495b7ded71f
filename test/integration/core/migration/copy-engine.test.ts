import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildArtifact,
  buildImage,
  buildIndex,
  getManifestDigest,
  listTags,
  pushManifestTree,
  pushRawManifest,
  type BuiltManifest,
} from '../../../support/images'
import { startRegistry, type RunningRegistry } from '../../../support/registry'
import { copyPairs } from '../../../../src-main/cli/copy-command'
import { CrossdockError } from '../../../../src-main/core/lib/errors'
import { PauseGate } from '../../../../src-main/core/lib/pause-gate'
import { copyOnce, endpoint, pair, testEngine } from '../../../support/crossdock-harness'
import { startFaultProxy } from '../../../support/fault-proxy'

let source: RunningRegistry
let destination: RunningRegistry

beforeAll(async () => {
  ;[source, destination] = await Promise.all([startRegistry(), startRegistry({ auth: true })])
})
afterAll(async () => {
  await Promise.all([source?.stop(), destination?.stop()])
})

/** Every manifest of the tree (index, children) must exist at the destination under the same digest. */
async function expectTreeAt(registry: RunningRegistry, repository: string, manifest: BuiltManifest): Promise<void> {
  expect(await getManifestDigest(registry.url, repository, manifest.digest, registry.auth)).toBe(manifest.digest)
  for (const child of manifest.children) await expectTreeAt(registry, repository, child)
}

async function sameDigest(repository: string, tag: string, destinationRepository = repository): Promise<void> {
  const expected = await getManifestDigest(source.url, repository, tag)
  expect(expected).toMatch(/^sha256:/)
  expect(await getManifestDigest(destination.url, destinationRepository, tag, destination.auth)).toBe(expected)
}

describe('CopyEngine against real registries', () => {
  it('copies a Docker schema 2 image digest for digest, then skips it on a second run without uploading', async () => {
    const image = buildImage({ format: 'docker', seed: 'schema2', layers: 3 })
    await pushManifestTree(source.url, 'apps/docker', image, '1.0')
    const first = await copyOnce(endpoint(source), endpoint(destination), [
      pair(`${source.host}/apps/docker:1.0`, `${destination.host}/apps/docker:1.0`),
    ])
    expect(first.tags.map((t) => t.outcome)).toEqual(['copied'])
    expect(first.progress.blobsUploaded).toBe(4)
    await sameDigest('apps/docker', '1.0')

    const second = await copyOnce(endpoint(source), endpoint(destination), [
      pair(`${source.host}/apps/docker:1.0`, `${destination.host}/apps/docker:1.0`),
    ])
    expect(second.tags.map((t) => t.outcome)).toEqual(['skipped'])
    expect(second.progress.bytesUploaded).toBe(0)
    expect(second.progress.blobsUploaded).toBe(0)
  })

  it('copies an OCI image into a nested path a/b/c/d', async () => {
    const image = buildImage({ format: 'oci', seed: 'nested', layers: 2 })
    await pushManifestTree(source.url, 'a/b/c/d', image, 'v1')
    const report = await copyOnce(endpoint(source), endpoint(destination), [
      pair(`${source.host}/a/b/c/d:v1`, `${destination.host}/a/b/c/d:v1`),
    ])
    expect(report.tags[0]?.outcome).toBe('copied')
    await sameDigest('a/b/c/d', 'v1')
  })

  it.each(['docker', 'oci'] as const)(
    'copies a multi-arch %s index with every child, attestations included',
    async (format) => {
      const children = [
        buildImage({ format, seed: `${format}-amd64`, platform: { architecture: 'amd64', os: 'linux' } }),
        buildImage({
          format,
          seed: `${format}-arm64`,
          platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
        }),
      ]
      const index = buildIndex({ format, children, attestations: format === 'oci' })
      await pushManifestTree(source.url, `multi/${format}`, index, 'latest')
      const report = await copyOnce(endpoint(source), endpoint(destination), [
        pair(`${source.host}/multi/${format}:latest`, `${destination.host}/multi/${format}:latest`),
      ])
      expect(report.tags[0]?.outcome).toBe('copied')
      await sameDigest(`multi/${format}`, 'latest')
      await expectTreeAt(destination, `multi/${format}`, index)
      if (format === 'oci') expect(index.children).toHaveLength(4)
    },
  )

  it('copies an OCI artifact together with its subject, and referrers of the tag schema with --referrers', async () => {
    const subject = buildImage({ format: 'oci', seed: 'signed-app' })
    const signature = buildArtifact({
      subject,
      artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
      seed: 'sig',
    })
    await pushManifestTree(source.url, 'signed/app', subject, 'v1')
    const fallbackTag = `sha256-${subject.digest.slice('sha256:'.length)}`
    await pushManifestTree(source.url, 'signed/app', signature, fallbackTag)

    const report = await copyOnce(
      endpoint(source),
      endpoint(destination),
      [pair(`${source.host}/signed/app:v1`, `${destination.host}/signed/app:v1`)],
      { referrers: true },
    )
    expect(report.tags.map((t) => [t.destination.split(':').pop(), t.outcome])).toEqual([
      ['v1', 'copied'],
      [fallbackTag, 'copied'],
    ])
    await sameDigest('signed/app', fallbackTag)

    // The artifact alone, by tag, into another repository: its subject must arrive first.
    const alone = await copyOnce(endpoint(source), endpoint(destination), [
      pair(`${source.host}/signed/app:${fallbackTag}`, `${destination.host}/signed/only-sig:${fallbackTag}`),
    ])
    expect(alone.tags[0]?.outcome).toBe('copied')
    expect(await getManifestDigest(destination.url, 'signed/only-sig', subject.digest, destination.auth)).toBe(
      subject.digest,
    )
  })

  it('uploads a blob shared by many repositories once and mounts it everywhere else', async () => {
    const base = buildImage({ format: 'oci', seed: 'shared-base', layers: 2, layerSize: 64 * 1024 })
    const repositories = ['shared/one', 'shared/two', 'shared/three']
    const images = repositories.map((repository) =>
      buildImage({ format: 'oci', seed: repository, sharedLayers: base.blobs.slice(1), layers: 1 }),
    )
    // Seeded one by one: concurrent uploads of one blob race inside distribution (the race the engine avoids).
    for (const [i, image] of images.entries()) await pushManifestTree(source.url, repositories[i]!, image, 'v1')
    const report = await copyOnce(
      endpoint(source),
      endpoint(destination),
      repositories.map((repository) => pair(`${source.host}/${repository}:v1`, `${destination.host}/${repository}:v1`)),
    )
    expect(report.tags.every((t) => t.outcome === 'copied')).toBe(true)
    // Each repository has its own config and app layer (2 × 3); the 2 shared layers go up once, then mount twice each.
    expect(report.progress.blobsUploaded).toBe(8)
    expect(report.progress.blobsMounted).toBe(4)
    for (const repository of repositories) await sameDigest(repository, 'v1')
  })

  it('pages through 1,200 tags and copies them all, fetching the shared manifest once', async () => {
    const image = buildImage({ format: 'oci', seed: 'many-tags' })
    await pushManifestTree(source.url, 'paging/many', image, 't0')
    const tags = Array.from({ length: 1200 }, (_, i) => `t${i}`)
    for (let i = 1; i < tags.length; i += 50) {
      await Promise.all(
        tags
          .slice(i, i + 50)
          .map((tag) => pushRawManifest(source.url, 'paging/many', tag, image.mediaType, image.bytes)),
      )
    }
    // Pages of 500 in front of the source, as a paging registry would answer our n=1000.
    const paging = await startFaultProxy(source.host, { pageTags: 500 })
    const harness = testEngine({ host: paging.host }, endpoint(destination))
    try {
      const pools = { source: harness.sourcePool, destination: harness.destinationPool, close: async () => undefined }
      const pairs = await copyPairs(`${paging.host}/paging/many`, `${destination.host}/paging/many`, true, pools)
      expect(pairs).toHaveLength(1200)
      const pages = paging.requests.filter((r) => r.path.includes('/tags/list')).map((r) => r.path.split('?')[1])
      expect(pages).toHaveLength(3)
      expect(pages[0]).toBe('n=1000')
      expect(pages.slice(1).every((query) => /^n=500&last=t\d+$/.test(query!))).toBe(true)
      const report = await harness.engine.run(pairs)
      expect(report.tags.filter((t) => t.outcome !== 'copied').map((t) => t.error)).toEqual([])
      expect(report.progress.blobsUploaded).toBe(image.blobs.length)
      expect(paging.requests.filter((r) => r.method === 'GET' && r.path.includes('/manifests/'))).toHaveLength(1)
    } finally {
      await harness.close()
      await paging.stop()
    }
    expect((await listTags(destination.url, 'paging/many', destination.auth)).sort()).toEqual([...tags].sort())
  })

  it('copies by digest without a tag, and plans without writing on a dry run', async () => {
    const image = buildImage({ format: 'oci', seed: 'by-digest', layers: 2, layerSize: 10_000 })
    await pushManifestTree(source.url, 'digest/only', image)
    const plan = await copyOnce(
      endpoint(source),
      endpoint(destination),
      [pair(`${source.host}/digest/only@${image.digest}`, `${destination.host}/digest/only@${image.digest}`)],
      { dryRun: true },
    )
    expect(plan.tags[0]?.outcome).toBe('copied')
    expect(plan.plan).toEqual({ blobsToUpload: 3, bytesToUpload: image.blobs.reduce((sum, b) => sum + b.size, 0) })
    expect(await getManifestDigest(destination.url, 'digest/only', image.digest, destination.auth)).toBeUndefined()

    const report = await copyOnce(endpoint(source), endpoint(destination), [
      pair(`${source.host}/digest/only@${image.digest}`, `${destination.host}/digest/only@${image.digest}`),
    ])
    expect(report.tags[0]?.outcome).toBe('copied')
    expect(await getManifestDigest(destination.url, 'digest/only', image.digest, destination.auth)).toBe(image.digest)
  })

  it('prepares each destination repository once before pushing to it, and fails its tags if that fails', async () => {
    const image = buildImage({ format: 'oci', seed: 'prepared' })
    await pushManifestTree(source.url, 'prepared/app', image, 'a')
    await pushManifestTree(source.url, 'prepared/app', image, 'b')
    const prepared: string[] = []
    const prepareDestination = async (_registry: string, repository: string) => {
      prepared.push(repository)
      if (repository.startsWith('refused/')) throw new CrossdockError('DENIED', `not allowed to create ${repository}`)
    }
    const report = await copyOnce(
      endpoint(source),
      endpoint(destination),
      [
        pair(`${source.host}/prepared/app:a`, `${destination.host}/prepared/app:a`),
        pair(`${source.host}/prepared/app:b`, `${destination.host}/prepared/app:b`),
        pair(`${source.host}/prepared/app:a`, `${destination.host}/refused/app:a`),
      ],
      { prepareDestination },
    )
    expect(report.tags.map((t) => t.outcome)).toEqual(['copied', 'copied', 'failed'])
    expect(report.tags[2]?.error).toEqual({ code: 'DENIED', message: 'not allowed to create refused/app' })
    expect(prepared.sort()).toEqual(['prepared/app', 'refused/app'])
  })

  it('pausing holds back every manifest fetch and blob transfer until resumed', async () => {
    const image = buildImage({ format: 'oci', seed: 'paused', layers: 3 })
    await pushManifestTree(source.url, 'apps/paused', image, 'v1')
    const watched = await startFaultProxy(source.host)
    const pause = new PauseGate()
    pause.pause()
    try {
      const run = copyOnce(
        { host: watched.host },
        endpoint(destination),
        [pair(`${watched.host}/apps/paused:v1`, `${destination.host}/apps/paused:v1`)],
        { pause },
      )
      await new Promise((resolve) => setTimeout(resolve, 500))
      const whilePaused = watched.requests.filter((r) => r.method === 'GET' && /\/(manifests|blobs)\//.test(r.path))
      expect(whilePaused).toEqual([])
      pause.resume()
      const report = await run
      expect(report.tags.map((t) => t.outcome)).toEqual(['copied'])
      expect(watched.requests.filter((r) => r.method === 'GET' && r.path.includes('/blobs/'))).toHaveLength(
        image.blobs.length,
      )
    } finally {
      await watched.stop()
    }
    await sameDigest('apps/paused', 'v1')
  })

  it('reports a missing source tag as a failure with its reason and copies the rest', async () => {
    const image = buildImage({ format: 'oci', seed: 'partial' })
    await pushManifestTree(source.url, 'partial/app', image, 'exists')
    const report = await copyOnce(endpoint(source), endpoint(destination), [
      pair(`${source.host}/partial/app:missing`, `${destination.host}/partial/app:missing`),
      pair(`${source.host}/partial/app:exists`, `${destination.host}/partial/app:exists`),
    ])
    expect(report.tags.map((t) => t.outcome)).toEqual(['failed', 'copied'])
    expect(report.tags[0]?.error).toMatchObject({ code: 'MANIFEST_UNKNOWN' })
    expect(report.tags[0]?.error?.message).toContain('partial/app:missing')
  })
})
