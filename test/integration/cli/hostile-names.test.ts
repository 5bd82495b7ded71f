import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock } from '../../support/cli'
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy'
import { buildImage, getManifestDigest, listTags, pushManifestTree } from '../../support/images'
import { startRegistry, type RunningRegistry } from '../../support/registry'

// A hostile (or broken) source lists names that URL handling would resolve into other repositories' paths.
const HOSTILE_REPOSITORY = 'evil/a/../../victim'
const HOSTILE_TAGS = ['../../../victim/manifests/latest', 'q?x=1']

let source: RunningRegistry
let destination: RunningRegistry
let proxy: FaultProxy

beforeAll(async () => {
  ;[source, destination] = await Promise.all([startRegistry(), startRegistry()])
  await pushManifestTree(source.url, 'evil/app', buildImage({ format: 'oci', seed: 'hostile-app' }), 'v1')
  await pushManifestTree(source.url, 'evil/app', buildImage({ format: 'oci', seed: 'hostile-q' }), 'q')
  await pushManifestTree(destination.url, 'mirror/victim', buildImage({ format: 'oci', seed: 'victim' }), 'latest')
  await pushManifestTree(destination.url, 'mirror/other', buildImage({ format: 'docker', seed: 'other' }), 'v2')
  // What the dot segments resolve to at the source: served, so a client that resolves them would copy it over the
  // victim.
  const attacker = buildImage({ format: 'oci', seed: 'attacker' })
  await pushManifestTree(source.url, 'victim', attacker, 'latest')
  await pushManifestTree(source.url, 'evil/app', attacker, 'unlisted')
  proxy = await startFaultProxy(source.host)
  const json = (body: object) => ({
    kind: 'status' as const,
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  proxy.inject({
    method: 'GET',
    path: /^\/v2\/_catalog/,
    times: Infinity,
    fault: json({ repositories: ['evil/app', HOSTILE_REPOSITORY] }),
  })
  proxy.inject({
    method: 'GET',
    path: /^\/v2\/evil\/app\/tags\/list/,
    times: Infinity,
    fault: json({ name: 'evil/app', tags: ['v1', ...HOSTILE_TAGS] }),
  })
})
afterAll(async () => {
  await Promise.all([proxy?.stop(), source?.stop(), destination?.stop()])
})

/** Every repository of a registry, its tags, and the digest of the manifest bytes each tag names. */
async function snapshot(url: string): Promise<Record<string, Record<string, string | undefined>>> {
  const { repositories } = (await (await fetch(`${url}/v2/_catalog`)).json()) as { repositories: string[] }
  const entries = await Promise.all(
    repositories.map(async (repository) => {
      const tags = await listTags(url, repository)
      return [
        repository,
        Object.fromEntries(
          await Promise.all(tags.map(async (tag) => [tag, await getManifestDigest(url, repository, tag)])),
        ),
      ] as const
    }),
  )
  return Object.fromEntries(entries)
}

describe('names from a source registry are data, not paths', () => {
  it(
    'refuses names outside the grammar before any request, copies the rest, leaves other repositories alone, and ' +
      'exits 1',
    async () => {
      const before = await snapshot(destination.url)

      const result = await runCrossdock([
        'sync',
        `${proxy.host}/evil`,
        `${destination.host}/mirror/evil`,
        '--plain-http',
        `${proxy.host},${destination.host}`,
      ])

      // The destination's other repositories are as they were, manifest bytes included (a digest is of the bytes).
      const after = await snapshot(destination.url)
      expect(after['mirror/evil/app']).toEqual({ v1: await getManifestDigest(source.url, 'evil/app', 'v1') })
      delete after['mirror/evil/app']
      expect(after).toEqual(before)
      // Nothing reached a path outside the names it was given at the source either.
      expect(proxy.requests.filter((request) => /victim|\.\./.test(request.path))).toEqual([])
      expect(result.code, result.stdout + result.stderr).toBe(1)
      const output = result.stdout + result.stderr
      for (const name of HOSTILE_TAGS) expect(output).toContain(`Refused to request "evil/app:${name}"`)
      expect(output).toContain(`Refused to request "${HOSTILE_REPOSITORY}`)
    },
  )
})
