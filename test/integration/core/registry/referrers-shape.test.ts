import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Digest } from '../../../../src-main/core/reference/digest'
import { RegistryPool } from '../../../../src-main/core/registry/registry-pool'
import { closeServer, listenOnLoopback } from '../../../support/loopback-server'

// A broken (or hostile) registry's referrers answer: whatever it says is read as an image index, or refused.
const subject = `sha256:${'a'.repeat(64)}` as Digest
const referrer = {
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: `sha256:${'b'.repeat(64)}`,
  size: 512,
  artifactType: 'application/spdx+json',
}
let answer = ''
let server: Server
let host: string
let pool: RegistryPool

beforeAll(async () => {
  server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' }).end(answer),
  )
  host = await listenOnLoopback(server)
  pool = new RegistryPool({ credentials: async () => undefined, plainHttp: new Set([host]) })
})
afterAll(async () => {
  await pool?.close()
  await closeServer(server)
})

const referrers = (body: unknown) => {
  answer = typeof body === 'string' ? body : JSON.stringify(body)
  return pool.client(host).referrers('team/app', subject)
}

describe('referrers()', () => {
  it('reads a well-formed referrers index', async () => {
    expect(
      await referrers({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [referrer],
      }),
    ).toEqual([referrer])
  })

  it.each<[string, unknown, RegExp]>([
    [
      'an answer that is not JSON',
      '<html>Bad gateway</html>',
      /List referrers of team\/app@sha256:a+ is not a JSON manifest/,
    ],
    ['a list where the index should be', [referrer], /List referrers of team\/app@sha256:a+ is not a JSON manifest/],
    ['manifests that are not a list', { manifests: 'none' }, /manifests is not a list of descriptors/],
    [
      'a referrer without a digest',
      { manifests: [{ mediaType: referrer.mediaType, size: 512 }] },
      /manifests\[0\] is not a valid descriptor/,
    ],
    [
      'a referrer whose digest is a path',
      { manifests: [{ ...referrer, digest: 'sha256:../../victim' }] },
      /manifests\[0\] has an invalid digest/,
    ],
  ])('refuses %s with a named MANIFEST_INVALID error', async (_name, body, message) => {
    const failure = referrers(body)
    await expect(failure).rejects.toMatchObject({ code: 'MANIFEST_INVALID' })
    await expect(failure).rejects.toThrow(message)
  })
})
