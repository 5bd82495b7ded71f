import { describe, expect, it } from 'vitest'
import { filterIndex, parsePlatforms } from '../../../../src-main/core/migration/platform-filter'
import type { Digest } from '../../../../src-main/core/reference/digest'
import { digestOf } from '../../../../src-main/core/registry/verifying-stream'

const d = (c: string) => `sha256:${c.repeat(64)}` as Digest
const entry = (digest: Digest, platform: object, annotations?: object) => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest,
  size: 100,
  platform,
  ...(annotations ? { annotations } : {}),
})
const attestation = (digest: Digest, of: Digest) =>
  entry(
    digest,
    { os: 'unknown', architecture: 'unknown' },
    { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': of },
  )
const body = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    entry(d('a'), { os: 'linux', architecture: 'amd64' }),
    entry(d('b'), { os: 'linux', architecture: 'arm64', variant: 'v8' }),
    entry(d('c'), { os: 'windows', architecture: 'amd64' }),
    attestation(d('e'), d('a')),
    attestation(d('f'), d('b')),
  ],
  annotations: { 'org.opencontainers.image.source': 'https://example.com/app' },
}
const bytes = Buffer.from(JSON.stringify(body, null, 3))
const index = { mediaType: body.mediaType, bytes, digest: digestOf(bytes) }

describe('parsePlatforms', () => {
  it('reads a comma-separated list with optional variants', () => {
    expect(parsePlatforms('linux/amd64, linux/arm64/v8')).toEqual([
      { os: 'linux', architecture: 'amd64', variant: undefined },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ])
  })
  it.each(['linux', 'linux/arm64/v8/extra', ''])('refuses %j with an example', (text) => {
    expect(() => parsePlatforms(text)).toThrow(/OS\/ARCH/)
  })
})

describe('filterIndex', () => {
  it('keeps the wanted platforms and their attestations, and gives the result its own digest', () => {
    const result = filterIndex(index, parsePlatforms('linux/arm64'), 'app:1')
    expect(result.kept.map((e) => e.digest)).toEqual([d('b'), d('f')])
    expect(result.dropped.map((e) => e.digest)).toEqual([d('a'), d('c'), d('e')])
    const json = JSON.parse(result.manifest.bytes.toString())
    expect(json.manifests.map((e: { digest: string }) => e.digest)).toEqual([d('b'), d('f')])
    expect(json.annotations).toEqual(body.annotations)
    expect(result.manifest.digest).toBe(digestOf(result.manifest.bytes))
    expect(result.manifest.digest).not.toBe(index.digest)
  })

  it('leaves an index holding only wanted platforms byte for byte', () => {
    const result = filterIndex(index, parsePlatforms('linux/amd64,linux/arm64,windows/amd64'), 'app:1')
    expect(result.manifest).toBe(index)
  })

  it('names the platforms the index has when none is wanted', () => {
    expect(() => filterIndex(index, parsePlatforms('linux/s390x'), 'app:1')).toThrow(
      /none of the platforms asked for \(linux\/s390x\); it has linux\/amd64, linux\/arm64\/v8, windows\/amd64/,
    )
  })
})
