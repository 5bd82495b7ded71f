import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFaultProxy } from '../../support/fault-proxy'
import {
  buildArtifact,
  buildImage,
  buildIndex,
  getManifestDigest,
  listTags,
  pushManifestTree,
  pushRawManifest,
  pushStreamedBlob,
  randomLayer,
  type BasicAuth,
  type BuiltManifest,
} from '../../support/images'
import { startRegistry, type RunningRegistry } from '../../support/registry'

const ACCEPT_ALL = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ')

let registry: RunningRegistry
let secured: RunningRegistry

beforeAll(async () => {
  ;[registry, secured] = await Promise.all([startRegistry(), startRegistry({ auth: true })])
})

afterAll(async () => {
  await Promise.all([registry?.stop(), secured?.stop()])
})

function headers(auth?: BasicAuth, accept?: string): Record<string, string> {
  const out: Record<string, string> = accept ? { accept } : {}
  if (auth) out.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`
  return out
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

/** Reads every manifest and blob of the tree back and checks bytes, types and digests. */
async function expectStored(url: string, repo: string, m: BuiltManifest, auth?: BasicAuth): Promise<void> {
  const res = await fetch(`${url}/v2/${repo}/manifests/${m.digest}`, { headers: headers(auth, ACCEPT_ALL) })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe(m.mediaType)
  expect(res.headers.get('docker-content-digest')).toBe(m.digest)
  expect(Buffer.from(await res.arrayBuffer()).equals(m.bytes)).toBe(true)
  for (const blob of m.blobs) {
    const got = await fetch(`${url}/v2/${repo}/blobs/${blob.digest}`, { headers: headers(auth) })
    expect(got.status).toBe(200)
    expect(sha256(new Uint8Array(await got.arrayBuffer()))).toBe(blob.digest)
  }
  for (const child of m.children) await expectStored(url, repo, child, auth)
}

describe('image builders', () => {
  it('are deterministic per seed', () => {
    expect(buildImage({ format: 'oci', seed: 'a' }).digest).toBe(buildImage({ format: 'oci', seed: 'a' }).digest)
    expect(buildImage({ format: 'oci', seed: 'a' }).digest).not.toBe(buildImage({ format: 'oci', seed: 'b' }).digest)
    expect(randomLayer('s', 5000).bytes.equals(randomLayer('s', 5000).bytes)).toBe(true)
  })

  it('make well-formed manifests and configs', () => {
    const shared = randomLayer('base', 4096, 'docker')
    const image = buildImage({
      format: 'docker',
      seed: 'shape',
      layers: 3,
      layerSize: 1000,
      platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
      sharedLayers: [shared],
    })
    const manifest = JSON.parse(image.bytes.toString())
    expect(manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
    expect(manifest.layers).toHaveLength(4)
    expect(manifest.layers[0].digest).toBe(shared.digest)
    expect(manifest.layers.slice(1).map((l: { size: number }) => l.size)).toEqual([1000, 1000, 1000])
    const [config] = image.blobs
    expect(config!.mediaType).toBe('application/vnd.docker.container.image.v1+json')
    const parsed = JSON.parse(config!.bytes.toString())
    expect(parsed).toMatchObject({ architecture: 'arm64', os: 'linux', variant: 'v8', rootfs: { type: 'layers' } })
    expect(parsed.rootfs.diff_ids).toHaveLength(4)
    for (const id of parsed.rootfs.diff_ids) expect(id).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(buildImage({ format: 'oci', seed: 'x' }).blobs.map((b) => b.mediaType)).toEqual([
      'application/vnd.oci.image.config.v1+json',
      'application/vnd.oci.image.layer.v1.tar+gzip',
      'application/vnd.oci.image.layer.v1.tar+gzip',
    ])
  })

  it('refuse attestations in a Docker list', () => {
    expect(() => buildIndex({ format: 'docker', children: [], attestations: true })).toThrow()
  })
})

describe('pushing and reading back', () => {
  it('pushes a Docker image', async () => {
    const image = buildImage({ format: 'docker', seed: 'docker-image' })
    await pushManifestTree(registry.url, 'images/docker', image, 'v1')
    expect(await getManifestDigest(registry.url, 'images/docker', 'v1')).toBe(image.digest)
    await expectStored(registry.url, 'images/docker', image)
  })

  it('pushes an OCI image', async () => {
    const image = buildImage({ format: 'oci', seed: 'oci-image', layers: 1 })
    await pushManifestTree(registry.url, 'images/oci', image, 'v1')
    expect(await getManifestDigest(registry.url, 'images/oci', 'v1')).toBe(image.digest)
    await expectStored(registry.url, 'images/oci', image)
  })

  it('pushes a Docker manifest list with its children', async () => {
    const base = randomLayer('list-base', 3000, 'docker')
    const list = buildIndex({
      format: 'docker',
      children: [
        buildImage({ format: 'docker', seed: 'list-amd64', sharedLayers: [base] }),
        buildImage({
          format: 'docker',
          seed: 'list-arm64',
          platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
          sharedLayers: [base],
        }),
      ],
    })
    await pushManifestTree(registry.url, 'images/list', list, 'multi')
    expect(await getManifestDigest(registry.url, 'images/list', 'multi')).toBe(list.digest)
    await expectStored(registry.url, 'images/list', list)
    const body = JSON.parse(list.bytes.toString())
    expect(body.manifests.map((m: { platform: unknown }) => m.platform)).toEqual([
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'arm64', os: 'linux', variant: 'v8' },
    ])
  })

  it('pushes an OCI index with BuildKit-style attestations', async () => {
    const images = [
      buildImage({ format: 'oci', seed: 'att-amd64' }),
      buildImage({ format: 'oci', seed: 'att-arm64', platform: { architecture: 'arm64', os: 'linux' } }),
    ]
    const index = buildIndex({ format: 'oci', children: images, attestations: true })
    expect(index.children).toHaveLength(4)
    await pushManifestTree(registry.url, 'images/attested', index, 'latest')
    expect(await getManifestDigest(registry.url, 'images/attested', 'latest')).toBe(index.digest)
    await expectStored(registry.url, 'images/attested', index)

    const entries = JSON.parse(index.bytes.toString()).manifests
    for (const [i, image] of images.entries()) {
      const entry = entries[images.length + i]
      expect(entry.platform).toEqual({ architecture: 'unknown', os: 'unknown' })
      expect(entry.annotations).toEqual({
        'vnd.docker.reference.digest': image.digest,
        'vnd.docker.reference.type': 'attestation-manifest',
      })
      const attestation = JSON.parse(index.children[images.length + i]!.bytes.toString())
      expect(attestation.layers[0].mediaType).toBe('application/vnd.in-toto+json')
    }
  })

  it('pushes an OCI 1.1 artifact with a subject', async () => {
    const subject = buildImage({ format: 'oci', seed: 'subject' })
    await pushManifestTree(registry.url, 'images/artifact', subject, 'app')
    const artifact = buildArtifact({ subject, artifactType: 'application/vnd.example.sbom+json', seed: 'sbom' })
    await pushManifestTree(registry.url, 'images/artifact', artifact)
    await expectStored(registry.url, 'images/artifact', artifact)
    const body = JSON.parse(artifact.bytes.toString())
    expect(body.artifactType).toBe('application/vnd.example.sbom+json')
    expect(body.config).toEqual({
      mediaType: 'application/vnd.oci.empty.v1+json',
      digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
      size: 2,
    })
    expect(body.subject).toEqual({ mediaType: subject.mediaType, digest: subject.digest, size: subject.bytes.length })
  })

  it('streams an 8 MiB blob identical to randomLayer', async () => {
    const size = 8 * 1024 * 1024
    const pushed = await pushStreamedBlob(registry.url, 'images/big', { seed: 'eight', size })
    expect(pushed).toEqual({ digest: randomLayer('eight', size).digest, size })
    const head = await fetch(`${registry.url}/v2/images/big/blobs/${pushed.digest}`, { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe(String(size))
    const got = await fetch(`${registry.url}/v2/images/big/blobs/${pushed.digest}`)
    expect(sha256(new Uint8Array(await got.arrayBuffer()))).toBe(pushed.digest)
  })

  it('pushes raw manifests under any reference', async () => {
    const image = buildImage({ format: 'oci', seed: 'raw' })
    await pushManifestTree(registry.url, 'images/raw', image)
    await pushRawManifest(registry.url, 'images/raw', 'by-hand', image.mediaType, image.bytes)
    expect(await getManifestDigest(registry.url, 'images/raw', 'by-hand')).toBe(image.digest)
    expect(await getManifestDigest(registry.url, 'images/raw', 'missing')).toBeUndefined()
  })

  it('lists tags, following Link pages', async () => {
    const image = buildImage({ format: 'docker', seed: 'tags' })
    await pushManifestTree(registry.url, 'images/tags', image, 'a')
    for (const tag of ['b', 'c']) await pushRawManifest(registry.url, 'images/tags', tag, image.mediaType, image.bytes)
    expect((await listTags(registry.url, 'images/tags')).sort()).toEqual(['a', 'b', 'c'])
    expect(await listTags(registry.url, 'images/none')).toEqual([])

    // distribution 2.8 never paginates tags, so a proxy fakes the first page.
    const proxy = await startFaultProxy(registry.host)
    try {
      proxy.inject({
        path: /\/tags\/list$/,
        fault: {
          kind: 'status',
          status: 200,
          headers: { 'content-type': 'application/json', link: '</v2/images/tags/tags/list?n=2&last=z>; rel="next"' },
          body: JSON.stringify({ name: 'images/tags', tags: ['y', 'z'] }),
        },
      })
      expect((await listTags(proxy.url, 'images/tags')).sort()).toEqual(['a', 'b', 'c', 'y', 'z'])
      expect(proxy.requests.map((r) => r.path)).toEqual([
        '/v2/images/tags/tags/list',
        '/v2/images/tags/tags/list?n=2&last=z',
      ])
    } finally {
      await proxy.stop()
    }
  })

  it('pushes and reads with Basic auth', async () => {
    const image = buildImage({ format: 'oci', seed: 'secured' })
    await expect(pushManifestTree(secured.url, 'images/secure', image, 'v1')).rejects.toThrow(/401/)
    await pushManifestTree(secured.url, 'images/secure', image, 'v1', secured.auth)
    expect(await getManifestDigest(secured.url, 'images/secure', 'v1', secured.auth)).toBe(image.digest)
    expect(await listTags(secured.url, 'images/secure', secured.auth)).toEqual(['v1'])
    const streamed = { seed: 'secured-blob', size: 70_000 }
    const blob = await pushStreamedBlob(secured.url, 'images/secure', streamed, secured.auth)
    const head = await fetch(`${secured.url}/v2/images/secure/blobs/${blob.digest}`, {
      method: 'HEAD',
      headers: headers(secured.auth),
    })
    expect(head.status).toBe(200)
    await expectStored(secured.url, 'images/secure', image, secured.auth)
  })
})
