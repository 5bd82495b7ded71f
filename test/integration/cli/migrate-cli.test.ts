import { DescribeRepositoriesCommand, ECRClient, GetLifecyclePolicyCommand } from '@aws-sdk/client-ecr'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock } from '../../support/cli'
import type { DockerHubEmulator } from '../../support/dockerhub'
import type { EcrEmulator } from '../../support/ecr'
import { buildImage, buildIndex, pushManifestTree } from '../../support/images'
import { ECR_KEY, startMigrationWorld, type MigrationWorld } from '../../support/migration-world'
import { registryLogin } from '../support/ecr/http'

const web = buildImage({ format: 'docker', seed: 'migrate-web' })
const web2 = buildImage({ format: 'docker', seed: 'migrate-web-2' })
const amd64 = buildImage({
  format: 'oci',
  seed: 'migrate-multi-amd64',
  platform: { os: 'linux', architecture: 'amd64' },
})
const arm64 = buildImage({
  format: 'oci',
  seed: 'migrate-multi-arm64',
  platform: { os: 'linux', architecture: 'arm64' },
})
const multi = buildIndex({ format: 'oci', children: [amd64, arm64], attestations: true })
const lockedOnHub = buildImage({ format: 'oci', seed: 'migrate-locked-hub' })
const lockedInEcr = buildImage({ format: 'oci', seed: 'migrate-locked-ecr' })

let world: MigrationWorld
let hub: DockerHubEmulator
let ecr: EcrEmulator
let configDir: string
const env = () => world.env()

beforeAll(async () => {
  world = await startMigrationWorld({
    hub: {
      seed: {
        orgs: [{ name: 'acme', members: [] }],
        repositories: ['web', 'multi', 'locked'].map((name) => ({ namespace: 'acme', name })),
      },
    },
    ecr: { repositories: [{ repositoryName: 'mirror/acme/locked', imageTagMutability: 'IMMUTABLE' }] },
  })
  ;({ hub, ecr, configDir } = world)
  // Seeded one after another: distribution races on concurrent uploads of one blob.
  for (const tag of ['1.0', 'latest']) await pushManifestTree(hub.registry.url, 'acme/web', web, tag)
  await pushManifestTree(hub.registry.url, 'acme/web', web2, '2.0')
  await pushManifestTree(hub.registry.url, 'acme/multi', multi, 'v1')
  await pushManifestTree(hub.registry.url, 'acme/locked', lockedOnHub, '1.0')
  await pushManifestTree(hub.registry.url, 'acme/locked', lockedOnHub, '1.1')
  await pushManifestTree(ecr.registryUrl, 'mirror/acme/locked', lockedInEcr, '1.0', await registryLogin(ecr))
})
afterAll(() => world?.stop())

const sdk = () => new ECRClient({ region: ecr.region, endpoint: ecr.controlUrl, credentials: ECR_KEY })
const to = () => `ecr://${ecr.region}/mirror`
// Arrival order in the emulator's logs (since the last reset): the last manifest PUT, the first PutLifecyclePolicy.
const lastManifestPut = () =>
  Math.max(
    ...ecr.logs.registry.filter((e) => e.method === 'PUT' && e.path.includes('/manifests/')).map((e) => e.sequence),
  )
const firstPolicySet = () => {
  const sets = ecr.logs.api
    .filter((e) => e.operation === 'PutLifecyclePolicy' && e.status === 200)
    .map((e) => e.sequence)
  expect(sets.length).toBeGreaterThan(0)
  return Math.min(...sets)
}

