import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ErrorCode } from '../../../../src-main/core/lib/errors'
import type { Digest } from '../../../../src-main/core/reference/digest'
import {
  detectMediaType,
  parseManifest,
  requiredBlobs,
  type ManifestContent,
  type RawManifest,
} from '../../../../src-main/core/registry/manifest'
import { MediaType } from '../../../../src-main/core/registry/media-types'

const d = (seed: string): Digest => `sha256:${createHash('sha256').update(seed).digest('hex')}` as Digest
const desc = (mediaType: string, seed: string, size = 100) => ({ mediaType, digest: d(seed), size })

const CONFIG = desc('application/vnd.oci.image.config.v1+json', 'config', 321)
const LAYER_A = desc('application/vnd.oci.image.layer.v1.tar+gzip', 'layer-a', 1000)
const LAYER_B = desc('application/vnd.oci.image.layer.v1.tar+gzip', 'layer-b', 2000)
const DOCKER_CONFIG = desc('application/vnd.docker.container.image.v1+json', 'docker-config', 123)
const DOCKER_LAYER = desc('application/vnd.docker.image.rootfs.diff.tar.gzip', 'docker-layer', 4567)

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))
const raw = (mediaType: string, value: unknown): RawManifest => {
  const bytes = json(value)
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}` as Digest, mediaType, bytes }
}

const dockerManifest = {
  schemaVersion: 2,
  mediaType: MediaType.dockerManifest,
  config: DOCKER_CONFIG,
  layers: [DOCKER_LAYER],
}
const ociManifestNoType = { schemaVersion: 2, config: CONFIG, layers: [LAYER_A] }
const ociIndexNoType = { schemaVersion: 2, manifests: [desc(MediaType.ociManifest, 'child')] }
const schema1 = {
  schemaVersion: 1,
  name: 'library/old',
  tag: 'latest',
  architecture: 'amd64',
  fsLayers: [{ blobSum: d('x') }],
}

describe('detectMediaType', () => {
  it.each<[string, unknown, string | undefined, string]>([
    ['the Content-Type wins over the body', dockerManifest, MediaType.ociIndex, MediaType.ociIndex],
    [
      'Content-Type parameters are ignored',
      ociManifestNoType,
      `${MediaType.dockerManifest}; charset=utf-8`,
      MediaType.dockerManifest,
    ],
    ['application/json falls back to the body', dockerManifest, 'application/json', MediaType.dockerManifest],
    ['text/plain falls back to the body', dockerManifest, 'text/plain; charset=utf-8', MediaType.dockerManifest],
    [
      'application/octet-stream falls back to the body',
      dockerManifest,
      'application/octet-stream',
      MediaType.dockerManifest,
    ],
    ['no Content-Type falls back to the body', dockerManifest, undefined, MediaType.dockerManifest],
    ['an empty Content-Type falls back to the body', dockerManifest, '', MediaType.dockerManifest],
    ['a body with manifests is an OCI index', ociIndexNoType, 'application/json', MediaType.ociIndex],
    ['a body with layers is an OCI manifest', ociManifestNoType, undefined, MediaType.ociManifest],
    ['schemaVersion 1 is schema 1', { schemaVersion: 1 }, 'application/json', MediaType.dockerSchema1],
    ['fsLayers is schema 1', { fsLayers: [] }, undefined, MediaType.dockerSchema1],
    ['a signed schema 1 Content-Type is kept', schema1, MediaType.dockerSchema1Signed, MediaType.dockerSchema1Signed],
  ])('%s', (_name, body, contentType, expected) => {
    expect(detectMediaType(json(body), contentType, 'GET manifest a:b')).toBe(expected)
  })

  it.each<[string, Buffer]>([
    ['HTML', Buffer.from('<html>login</html>')],
    ['a JSON array', json([1, 2])],
    ['a JSON string', json('manifest')],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s as MANIFEST_INVALID naming the manifest', (_name, bytes) => {
    expect(() => detectMediaType(bytes, MediaType.ociManifest, 'GET manifest team/app:1')).toThrow(
      expect.objectContaining({ code: 'MANIFEST_INVALID', message: 'GET manifest team/app:1 is not a JSON manifest.' }),
    )
  })
})

describe('parseManifest', () => {
  it.each<[string, RawManifest, ManifestContent]>([
    [
      'a Docker schema 2 manifest',
      raw(MediaType.dockerManifest, dockerManifest),
      { kind: 'image', config: DOCKER_CONFIG, layers: [DOCKER_LAYER], subject: undefined, artifactType: undefined },
    ],
    [
      'a Docker manifest list',
      raw(MediaType.dockerManifestList, {
        schemaVersion: 2,
        mediaType: MediaType.dockerManifestList,
        manifests: [
          { ...desc(MediaType.dockerManifest, 'amd64'), platform: { architecture: 'amd64', os: 'linux' } },
          {
            ...desc(MediaType.dockerManifest, 'arm64'),
            platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
          },
        ],
      }),
      {
        kind: 'index',
        manifests: [
          { ...desc(MediaType.dockerManifest, 'amd64'), platform: { architecture: 'amd64', os: 'linux' } },
          {
            ...desc(MediaType.dockerManifest, 'arm64'),
            platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
          },
        ],
        subject: undefined,
      },
    ],
    [
      'an OCI manifest with subject and artifactType',
      raw(MediaType.ociManifest, {
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
        config: desc('application/vnd.oci.empty.v1+json', 'empty', 2),
        layers: [LAYER_A],
        subject: desc(MediaType.ociManifest, 'subject', 999),
      }),
      {
        kind: 'image',
        config: desc('application/vnd.oci.empty.v1+json', 'empty', 2),
        layers: [LAYER_A],
        subject: desc(MediaType.ociManifest, 'subject', 999),
        artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
      },
    ],
    [
      'an OCI index (with a subject)',
      raw(MediaType.ociIndex, {
        schemaVersion: 2,
        mediaType: MediaType.ociIndex,
        manifests: [desc(MediaType.ociManifest, 'child')],
        subject: desc(MediaType.ociIndex, 'parent'),
      }),
      { kind: 'index', manifests: [desc(MediaType.ociManifest, 'child')], subject: desc(MediaType.ociIndex, 'parent') },
    ],
    [
      'a legacy OCI artifact manifest with blobs',
      raw(MediaType.ociArtifactManifest, {
        mediaType: MediaType.ociArtifactManifest,
        artifactType: 'application/vnd.example.sbom',
        blobs: [LAYER_A, LAYER_B],
        subject: desc(MediaType.ociManifest, 'subject'),
      }),
      {
        kind: 'image',
        config: undefined,
        layers: [LAYER_A, LAYER_B],
        subject: desc(MediaType.ociManifest, 'subject'),
        artifactType: 'application/vnd.example.sbom',
      },
    ],
    [
      'a manifest without layers',
      raw(MediaType.ociManifest, { schemaVersion: 2, config: CONFIG }),
      { kind: 'image', config: CONFIG, layers: [], subject: undefined, artifactType: undefined },
    ],
  ])('reads %s', (_name, manifest, expected) => {
    expect(parseManifest(manifest, 'team/app@x')).toEqual(expected)
  })

  it.each([MediaType.dockerSchema1, MediaType.dockerSchema1Signed])(
    'refuses schema 1 (%s) as UNSUPPORTED and says what to do',
    (mediaType) => {
      let error: unknown
      try {
        parseManifest(raw(mediaType, schema1), 'docker.io/library/old:latest')
      } catch (caught) {
        error = caught
      }
      expect(error).toMatchObject({ code: 'UNSUPPORTED', retryable: false })
      const message = (error as Error).message
      expect(message).toContain('docker.io/library/old:latest')
      expect(message).toContain('schema 1')
      expect(message).toMatch(/Rebuild and push the image with a current Docker/)
    },
  )

  const image = (layers: unknown, extra: Record<string, unknown> = {}) =>
    raw(MediaType.ociManifest, { schemaVersion: 2, config: CONFIG, layers, ...extra })
  const index = (manifests: unknown) => raw(MediaType.ociIndex, { schemaVersion: 2, manifests })

  it.each<[string, RawManifest, ErrorCode, string]>([
    [
      'a layer without a digest',
      image([{ mediaType: LAYER_A.mediaType, size: 1 }]),
      'MANIFEST_INVALID',
      'team/app@x layers[0]',
    ],
    [
      'a layer without a media type',
      image([LAYER_A, { digest: d('b'), size: 1 }]),
      'MANIFEST_INVALID',
      'team/app@x layers[1]',
    ],
    ['a negative size', image([{ ...LAYER_A, size: -1 }]), 'MANIFEST_INVALID', 'layers[0]'],
    ['a fractional size', image([{ ...LAYER_A, size: 1.5 }]), 'MANIFEST_INVALID', 'layers[0]'],
    ['a size given as a string', image([{ ...LAYER_A, size: '100' }]), 'MANIFEST_INVALID', 'layers[0]'],
    ['a null layer', image([null]), 'MANIFEST_INVALID', 'layers[0]'],
    ['layers that are not a list', image({ 0: LAYER_A }), 'MANIFEST_INVALID', 'team/app@x layers is not a list'],
    ['a config that is null', image([LAYER_A], { config: null }), 'MANIFEST_INVALID', 'team/app@x config'],
    [
      'a subject without a size',
      image([LAYER_A], { subject: { mediaType: MediaType.ociManifest, digest: d('s') } }),
      'MANIFEST_INVALID',
      'team/app@x subject',
    ],
    [
      'an index without manifests',
      raw(MediaType.ociIndex, { schemaVersion: 2 }),
      'MANIFEST_INVALID',
      'team/app@x manifests is not a list',
    ],
    [
      'an index entry with a bad size',
      index([{ ...desc(MediaType.ociManifest, 'c'), size: null }]),
      'MANIFEST_INVALID',
      'manifests[0]',
    ],
    [
      'a descriptor with a malformed digest',
      image([{ ...LAYER_A, digest: 'sha256:xyz' }]),
      'MANIFEST_INVALID',
      'layers[0] has an invalid digest',
    ],
    [
      'a descriptor with an unsupported algorithm',
      image([{ ...LAYER_A, digest: `md5:${'a'.repeat(32)}` }]),
      'MANIFEST_INVALID',
      'md5',
    ],
    [
      'a body that is not JSON',
      { ...image([]), bytes: Buffer.from('{oops') },
      'MANIFEST_INVALID',
      'not a JSON manifest',
    ],
  ])('refuses %s', (_name, manifest, code, message) => {
    expect(() => parseManifest(manifest, 'team/app@x')).toThrow(
      expect.objectContaining({ code, message: expect.stringContaining(message) }),
    )
  })
})

describe('requiredBlobs', () => {
  const foreign = desc(MediaType.dockerForeignLayer, 'windows-base', 100_000_000)
  const nondistributable = MediaType.ociNondistributableLayers.map((mediaType, i) => desc(mediaType, `nondist-${i}`))

  it('keeps the config first, then the layers, and drops foreign (Windows) layers', () => {
    const content = parseManifest(
      raw(MediaType.dockerManifest, {
        schemaVersion: 2,
        mediaType: MediaType.dockerManifest,
        config: DOCKER_CONFIG,
        layers: [foreign, DOCKER_LAYER],
      }),
      'win@x',
    )
    expect(content.kind).toBe('image')
    if (content.kind !== 'image') return
    expect(requiredBlobs(content)).toEqual([DOCKER_CONFIG, DOCKER_LAYER])
  })

  it('drops every OCI non-distributable layer type', () => {
    expect(requiredBlobs({ kind: 'image', config: CONFIG, layers: [...nondistributable, LAYER_A] })).toEqual([
      CONFIG,
      LAYER_A,
    ])
  })

  it('lists only the layers when there is no config (legacy artifact)', () => {
    expect(requiredBlobs({ kind: 'image', layers: [LAYER_A, LAYER_B] })).toEqual([LAYER_A, LAYER_B])
  })
})
