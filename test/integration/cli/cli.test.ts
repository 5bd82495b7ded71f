import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { version } from '../../../package.json'
import { runCrossdock } from '../../support/cli'
import {
  buildImage,
  buildIndex,
  getManifestDigest,
  listTags,
  pushManifestTree,
  pushStreamedBlob,
  type BuiltManifest,
} from '../../support/images'
import { startRegistry, type RunningRegistry } from '../../support/registry'

let source: RunningRegistry
let destination: RunningRegistry
let image: BuiltManifest

beforeAll(async () => {
  ;[source, destination] = await Promise.all([startRegistry(), startRegistry({ auth: true })])
  image = buildImage({ format: 'oci', seed: 'cli', layers: 2, layerSize: 4096 })
  // One tag after the other: two concurrent uploads of one blob into one repository race inside distribution.
  await pushManifestTree(source.url, 'cli/app', image, '1.0')
  await Promise.all([
    pushManifestTree(source.url, 'cli/app', image, 'latest'),
    pushManifestTree(source.url, 'team/a', buildImage({ format: 'docker', seed: 'team-a' }), 'v1'),
    pushManifestTree(source.url, 'team/b/c', buildImage({ format: 'oci', seed: 'team-b' }), 'v1'),
    pushManifestTree(source.url, 'teammate/x', buildImage({ format: 'oci', seed: 'teammate' }), 'v1'),
  ])
})
afterAll(async () => {
  await Promise.all([source?.stop(), destination?.stop()])
})

const hosts = () => ['--plain-http', `${source.host},${destination.host}`]
const destCreds = () => ['--dest-creds', `${destination.auth!.user}:${destination.auth!.password}`]

