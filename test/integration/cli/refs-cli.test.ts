import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock } from '../../support/cli'
import type { DockerHubEmulator } from '../../support/dockerhub'
import type { EcrEmulator } from '../../support/ecr'
import { buildImage, pushManifestTree } from '../../support/images'
import { startEcsEmulator, type EcsEmulator } from '../../support/ecs'
import { ECR_KEY, startMigrationWorld, type MigrationWorld } from '../../support/migration-world'

const web = buildImage({ format: 'oci', seed: 'refs-web' })
const api = buildImage({ format: 'docker', seed: 'refs-api' })
const apiNext = buildImage({ format: 'docker', seed: 'refs-api-next' })
let world: MigrationWorld
let hub: DockerHubEmulator
let ecr: EcrEmulator
const tree = mkdtempSync(join(tmpdir(), 'crossdock-refs-'))

beforeAll(async () => {
  world = await startMigrationWorld({
    hub: {
      seed: {
        repositories: [
          { namespace: 'acme', name: 'web' },
          { namespace: 'acme', name: 'api' },
        ],
      },
    },
  })
  ;({ hub, ecr } = world)
  await pushManifestTree(hub.registry.url, 'acme/web', web, '1.0')
  await pushManifestTree(hub.registry.url, 'acme/api', api, 'stable')
  await pushManifestTree(hub.registry.url, 'acme/api', apiNext, 'next')
  // ECR holds web:1.0 as Docker Hub has it, and under api:stable another image than Docker Hub's.
  const copy = (from: string, to: string) =>
    runCrossdock(['copy', from, `${ecr.registryHost}/${to}`, '--ecr', '--plain-http', ecr.registryHost], env())
  for (const copied of await Promise.all([
    copy('docker.io/acme/web:1.0', 'hub/acme/web:1.0'),
    copy('docker.io/acme/api:next', 'hub/acme/api:stable'),
  ]))
    expect(copied.code, copied.stderr).toBe(0)
  mkdirSync(join(tree, 'infra'), { recursive: true })
  writeFileSync(
    join(tree, 'infra', 'ecs.tf'),
    [
      'resource "aws_ecs_task_definition" "shop" {',
      '  family = "shop"',
      '  container_definitions = jsonencode([',
      '    { name = "web", image = "acme/web:1.0" },',
      '    { name = "api", image = "docker.io/acme/api:stable" },',
      '    { name = "proxy", image = "ghcr.io/acme/proxy:2" },',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform's interpolation, as the file holds it
      '    { name = "worker", image = "acme/worker:${var.tag}" },',
      '  ])',
      '}',
      '',
    ].join('\n'),
  )
})
afterAll(async () => {
  await world?.stop()
  rmSync(tree, { recursive: true, force: true })
})

const env = () => ({ ...world.env(), AWS_REGION: ecr.region })

describe('crossdock refs scan', () => {
  it('finds the references and checks each against ECR with HEADs, which cost no Docker Hub pulls', async () => {
    const pullsBefore = hub.pullCounts()
    hub.resetLogs()
    const map = `docker.io/acme=${ecr.registryHostname}/hub/acme`
    const result = await runCrossdock(['refs', 'scan', tree, '--map', map, '--json'], env())
    expect(result.code, result.stderr).toBe(0)
    const { references } = JSON.parse(result.stdout) as { references: Record<string, unknown>[] }
    expect(references).toEqual([
      {
        file: 'infra/ecs.tf',
        line: 4,
        column: 30,
        text: 'acme/web:1.0',
        reference: 'docker.io/acme/web:1.0',
        place: expect.stringContaining('aws_ecs_task_definition.shop'),
        status: 'migrated',
        target: `${ecr.registryHostname}/hub/acme/web:1.0`,
      },
      expect.objectContaining({
        text: 'docker.io/acme/api:stable',
        status: 'not-migrated',
        target: `${ecr.registryHostname}/hub/acme/api:stable`,
        fix: `crossdock migrate --from docker.io/acme/api --to ecr://${ecr.region}/hub --tags 'stable'`,
      }),
      expect.objectContaining({ text: 'ghcr.io/acme/proxy:2', status: 'not-docker-hub', target: null }),
      expect.objectContaining({ status: 'templated', reference: null }),
    ])
    expect(hub.pullCounts()).toEqual(pullsBefore)
    expect(hub.logs.registry.filter((request) => request.method === 'HEAD').length).toBeGreaterThan(0)
    expect(
      hub.logs.registry.filter((request) => request.method === 'GET' && request.path.includes('/manifests/')),
    ).toEqual([])
  })

  it('lists without asking anyone with --offline, and says what it adds up to', async () => {
    const result = await runCrossdock(['refs', 'scan', tree, '--offline'], {})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('infra/ecs.tf\n')
    expect(result.stdout).toMatch(/ 4:30 +unknown +acme\/web:1\.0 /)
    expect(result.stdout).toContain('4 image references in 1 file: 2 unknown, 1 templated, 1 not-docker-hub.')
    expect(result.stdout).toContain('2 still pull from Docker Hub.')
  })

  it('asks where the images went before checking, and names a path that is not there', async () => {
    const unmapped = await runCrossdock(['refs', 'scan', tree], env())
    expect(unmapped.code).toBe(2)
    expect(unmapped.stderr).toContain('a migration job (--job JOB_ID) or a prefix rule (--map FROM=TO)')
    const missing = await runCrossdock(['refs', 'scan', join(tree, 'nope'), '--offline'], {})
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('nope does not exist')
  })
})

