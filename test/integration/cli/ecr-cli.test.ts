import { DescribeRepositoriesCommand, ECRClient, GetLifecyclePolicyCommand } from '@aws-sdk/client-ecr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock } from '../../support/cli'
import { startEcrEmulator, type EcrEmulator } from '../../support/ecr'
import { buildImage, buildIndex, pushManifestTree } from '../../support/images'
import { startRegistry, type RunningRegistry } from '../../support/registry'

const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'ecr-emulator-secret' }
const image = buildImage({ format: 'oci', seed: 'ecr-cli' })
const index = buildIndex({
  format: 'oci',
  children: [
    buildImage({ format: 'oci', seed: 'ecr-cli-amd64', platform: { os: 'linux', architecture: 'amd64' } }),
    buildImage({ format: 'oci', seed: 'ecr-cli-arm64', platform: { os: 'linux', architecture: 'arm64' } }),
  ],
})
let source: RunningRegistry
let ecr: EcrEmulator

beforeAll(async () => {
  ;[source, ecr] = await Promise.all([startRegistry(), startEcrEmulator()])
  await pushManifestTree(source.url, 'team/api', image, '1.0')
  await pushManifestTree(source.url, 'team/api', image, 'latest')
  await pushManifestTree(source.url, 'team/multi', index, 'v1')
})
afterAll(async () => {
  await Promise.all([source?.stop(), ecr?.stop()])
})

// The AWS SDK's own configuration: keys from the environment, the endpoint from AWS_ENDPOINT_URL_ECR.
const awsEnv = () => ({
  AWS_ACCESS_KEY_ID: KEY.accessKeyId,
  AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
  AWS_ENDPOINT_URL_ECR: ecr.controlUrl,
  AWS_REGION: ecr.region,
})
const sdk = () => new ECRClient({ region: ecr.region, endpoint: ecr.controlUrl, credentials: KEY })

describe('crossdock sync into Amazon ECR (emulated)', () => {
  it('creates the repositories with the chosen settings and copies every tag digest for digest', async () => {
    const result = await runCrossdock(
      [
        'sync',
        `${source.host}/team`,
        `${ecr.registryHost}/mirror`,
        '--ecr',
        '--plain-http',
        `${source.host},${ecr.registryHost}`,
        '--mutability',
        'immutable',
        '--mutable-tag',
        'latest',
        '--scan-on-push',
        '--lifecycle',
        'keep-last:20',
        '--repo-tag',
        'team=platform',
        '--json',
      ],
      awsEnv(),
    )
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout).tags).toEqual({ copied: 3, skipped: 0, failed: 0 })
    const { repositories } = await sdk().send(
      new DescribeRepositoriesCommand({ repositoryNames: ['mirror/api', 'mirror/multi'] }),
    )
    for (const repository of repositories ?? []) {
      expect(repository).toMatchObject({
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageScanningConfiguration: { scanOnPush: true },
      })
    }
    expect(
      JSON.parse(
        (await sdk().send(new GetLifecyclePolicyCommand({ repositoryName: 'mirror/api' }))).lifecyclePolicyText!,
      ).rules,
    ).toHaveLength(1)
    // Set once the copy is done, never while the run still puts images there (arrival order across both logs).
    const policySets = ecr.logs.api
      .filter((e) => e.operation === 'PutLifecyclePolicy' && e.status === 200)
      .map((e) => e.sequence)
    const manifestPuts = ecr.logs.registry
      .filter((e) => e.method === 'PUT' && e.path.includes('/manifests/'))
      .map((e) => e.sequence)
    expect(policySets).toHaveLength(2)
    expect(Math.min(...policySets)).toBeGreaterThan(Math.max(...manifestPuts))
    expect(ecr.image('mirror/multi', 'v1')?.digest).toBe(index.digest)
    expect(ecr.image('mirror/api', '1.0')?.digest).toBe(image.digest)

    // A new tag later, synced without the settings: the existing repository is left alone and the difference said.
    await pushManifestTree(source.url, 'team/api', image, '2.0')
    const again = await runCrossdock(
      [
        'sync',
        `${source.host}/team`,
        `${ecr.registryHost}/mirror`,
        '--ecr',
        '--plain-http',
        `${source.host},${ecr.registryHost}`,
        '--json',
      ],
      awsEnv(),
    )
    expect(JSON.parse(again.stdout).tags).toEqual({ copied: 1, skipped: 3, failed: 0 })
    expect(ecr.repository('mirror/api')?.imageTagMutability).toBe('IMMUTABLE_WITH_EXCLUSION')
    expect(again.stderr).toContain(
      'already exists and was left as it is: tag mutability is IMMUTABLE_WITH_EXCLUSION, not MUTABLE; scan ' +
        'on push is ' +
        'on, not off',
    )
  })

  it('needs a Region for an ECR endpoint whose host name does not carry one', async () => {
    const { AWS_REGION: _, ...withoutRegion } = awsEnv()
    const result = await runCrossdock(
      [
        'copy',
        `${source.host}/team/api:1.0`,
        `${ecr.registryHost}/x`,
        '--ecr',
        '--plain-http',
        `${source.host},${ecr.registryHost}`,
      ],
      withoutRegion,
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('pass --region')
  })

  it('still takes the old names of renamed options for one release, each with a notice', async () => {
    const { AWS_REGION: region, ...withoutRegion } = awsEnv()
    const result = await runCrossdock(
      [
        'sync',
        `${source.host}/team/api`,
        `${ecr.registryHost}/renamed/api`,
        '--ecr',
        '--plain-http',
        `${source.host},${ecr.registryHost}`,
        '--aws-region',
        region,
        '--immutable-tags',
        '--keep-last',
        '5',
        '--expire-untagged-days',
        '3',
        '--json',
      ],
      withoutRegion,
    )
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toContain('warning: --aws-region is now --region;')
    expect(result.stderr).toContain('warning: --immutable-tags is now --mutability immutable;')
    expect(result.stderr).toContain('warning: --keep-last N is now --lifecycle keep-last:N;')
    expect(result.stderr).toContain('warning: --expire-untagged-days N is now --lifecycle expire-untagged:N;')
    expect(ecr.repository('renamed/api')?.imageTagMutability).toBe('IMMUTABLE')
    const policy = await sdk().send(new GetLifecyclePolicyCommand({ repositoryName: 'renamed/api' }))
    expect(JSON.parse(policy.lifecyclePolicyText!).rules).toHaveLength(2)
  })
})
