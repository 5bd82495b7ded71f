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
  proxy = await startFaultProxy(source.host)
  const json = (body: object) => ({ kind: 'status' as const, status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  proxy.inject({ method: 'GET', path: /^\/v2\/_catalog/, times: Infinity, fault: json({ repositories: ['evil/app', HOSTILE_REPOSITORY] }) })
  proxy.inject({ method: 'GET', path: /^\/v2\/evil\/app\/tags\/list/, times: Infinity, fault: json({ name: 'evil/app', tags: ['v1', ...HOSTILE_TAGS] }) })
})
afterAll(async () => {
  await Promise.all([proxy?.stop(), source?.stop(), destination?.stop()])
})

describe('names from a source registry are data, not paths', () => {
  it('refuses names outside the grammar before any request, copies the rest, leaves other repositories alone, and exits 1', async () => {
    const victimBefore = await getManifestDigest(destination.url, 'mirror/victim', 'latest')

    const result = await runCrossdock(['sync', `${proxy.host}/evil`, `${destination.host}/mirror/evil`, '--plain-http', `${proxy.host},${destination.host}`])

    expect(result.code, result.stdout + result.stderr).toBe(1)
    const output = result.stdout + result.stderr
    for (const name of HOSTILE_TAGS) expect(output).toContain(`Refused to request "evil/app:${name}"`)
    expect(output).toContain(`Refused to request "${HOSTILE_REPOSITORY}`)
    // Nothing reached a path outside the names it was given, on either side.
    expect(proxy.requests.filter((request) => /victim|\.\./.test(request.path))).toEqual([])
    expect(await getManifestDigest(destination.url, 'mirror/victim', 'latest')).toBe(victimBefore)
    expect(await listTags(destination.url, 'mirror/victim')).toEqual(['latest'])
    expect(await listTags(destination.url, 'mirror/evil/app')).toEqual(['v1'])
  })
})
