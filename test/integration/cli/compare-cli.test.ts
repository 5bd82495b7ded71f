import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock } from '../../support/cli'
import { startDockerHubEmulator, type DockerHubEmulator } from '../../support/dockerhub'
import { startEcrEmulator, type EcrEmulator } from '../../support/ecr'
import { buildImage, buildIndex, pushManifestTree } from '../../support/images'

const v1 = buildImage({ format: 'docker', seed: 'cmp-v1' })
const v2 = buildIndex({
  format: 'oci',
  attestations: true,
  children: [
    buildImage({ format: 'oci', seed: 'cmp-amd64', platform: { os: 'linux', architecture: 'amd64' } }),
    buildImage({ format: 'oci', seed: 'cmp-arm64', platform: { os: 'linux', architecture: 'arm64' } }),
  ],
})
let hub: DockerHubEmulator
let ecr: EcrEmulator

beforeAll(async () => {
  ;[hub, ecr] = await Promise.all([
    startDockerHubEmulator({
      seed: {
        repositories: [
          { namespace: 'acme', name: 'web' },
          { namespace: 'acme', name: 'api' },
          { namespace: 'ratelimitpreview', name: 'test' },
        ],
      },
    }),
    startEcrEmulator(),
  ])
  await pushManifestTree(hub.registry.url, 'acme/web', v1, '1.0')
  await pushManifestTree(hub.registry.url, 'acme/web', v2, '2.0')
  await pushManifestTree(hub.registry.url, 'acme/api', v1, 'stable')
  await pushManifestTree(hub.registry.url, 'ratelimitpreview/test', v1, 'latest')
})
afterAll(async () => {
  await Promise.all([hub?.stop(), ecr?.stop()])
})

const env = () => ({
  CROSSDOCK_HUB_API: hub.hubUrl,
  CROSSDOCK_HUB_REGISTRY: hub.registryUrl,
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'ecr-emulator-secret',
  AWS_ENDPOINT_URL_ECR: ecr.controlUrl,
  AWS_REGION: ecr.region,
})

describe('Docker Hub to ECR, end to end (both emulated)', () => {
  it('migrates part of a namespace, then compares both sides by digest', async () => {
    const sync = await runCrossdock(
      [
        'sync',
        'docker.io/acme/web',
        `${ecr.registryHost}/hub/acme/web`,
        '--ecr',
        '--plain-http',
        ecr.registryHost,
        '--json',
      ],
      env(),
    )
    expect(sync.code, sync.stderr).toBe(0)
    expect(JSON.parse(sync.stdout).tags).toEqual({ copied: 2, skipped: 0, failed: 0 })
    expect(ecr.image('hub/acme/web', '2.0')?.digest).toBe(v2.digest)
    expect(ecr.image('hub/acme/web', '1.0')?.digest).toBe(v1.digest)

    const result = await runCrossdock(
      ['compare', '--from', 'docker.io/acme', '--to', `ecr://${ecr.region}/hub`, '--json'],
      env(),
    )
    expect(result.code, result.stderr).toBe(0)
    const rows = JSON.parse(result.stdout) as Array<{ hub?: string; ecr?: string; counts: Record<string, number> }>
    expect(rows.map((row) => [row.hub, row.ecr, row.counts])).toEqual([
      ['acme/api', 'hub/acme/api', { both: 0, 'hub-only': 1, 'ecr-only': 0, differs: 0 }],
      ['acme/web', 'hub/acme/web', { both: 2, 'hub-only': 0, 'ecr-only': 0, differs: 0 }],
    ])
    const text = await runCrossdock(['compare', '--from', 'docker.io/acme', '--to', `ecr://${ecr.region}/hub`], env())
    expect(text.stdout).toContain('acme/web -> hub/acme/web: 2 in both, 0 differ, 0 only on Docker Hub, 0 only in ECR')
  })

  it('refuses a --to that is not ecr://REGION[/PREFIX]', async () => {
    const result = await runCrossdock(['compare', '--from', 'docker.io/acme', '--to', 'ecr://nowhere'], env())
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('ecr://[ACCOUNT@]REGION[/PREFIX]')
  })
})