describe('crossdock migrate: Docker Hub to Amazon ECR (both emulated)', () => {
  it('plans without pulling or writing: repositories to create, copies, skips, conflicts, pulls and warnings', async () => {
    const pullsBefore = hub.pulls()
    const result = await runCrossdock(
      ['migrate', '--from', 'docker.io/acme', '--to', to(), '--dry-run', '--json'],
      env(),
    )
    expect(result.code, result.stderr).toBe(0)
    const { plan, quota } = JSON.parse(result.stdout)
    const byTarget = Object.fromEntries(plan.repositories.map((r: { target: string }) => [r.target, r]))
    expect(byTarget['mirror/acme/web']).toMatchObject({ create: true })
    expect(byTarget['mirror/acme/locked']).toMatchObject({ create: false })
    const action = (target: string, tag: string) => byTarget[target].tags.find((t: { tag: string }) => t.tag === tag)
    expect(action('mirror/acme/locked', '1.0')).toMatchObject({ action: 'conflict', ecrDigest: lockedInEcr.digest })
    expect(action('mirror/acme/locked', '1.1')).toMatchObject({ action: 'copy', pulls: 1 })
    // 1.0 and latest share a digest: the second costs no pull.
    expect(action('mirror/acme/web', '1.0').pulls + action('mirror/acme/web', 'latest').pulls).toBe(1)
    expect(action('mirror/acme/multi', 'v1')).toMatchObject({ action: 'copy', lambda: { compatible: false } })
    expect(action('mirror/acme/web', '1.0').lambda).toEqual({ compatible: true })
    expect(plan.totals).toMatchObject({ repositoriesToCreate: 2, tagsToCopy: 5, conflicts: 1, pulls: 7 })
    expect(plan.warnings.join('\n')).toMatch(/multi:v1: carries build attestations/)
    expect(quota).toMatchObject({ kind: 'limited', remaining: 100 })
    expect(hub.pulls()).toBe(pullsBefore)
    expect(ecr.repository('mirror/acme/web')).toBeUndefined()
    expect(await readdir(join(configDir, 'jobs')).catch(() => [])).toEqual([])

    const text = await runCrossdock(['migrate', '--from', 'docker.io/acme', '--to', to(), '--dry-run'], env())
    expect(text.stdout).toMatch(/create {2}123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/mirror\/acme\/web/)
    expect(text.stdout).toMatch(/conflict +1\.0: immutable in ECR/)
    expect(text.stdout).toMatch(/Docker Hub pulls needed: \d+; quota: 100 of 100 pulls left/)
  })

  it(
    'migrates: creates repositories with the settings, copies digest for digest, leaves the conflict alone, ' +
      'reports',
    async () => {
      const pullsBefore = hub.pulls()
      const result = await runCrossdock(
        [
          'migrate',
          '--from',
          'docker.io/acme',
          '--to',
          to(),
          '--mutability',
          'immutable',
          '--mutable-tag',
          'latest',
          '--scan-on-push',
          '--lifecycle',
          'keep-last:10,expire-untagged:7',
          '--lambda-platform',
          'linux/arm64',
          '--json',
        ],
        env(),
      )
      expect(result.code, result.stderr).toBe(0)
      const { job, state, summary } = JSON.parse(result.stdout)
      expect(state).toBe('finished')
      expect(summary).toMatchObject({ copied: 6, conflict: 1, failed: 0, verified: 6 })
      expect(result.stderr).toContain(`Job ${job}`)
      expect(result.stderr).toContain('Docker Hub: anonymous')
      // What the dry run planned: one pull per image manifest (4 for the index's platforms and attestations), none
      // twice.
      expect(hub.pulls() - pullsBefore).toBe(7)

      const { repositories } = await sdk().send(
        new DescribeRepositoriesCommand({ repositoryNames: ['mirror/acme/web', 'mirror/acme/multi'] }),
      )
      for (const repository of repositories ?? []) {
        expect(repository).toMatchObject({
          imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          imageScanningConfiguration: { scanOnPush: true },
        })
      }
      expect(
        JSON.parse(
          (await sdk().send(new GetLifecyclePolicyCommand({ repositoryName: 'mirror/acme/web' }))).lifecyclePolicyText!,
        ).rules,
      ).toHaveLength(2)
      // The policy comes after the copy: no rule could expire an image while the migration was still putting it there.
      expect(firstPolicySet()).toBeGreaterThan(lastManifestPut())
      expect(ecr.image('mirror/acme/multi', 'v1')?.digest).toBe(multi.digest)
      expect(ecr.image('mirror/acme/multi', 'v1-arm64')?.digest).toBe(arm64.digest)
      expect(ecr.image('mirror/acme/web', 'latest')?.digest).toBe(web.digest)
      expect(ecr.image('mirror/acme/locked', '1.0')?.digest).toBe(lockedInEcr.digest)
      expect(ecr.image('mirror/acme/locked', '1.1')?.digest).toBe(lockedOnHub.digest)

      const listed = await runCrossdock(['jobs', '--json'], env())
      expect(JSON.parse(listed.stdout)).toEqual([
        expect.objectContaining({ id: job, state: 'finished', runs: 1, from: 'docker.io/acme', to: to() }),
      ])

      const report = JSON.parse((await runCrossdock(['report', job, '--format', 'json'], env())).stdout)
      const entry = (destination: string) =>
        report.entries.find((e: { destination: string }) => e.destination.endsWith(destination))
      expect(entry('/mirror/acme/web:2.0')).toMatchObject({
        source: 'docker.io/acme/web:2.0',
        outcome: 'copied',
        sourceDigest: web2.digest,
        destinationDigest: web2.digest,
        verified: true,
      })
      expect(entry('/mirror/acme/locked:1.0')).toMatchObject({
        outcome: 'conflict',
        sourceDigest: lockedOnHub.digest,
        destinationDigest: lockedInEcr.digest,
        verified: false,
      })
      expect(entry('/mirror/acme/multi:v1-arm64')).toMatchObject({
        outcome: 'copied',
        verified: true,
        platformCopyOf: expect.stringMatching(/multi:v1$/),
      })
      expect(entry('/mirror/acme/web:2.0').destination).toBe(
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/acme/web:2.0',
      )
      expect(report.snippets.iamActions).toEqual([
        'ecr:GetAuthorizationToken',
        'ecr:BatchCheckLayerAvailability',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage',
      ])
      expect(report.snippets.iamPolicy).toContain('arn:aws:ecr:us-east-1:123456789012:repository/mirror/acme/multi')

      const shown = await runCrossdock(['report', job], env())
      expect(shown.code, shown.stderr).toBe(0)
      const markdown = shown.stdout
      expect(markdown).toContain(
        '| docker.io/acme/web:2.0 | 123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/acme/web:2.0 | copied |',
      )
      expect(markdown).toMatch(/ImageUri: 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/mirror\/acme\/\S+/)
      expect(markdown).toContain(
        'aws ecr get-login-password --region us-east-1 | docker login --username AWS --password-stdin ' +
          '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      )
      const html = (await runCrossdock(['report', job, '--format', 'html'], env())).stdout
      expect(html).toMatch(/^<!doctype html>/)
      expect(html).not.toMatch(/<script|https?:\/\/(?!127)/i)

      // Nothing in the job's files holds a secret.
      const files = await readdir(join(configDir, 'jobs', job))
      // job.lock is the runner's OS lock: an empty file.
      expect(files.sort()).toEqual(['job.json', 'job.lock', 'journal.ndjson', 'plan.json', 'report.json'])
      for (const file of files)
        expect(await readFile(join(configDir, 'jobs', job, file), 'utf8')).not.toContain(ECR_KEY.secretAccessKey)

      const again = await runCrossdock(['resume', job], env())
      expect(again.code).toBe(0)
      expect(again.stderr).toContain('has finished')
    },
  )

  it('refuses a keep-last rule below the images a new repository gets unless --force, and sets it after the copy', async () => {
    const args = [
      'migrate',
      '--from',
      'docker.io/acme/web',
      '--to',
      `ecr://${ecr.region}/strict`,
      '--lifecycle',
      'keep-last:1',
    ]
    const planned = await runCrossdock([...args, '--dry-run', '--json'], env())
    expect(planned.code, planned.stderr).toBe(0)
    const warning =
      'strict/acme/web gets 2 images but its lifecycle policy keeps the last 1: ECR would expire migrated images. ' +
      'Raise keep-last to at least 2, or confirm the expiry to start anyway.'
    expect(JSON.parse(planned.stdout).plan.warnings).toContain(warning)
    expect((await runCrossdock([...args, '--dry-run'], env())).stdout).toContain(warning)

    const jobsBefore = await readdir(join(configDir, 'jobs'))
    const refused = await runCrossdock(args, env())
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('strict/acme/web gets 2 images but keep-last is 1')
    expect(refused.stderr).toContain('--force')
    // Refused before anything is written: no job, no repository.
    expect(await readdir(join(configDir, 'jobs'))).toEqual(jobsBefore)
    expect(ecr.repository('strict/acme/web')).toBeUndefined()

    ecr.resetLogs()
    const forced = await runCrossdock([...args, '--force', '--json'], env())
    expect(forced.code, forced.stderr).toBe(0)
    expect(JSON.parse(forced.stdout).state).toBe('finished')
    expect(
      JSON.parse(
        (await sdk().send(new GetLifecyclePolicyCommand({ repositoryName: 'strict/acme/web' }))).lifecyclePolicyText!,
      ).rules[0].selection.countNumber,
    ).toBe(1)
    expect(firstPolicySet()).toBeGreaterThan(lastManifestPut())
  })

  it('names bad input and unknown jobs clearly', async () => {
    const badTo = await runCrossdock(['migrate', '--from', 'docker.io/acme', '--to', 'ecr:/nowhere'], env())
    expect(badTo.code).toBe(2)
    expect(badTo.stderr).toContain('--to must look like ecr://[ACCOUNT@]REGION[/PREFIX]')
    const badFrom = await runCrossdock(['migrate', '--from', 'quay.io/acme', '--to', to()], env())
    expect(badFrom.code).toBe(2)
    expect(badFrom.stderr).toContain('--from must be docker.io/NAMESPACE')
    const otherAccount = await runCrossdock(
      ['migrate', '--from', 'docker.io/acme', '--to', `ecr://999999999999@${ecr.region}/x`, '--dry-run'],
      env(),
    )
    expect(otherAccount.code).toBe(2)
    expect(otherAccount.stderr).toContain('the AWS credentials are for account 123456789012')
    const unknown = await runCrossdock(['report', '20990101-000000-abcd'], env())
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('There is no job 20990101-000000-abcd')
  })
})