describe('crossdock CLI', () => {
  it('prints help with both commands and exits 0', async () => {
    const result = await runCrossdock(['--help'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('copy')
    expect(result.stdout).toContain('sync')
  })

  it("prints package.json's version", async () => {
    const result = await runCrossdock(['--version'])
    expect(result.stdout.trim()).toBe(version)
  })

  it.each([
    [['copy', 'Bad/Name:1', 'localhost:5000/x'], /lowercase/],
    [['copy', `127.0.0.1:1/x:1`, '127.0.0.1:1/y', '--jobs', '0'], /--jobs/],
    [['copy', 'only-one-argument'], /missing required argument/],
    [['copy', '127.0.0.1:1/x:1', '127.0.0.1:1/y', '--dest-creds', 'no-colon'], /USER:PASSWORD/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 with a clear message on a usage error: %j', async (args, message) => {
    const result = await runCrossdock(args)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
  })

  it('copies a tag, reports JSON, and exits 0', async () => {
    const result = await runCrossdock([
      'copy',
      `${source.host}/cli/app:1.0`,
      `${destination.host}/cli/copied`,
      ...hosts(),
      ...destCreds(),
      '--json',
    ])
    expect(result.code, result.stderr).toBe(0)
    const summary = JSON.parse(result.stdout)
    expect(summary.tags).toEqual({ copied: 1, skipped: 0, failed: 0 })
    expect(summary.blobs.uploaded).toBe(3)
    expect(summary.bytesSent).toBe(image.blobs.reduce((sum, b) => sum + b.size, 0))
    expect(await getManifestDigest(destination.url, 'cli/copied', '1.0', destination.auth)).toBe(image.digest)
  })

  it('takes destination credentials from CROSSDOCK_DEST_CREDS and copies every tag with --all-tags', async () => {
    const result = await runCrossdock(
      ['copy', '--all-tags', `${source.host}/cli/app`, `${destination.host}/cli/all`, ...hosts()],
      {
        CROSSDOCK_DEST_CREDS: `${destination.auth!.user}:${destination.auth!.password}`,
      },
    )
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('Copied 2 tags')
    expect((await listTags(destination.url, 'cli/all', destination.auth)).sort()).toEqual(['1.0', 'latest'])
  })

  it('exits 1 and names the failure when a tag does not exist', async () => {
    const result = await runCrossdock([
      'copy',
      `${source.host}/cli/app:nope`,
      `${destination.host}/cli/nope`,
      ...hosts(),
      ...destCreds(),
      '--json',
    ])
    expect(result.code).toBe(1)
    const summary = JSON.parse(result.stdout)
    expect(summary.failures).toHaveLength(1)
    expect(summary.failures[0]).toMatchObject({ code: 'MANIFEST_UNKNOWN', source: `${source.host}/cli/app:nope` })
  })

  it('never prints a password, even when the destination refuses it', async () => {
    const result = await runCrossdock([
      'copy',
      `${source.host}/cli/app:1.0`,
      `${destination.host}/cli/denied`,
      ...hosts(),
      '--dest-creds',
      'crossdock:hunter2-secret',
    ])
    expect(result.code).toBe(1)
    expect(result.stdout + result.stderr).toContain('AUTH_FAILED')
    expect(result.stdout + result.stderr).not.toContain('hunter2-secret')
  })

  it('syncs whole path components under a prefix to the same paths under another prefix', async () => {
    const result = await runCrossdock([
      'sync',
      `${source.host}/team`,
      `${destination.host}/mirror`,
      ...hosts(),
      ...destCreds(),
      '--json',
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout).tags.copied).toBe(2)
    expect(await listTags(destination.url, 'mirror/a', destination.auth)).toEqual(['v1'])
    expect(await listTags(destination.url, 'mirror/b/c', destination.auth)).toEqual(['v1'])
    expect(await listTags(destination.url, 'mirror/x', destination.auth)).toEqual([])
    expect(await listTags(destination.url, 'mirrormate/x', destination.auth)).toEqual([])
  })

  it('refuses a sync that would map a repository onto the bare destination registry', async () => {
    const result = await runCrossdock(['sync', `${source.host}/team/a`, destination.host, ...hosts(), ...destCreds()])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('give the destination a path')
  })

  it('shows the plan on --dry-run and writes nothing', async () => {
    const result = await runCrossdock([
      'copy',
      `${source.host}/cli/app:latest`,
      `${destination.host}/cli/dry`,
      ...hosts(),
      ...destCreds(),
      '--dry-run',
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(`would copy  ${source.host}/cli/app:latest`)
    expect(result.stdout).toMatch(/3 blobs \(\d+(\.\d)? kB\) to upload/)
    expect(await listTags(destination.url, 'cli/dry', destination.auth)).toEqual([])
  })

  it('copies only the platforms asked for, warns that the index digest changes, and skips it next time', async () => {
    const amd64 = buildImage({ format: 'oci', seed: 'plat-amd64', platform: { os: 'linux', architecture: 'amd64' } })
    const arm64 = buildImage({
      format: 'oci',
      seed: 'plat-arm64',
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    })
    const index = buildIndex({ format: 'oci', children: [amd64, arm64], attestations: true })
    await pushManifestTree(source.url, 'plat/app', index, 'v1')
    const args = [
      'copy',
      `${source.host}/plat/app:v1`,
      `${destination.host}/plat/arm`,
      ...hosts(),
      ...destCreds(),
      '--platform',
      'linux/arm64',
      '--json',
    ]
    const first = await runCrossdock(args)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toMatch(
      /warning: .*copying linux\/arm64\/v8, unknown\/unknown and leaving out linux\/amd64, unknown\/unknown\./,
    )
    const copied = await getManifestDigest(destination.url, 'plat/arm', 'v1', destination.auth)
    expect(copied).toBe(JSON.parse(first.stdout).results[0].digest)
    expect(copied).not.toBe(index.digest)
    expect(await getManifestDigest(destination.url, 'plat/arm', arm64.digest, destination.auth)).toBe(arm64.digest)
    expect(await getManifestDigest(destination.url, 'plat/arm', amd64.digest, destination.auth)).toBeUndefined()

    const again = await runCrossdock(args)
    expect(JSON.parse(again.stdout).tags).toEqual({ copied: 0, skipped: 1, failed: 0 })
  })

  it('streams a 1 GiB layer with bounded memory, digest for digest', async () => {
    const layer = await pushStreamedBlob(source.url, 'big/model', { seed: 'one-gibibyte', size: 1024 * 1024 * 1024 })
    const config = Buffer.from(
      JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } }),
    )
    const configDigest = `sha256:${createHash('sha256').update(config).digest('hex')}`
    const manifestBytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer.digest, size: layer.size }],
      }),
    )
    const big: BuiltManifest = {
      digest: `sha256:${createHash('sha256').update(manifestBytes).digest('hex')}`,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      bytes: manifestBytes,
      blobs: [
        {
          digest: configDigest,
          size: config.length,
          mediaType: 'application/vnd.oci.image.config.v1+json',
          bytes: config,
        },
      ],
      children: [],
    }
    await pushManifestTree(source.url, 'big/model', big, 'v1')

    const result = await runCrossdock([
      'copy',
      `${source.host}/big/model:v1`,
      `${destination.host}/big/model`,
      ...hosts(),
      ...destCreds(),
      '--json',
    ])
    expect(result.code, result.stderr).toBe(0)
    const summary = JSON.parse(result.stdout)
    expect(summary.bytesSent).toBe(layer.size + config.length)
    // A buffered layer would need more than 1 GiB; streaming stays near the runtime's own footprint.
    expect(summary.peakRssBytes).toBeLessThan(300 * 1024 * 1024)
    expect(await getManifestDigest(destination.url, 'big/model', 'v1', destination.auth)).toBe(big.digest)
  })
})