describe('crossdock refs and a migration job', () => {
  it("takes the mapping from a job's report, and records the cutover in that report", async () => {
    const migrate = await runCrossdock(
      ['migrate', '--from', 'docker.io/acme/web', '--to', `ecr://${ecr.region}/hub`],
      env(),
    )
    expect(migrate.code, migrate.stderr).toBe(0)
    const job = /Job (\S+)/.exec(migrate.stderr)![1]!
    const scan = await runCrossdock(['refs', 'scan', tree, '--job', job, '--json'], env())
    expect(scan.code, scan.stderr).toBe(0)
    const [web] = (JSON.parse(scan.stdout) as { references: { text: string; status: string }[] }).references
    expect(web).toMatchObject({ text: 'acme/web:1.0', status: 'migrated' })
    const report = await runCrossdock(['report', job], env())
    expect(report.stdout).toContain('## Cutover')
    expect(report.stdout).toMatch(/4 image references in 1 files \(1 migrated, .*\); 2 still name Docker Hub\./)
    const json = JSON.parse((await runCrossdock(['report', job, '--format', 'json'], env())).stdout)
    expect(json.cutover.scan).toMatchObject({ references: 4, files: 1, stillOnDockerHub: 2, paths: [tree] })
  })
})

describe('crossdock refs rewrite', () => {
  const map = () => `docker.io/acme=${ecr.registryHostname}/hub/acme`
  const dockerfile = 'FROM acme/web:1.0 AS base\r\n# acme/web:1.0 in a comment stays\r\nFROM acme/api:stable\r\n'

  /** A copy of the tree with a CRLF Dockerfile, in a git repository of its own. */
  function workTree(): string {
    const dir = mkdtempSync(join(tmpdir(), 'crossdock-rewrite-'))
    cpSync(tree, dir, { recursive: true })
    writeFileSync(join(dir, 'Dockerfile'), dockerfile, { mode: 0o640 })
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: GIT_ENV })
    git('init', '--quiet', '--initial-branch=main')
    git('add', '.')
    git('commit', '--quiet', '--message', 'start')
    return dir
  }

  it('previews a diff of the verified references only, labelling the rest, and writes nothing', async () => {
    const dir = workTree()
    const result = await runCrossdock(['refs', 'rewrite', dir, '--map', map()], env())
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(
      `-FROM acme/web:1.0 AS base\r\n+FROM ${ecr.registryHostname}/hub/acme/web:1.0 AS base`,
    )
    expect(result.stdout).toContain('Dockerfile:3:6 needs copy  acme/api:stable')
    expect(result.stdout).toContain('(left: --include-unverified moves it)')
    expect(result.stdout).toContain('2 references would move in 2 files; nothing was written (add --apply).')
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile)
  })

  it('applies in place: only the references change, byte for byte, and each file keeps its mode', async () => {
    const dir = workTree()
    const result = await runCrossdock(['refs', 'rewrite', dir, '--map', map(), '--apply'], env())
    expect(result.code, result.stderr).toBe(0)
    const after = readFileSync(join(dir, 'Dockerfile'), 'utf8')
    expect(after).toBe(dockerfile.replace('FROM acme/web:1.0', `FROM ${ecr.registryHostname}/hub/acme/web:1.0`))
    expect(statSync(join(dir, 'Dockerfile')).mode & 0o777).toBe(0o640)
    const terraform = readFileSync(join(dir, 'infra', 'ecs.tf'), 'utf8')
    expect(terraform.replaceAll(`${ecr.registryHostname}/hub/acme/web:1.0`, 'acme/web:1.0')).toBe(
      readFileSync(join(tree, 'infra', 'ecs.tf'), 'utf8'),
    )
    // Scanned again, the moved references are migrated ECR images now: not on Docker Hub.
    const again = await runCrossdock(['refs', 'scan', dir, '--offline', '--json'], {})
    const statuses = (JSON.parse(again.stdout) as { references: { text: string; status: string }[] }).references
    expect(statuses.filter((r) => r.text.startsWith(ecr.registryHostname)).map((r) => r.status)).toEqual([
      'not-docker-hub',
      'not-docker-hub',
    ])
  })

  it('commits the change on a new branch, and refuses a dirty work tree unless told', async () => {
    const dir = workTree()
    writeFileSync(join(dir, 'infra', 'ecs.tf'), `${readFileSync(join(dir, 'infra', 'ecs.tf'), 'utf8')}# edited\n`)
    const args = ['refs', 'rewrite', dir, '--map', map(), '--apply', '--branch', 'move-to-ecr']
    const refused = await runCrossdock(args, { ...env(), ...GIT_ENV })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('has uncommitted changes')
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile)
    const done = await runCrossdock([...args, '--allow-dirty'], { ...env(), ...GIT_ENV })
    expect(done.code, done.stderr).toBe(0)
    const git = (...more: string[]) => execFileSync('git', more, { cwd: dir, env: GIT_ENV }).toString()
    expect(git('branch', '--show-current').trim()).toBe('move-to-ecr')
    expect(git('log', '-1', '--format=%s')).toContain('Move 2 image references from Docker Hub to ECR')
    expect(git('show', '--name-only', '--format=', 'HEAD').trim().split('\n')).toEqual(['Dockerfile', 'infra/ecs.tf'])
  })
})

