import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildImage, getManifestDigest, pushManifestTree, pushRawManifest } from '../../../support/images'
import { sha256Digest } from '../../../support/deterministic-bytes'
import { startRegistry, type RunningRegistry } from '../../../support/registry'
import { endpoint, pair, testEngine } from '../../../support/crossdock-harness'
import { startFaultProxy, type ProxiedRequest } from '../../../support/fault-proxy'
import pLimit from 'p-limit'
import { BlobCopier } from '../../../../src-main/core/migration/blob-copier'
import { CopyStats } from '../../../../src-main/core/migration/copy-stats'
import { ManifestCopier } from '../../../../src-main/core/migration/manifest-copier'
import type { Digest } from '../../../../src-main/core/reference/digest'
import { TEST_RETRY } from '../../../support/crossdock-harness'

let source: RunningRegistry
let destination: RunningRegistry

beforeAll(async () => {
  ;[source, destination] = await Promise.all([startRegistry(), startRegistry({ auth: true })])
})
afterAll(async () => {
  await Promise.all([source?.stop(), destination?.stop()])
})

/** The "tricky" corpus entry: an OCI index without `mediaType` whose only child is also tagged. */
async function pushIndexWithTaggedChild(repository: string): Promise<{ child: string; index: string }> {
  const child = buildImage({ format: 'oci', seed: `${repository}/child` })
  await pushManifestTree(source.url, repository, child, 'image')
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        { mediaType: child.mediaType, digest: child.digest, size: child.bytes.length, platform: child.platform },
      ],
    }),
  )
  await pushRawManifest(source.url, repository, 'index', 'application/vnd.oci.image.index.v1+json', bytes)
  return { child: child.digest, index: sha256Digest(bytes) }
}

const overlaps = (a: ProxiedRequest, b: ProxiedRequest): boolean =>
  a.opened < (b.closed ?? Infinity) && b.opened < (a.closed ?? Infinity)

describe('ManifestCopier against real registries', () => {
  it(
    'never sends an index PUT while a PUT of one of its children is outstanding (distribution reads a half-rewritten ' +
      'link: DIGEST_INVALID)',
    async () => {
      const { child, index } = await pushIndexWithTaggedChild('tricky/no-mediatype')
      const proxy = await startFaultProxy(destination.host)
      // Holds the child's tag PUT: before the fix the index PUT went out meanwhile, which is the race that failed 1 run
      // in 13.
      proxy.inject({ method: 'PUT', path: /\/manifests\/image$/, fault: { kind: 'delay', ms: 1000 } })
      const harness = testEngine(endpoint(source), { host: proxy.host, auth: destination.auth })
      try {
        const report = await harness.engine.run([
          pair(`${source.host}/tricky/no-mediatype:image`, `${proxy.host}/mirror/no-mediatype:image`),
          pair(`${source.host}/tricky/no-mediatype:index`, `${proxy.host}/mirror/no-mediatype:index`),
        ])
        expect(report.tags.map((t) => [t.outcome, t.error?.message])).toEqual([
          ['copied', undefined],
          ['copied', undefined],
        ])
        const puts = proxy.requests.filter((r) => r.method === 'PUT' && r.path.includes('/manifests/'))
        const indexPuts = puts.filter((r) => r.path.endsWith('/manifests/index'))
        const childPuts = puts.filter(
          (r) => r.path.endsWith('/manifests/image') || r.path.endsWith(`/manifests/${child}`),
        )
        expect(indexPuts).toHaveLength(1)
        expect(childPuts).toHaveLength(2)
        expect(childPuts.filter((put) => overlaps(put, indexPuts[0]!))).toEqual([])
      } finally {
        await harness.close()
        await proxy.stop()
      }
      expect(await getManifestDigest(destination.url, 'mirror/no-mediatype', 'index', destination.auth)).toBe(index)
      expect(await getManifestDigest(destination.url, 'mirror/no-mediatype', 'image', destination.auth)).toBe(child)
    },
  )

  it(
    'holds no manifest bytes once a tag is done: a later alias reads them back from the destination, never a second ' +
      'source pull',
    async () => {
      const image = buildImage({ format: 'oci', seed: 'memory/alias' })
      await pushManifestTree(source.url, 'memory/alias', image, 'v1')
      const [sourceProxy, destinationProxy] = await Promise.all([
        startFaultProxy(source.host),
        startFaultProxy(destination.host),
      ])
      const harness = testEngine({ host: sourceProxy.host }, { host: destinationProxy.host, auth: destination.auth })
      const stats = new CopyStats()
      const limit = pLimit(4)
      const copier = new ManifestCopier({
        blobs: new BlobCopier({ limit, retry: TEST_RETRY, stats }),
        limit,
        stats,
        dryRun: false,
      })
      const repositories = {
        source: harness.sourcePool.client(sourceProxy.host),
        sourceRepository: 'memory/alias',
        destination: harness.destinationPool.client(destinationProxy.host),
        destinationRepository: 'memory/alias',
        destinationFresh: true,
      }
      const manifestGets = (proxy: typeof sourceProxy) =>
        proxy.requests.filter((r) => r.method === 'GET' && r.path.includes('/manifests/')).length
      try {
        await copier.copyTag(repositories, image.digest as Digest, 'v1')
        expect(manifestGets(sourceProxy)).toBe(1)
        expect(manifestGets(destinationProxy)).toBe(0)
        const blobRequests = (): number => destinationProxy.requests.filter((r) => r.path.includes('/blobs/')).length
        const blobRequestsForFirstTag = blobRequests()
        // Two aliases at once share one read-back; the bytes are dropped again once both are done.
        await Promise.all([
          copier.copyTag(repositories, image.digest as Digest, 'v1.0'),
          copier.copyTag(repositories, image.digest as Digest, 'latest'),
        ])
        expect(manifestGets(sourceProxy)).toBe(1)
        expect(manifestGets(destinationProxy)).toBe(1)
        await copier.copyTag(repositories, image.digest as Digest, 'stable')
        expect(manifestGets(destinationProxy)).toBe(2)
        // Nothing under the manifest was looked at again for the aliases.
        expect(stats.snapshot().blobsUploaded).toBe(image.blobs.length)
        expect(blobRequests()).toBe(blobRequestsForFirstTag)
      } finally {
        await harness.close()
        await Promise.all([sourceProxy.stop(), destinationProxy.stop()])
      }
      for (const tag of ['v1', 'v1.0', 'latest', 'stable'])
        expect(await getManifestDigest(destination.url, 'memory/alias', tag, destination.auth)).toBe(image.digest)
    },
  )
})
