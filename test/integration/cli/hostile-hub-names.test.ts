import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock } from '../../support/cli'
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy'
import { buildImage, pushManifestTree } from '../../support/images'
import { startMigrationWorld, type MigrationWorld } from '../../support/migration-world'
import { registryLogin } from '../support/ecr/http'

// The Docker Hub API (or something in its place) lists a tag whose name URL handling would resolve into another
// ECR repository's path; the ECR password is valid for the whole account, so nothing may be sent for it.
const HOSTILE_TAG = '../../../victim/manifests/latest'
const app = buildImage({ format: 'oci', seed: 'hostile-hub-app' })
const victim = buildImage({ format: 'oci', seed: 'hostile-hub-victim' })

let world: MigrationWorld
let hubProxy: FaultProxy

beforeAll(async () => {
  world = await startMigrationWorld({
    hub: { seed: { orgs: [{ name: 'acme', members: [] }], repositories: [{ namespace: 'acme', name: 'app' }] } },
    ecr: { repositories: [{ repositoryName: 'mirror/victim' }] },
  })
  await pushManifestTree(world.hub.registry.url, 'acme/app', app, 'v1')
  // The hostile name's target exists at the source, so a client that resolved it would have something to copy.
  await pushManifestTree(world.hub.registry.url, 'acme/app', app, 'unlisted')
  await pushManifestTree(world.ecr.registryUrl, 'mirror/victim', victim, 'latest', await registryLogin(world.ecr))
  hubProxy = await startFaultProxy(new URL(world.hub.hubUrl).host)
  const tagsPath = '/v2/namespaces/acme/repositories/app/tags'
  const page = (await (await fetch(`${world.hub.hubUrl}${tagsPath}?page_size=100`)).json()) as {
    count: number
    results: Array<{ name: string }>
  }
  const listed = {
    ...page,
    count: page.count + 1,
    results: [...page.results.filter((tag) => tag.name === 'v1'), { ...page.results[0]!, name: HOSTILE_TAG }],
  }
  hubProxy.inject({
    method: 'GET',
    path: new RegExp(`^${tagsPath}\\?`),
    times: Infinity,
    fault: {
      kind: 'status',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(listed),
    },
  })
})
afterAll(async () => {
  await hubProxy?.stop()
  await world?.stop()
})

describe('crossdock migrate: a tag name from the Docker Hub API outside the grammar', () => {
  it(
    'is refused before any request, named in the output and the report; the rest is copied, other repositories ' +
      'untouched, exit 1',
    async () => {
      const seen = { ecr: world.ecr.logs.registry.length, hub: world.hub.logs.registry.length }
      const result = await runCrossdock(
        ['migrate', '--from', 'docker.io/acme', '--to', `ecr://${world.ecr.region}/mirror`],
        { ...world.env(), CROSSDOCK_HUB_API: `http://${hubProxy.host}` },
      )

      expect(world.ecr.image('mirror/victim', 'latest')?.digest).toBe(victim.digest)
      expect(world.ecr.logs.registry.slice(seen.ecr).filter((entry) => /victim|\.\./.test(entry.path))).toEqual([])
      expect(world.hub.logs.registry.slice(seen.hub).filter((entry) => /victim|\.\./.test(entry.path))).toEqual([])
      expect(world.ecr.image('mirror/acme/app', 'v1')?.digest).toBe(app.digest)
      expect(result.code, result.stderr).toBe(1)
      expect(result.stdout).toMatch(/ failed: 1 copied, .* 1 failed;/)
      expect(result.stdout).toContain(`docker.io/acme/app:${HOSTILE_TAG}`)
      expect(result.stdout).toContain(`NAME_INVALID: Refused to request "acme/app:${HOSTILE_TAG}"`)
      const job = /Job (\S+) failed/.exec(result.stdout)![1]!
      const report = JSON.parse((await runCrossdock(['report', job, '--format', 'json'], world.env())).stdout)
      expect(
        report.entries.find((entry: { source: string }) => entry.source === `docker.io/acme/app:${HOSTILE_TAG}`),
      ).toMatchObject({
        outcome: 'failed',
        reason: expect.stringMatching(
          /^NAME_INVALID: Refused to request "acme\/app:\.\.\/\.\.\/\.\.\/victim\/manifests\/latest"/,
        ),
      })
    },
  )
})