const GIT_ENV = {
  PATH: process.env.PATH,
  HOME: '/nonexistent-crossdock-home',
  GIT_AUTHOR_NAME: 'Crossdock Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Crossdock Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
}

describe('crossdock refs live --ecs', () => {
  let ecs: EcsEmulator
  beforeAll(async () => {
    ecs = await startEcsEmulator({
      // One set of AWS credentials reads ECS, CodeBuild and ECR, as on a real account.
      credentials: { [ECR_KEY.accessKeyId]: ECR_KEY.secretAccessKey },
      region: ecr.region,
      pageSize: 1,
      clusters: [
        {
          clusterName: 'prod',
          services: [
            {
              serviceName: 'shop',
              taskDefinition: {
                family: 'shop',
                containerDefinitions: [
                  { name: 'web', image: 'acme/web:1.0' },
                  { name: 'proxy', image: 'ghcr.io/acme/proxy:2' },
                ],
              },
            },
            {
              serviceName: 'api',
              taskDefinition: { family: 'api', containerDefinitions: [{ name: 'api', image: 'acme/api:stable' }] },
            },
          ],
        },
        {
          clusterName: 'moved',
          services: [
            {
              serviceName: 'done',
              taskDefinition: {
                family: 'done',
                containerDefinitions: [{ name: 'done', image: `${ecr.registryHostname}/hub/acme/web:1.0` }],
              },
            },
          ],
        },
      ],
      projects: [
        { name: 'build', image: 'acme/builder:1' },
        { name: 'curated', image: 'aws/codebuild/standard:7.0' },
      ],
    })
  })
  afterAll(async () => {
    await ecs?.stop()
  })

  const liveEnv = () => ({ ...env(), AWS_ENDPOINT_URL_ECS: ecs.ecsUrl, AWS_ENDPOINT_URL_CODEBUILD: ecs.codebuildUrl })

  it('reads every service, page by page, and says how many workloads still pull from Docker Hub', async () => {
    const map = `docker.io/acme=${ecr.registryHostname}/hub/acme`
    const result = await runCrossdock(['refs', 'live', '--ecs', '--map', map, '--json'], liveEnv())
    expect(result.code, result.stderr).toBe(0)
    const live = JSON.parse(result.stdout) as {
      workloads: { workload: string; container: string; image: string; status: string }[]
      stillOnDockerHub: number
      total: number
    }
    expect(live.workloads.map((w) => [w.workload, w.container, w.status])).toEqual(
      expect.arrayContaining([
        ['ecs:prod/shop', 'web', 'migrated'],
        ['ecs:prod/shop', 'proxy', 'not-docker-hub'],
        ['ecs:prod/api', 'api', 'not-migrated'],
        ['ecs:moved/done', 'done', 'not-docker-hub'],
        ['codebuild:build', 'environment', 'not-migrated'],
      ]),
    )
    // CodeBuild's curated images are not Docker Hub's.
    expect(live.workloads.map((w) => w.workload)).not.toContain('codebuild:curated')
    expect({ still: live.stillOnDockerHub, total: live.total }).toEqual({ still: 3, total: 4 })
    // Paged as the API pages: one cluster and one service a page here.
    expect(ecs.logs.filter((request) => request.operation === 'ListServices').length).toBeGreaterThan(2)
  })

  it('names the workloads in text, with the headline, and only the clusters asked for', async () => {
    const result = await runCrossdock(['refs', 'live', '--ecs', '--cluster', 'moved', '--offline'], liveEnv())
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(`ecs:moved/done done: ${ecr.registryHostname}/hub/acme/web:1.0  not Docker Hub`)
    expect(result.stdout).toContain('1 of 2 workloads still pull from Docker Hub.')
    // Given the folders the workloads are deployed from, each image names the files to fix, in git.
    const linked = await runCrossdock(
      ['refs', 'live', '--ecs', '--cluster', 'prod', tree, '--offline', '--json'],
      liveEnv(),
    )
    const shop = (JSON.parse(linked.stdout) as { workloads: { container: string; definedIn?: unknown }[] }).workloads
    expect(shop.find((w) => w.container === 'web')?.definedIn).toEqual([
      { file: join(tree, 'infra', 'ecs.tf'), line: 4 },
    ])
    expect(shop.find((w) => w.container === 'proxy')?.definedIn).toEqual([
      { file: join(tree, 'infra', 'ecs.tf'), line: 6 },
    ])
    const refused = await runCrossdock(['refs', 'live', '--offline'], liveEnv())
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('--ecs')
  })
})
