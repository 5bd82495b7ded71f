import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { BatchGetProjectsCommand, ListProjectsCommand, paginateListProjects } from '@aws-sdk/client-codebuild'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  paginateListClusters,
  paginateListServices,
} from '@aws-sdk/client-ecs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ECS_TARGET_PREFIX, type EcsEmulator, startEcsEmulator } from '../../../support/ecs'
import { codebuildClient, ecsClient, KEY } from '../../../support/ecs/sdk'
import { failure } from '../ecr/http'

// The ECS + CodeBuild emulator, checked with the real @aws-sdk/client-ecs and @aws-sdk/client-codebuild (their
// paginators included) against the ECS and CodeBuild API references.

const REGION = 'eu-west-1'
const ACCOUNT = '111122223333'
const ECS_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}`

let emulator: EcsEmulator
const extra: EcsEmulator[] = []

const service = (name: string, image: string, more: Record<string, unknown> = {}) => ({
  serviceName: name,
  taskDefinition: { family: name, containerDefinitions: [{ name: 'app', image }] },
  ...more,
})

beforeAll(async () => {
  emulator = await startEcsEmulator({
    region: REGION,
    accountId: ACCOUNT,
    pageSize: { ListClusters: 2, ListServices: 3, ListProjects: 2 },
    taskDefinitions: [
      {
        family: 'web',
        containerDefinitions: [{ name: 'nginx', image: 'nginx:1.25' }],
        tags: [{ key: 'team', value: 'a' }],
      },
      {
        family: 'web',
        containerDefinitions: [
          { name: 'nginx', image: 'nginx:1.27' },
          { name: 'log-router', image: 'amazon/aws-for-fluent-bit:2.32.0', essential: false },
        ],
        requiresCompatibilities: ['FARGATE'],
      },
      { family: 'retired', containerDefinitions: [{ name: 'app', image: 'busybox:1.36' }], status: 'INACTIVE' },
    ],
    clusters: [
      {
        clusterName: 'prod',
        services: [
          { serviceName: 'web', taskDefinition: 'web', launchType: 'FARGATE', rollingFrom: ['web:1'] },
          service('api', 'node:20-alpine'),
          service('worker', 'python:3.12-slim'),
          service('agent', 'datadog/agent:7', { schedulingStrategy: 'DAEMON' }),
          service('cron', 'alpine:3.20', { launchType: 'FARGATE' }),
          service('legacy', 'redis:6', {
            taskDefinition: {
              family: 'legacy',
              status: 'INACTIVE',
              containerDefinitions: [{ name: 'redis', image: 'redis:6' }],
            },
          }),
          service('gone', 'memcached:1.6', { status: 'DRAINING' }),
          service('queue', 'rabbitmq:3-management', { tags: [{ key: 'tier', value: 'backend' }] }),
        ],
      },
      {
        clusterName: 'staging',
        services: [
          {
            serviceName: 'web',
            taskDefinition: {
              family: 'web-staging',
              containerDefinitions: [{ name: 'nginx', image: 'nginx:1.27-alpine' }],
            },
          },
        ],
      },
      { clusterName: 'default', services: [service('hello', 'hello-world:latest')] },
      { clusterName: 'empty' },
    ],
    projects: [
      { name: 'build-api', image: 'node:20' },
      { name: 'build-web', image: 'aws/codebuild/standard:7.0' },
      { name: 'arm-tests', image: 'golang:1.22', type: 'ARM_CONTAINER', computeType: 'BUILD_GENERAL1_LARGE' },
      { name: 'docs', image: 'python:3.12', imagePullCredentialsType: 'SERVICE_ROLE' },
      { name: 'zz-release', image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/builder:1` },
    ],
  })
})

afterAll(async () => {
  await Promise.all(extra.map((e) => e.stop()))
  await emulator?.stop()
})

describe('SigV4 and the AWS JSON 1.1 protocol', () => {
  it('answers a signed call and logs its operation, parameters and status', async () => {
    emulator.resetLogs()
    const out = await ecsClient(emulator).send(new ListServicesCommand({ cluster: 'staging', maxResults: 5 }))
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(emulator.logs).toEqual([
      expect.objectContaining({
        service: 'ecs',
        operation: 'ListServices',
        params: { cluster: 'staging', maxResults: 5 },
        status: 200,
        accessKeyId: KEY.accessKeyId,
      }),
    ])
  })

  it('refuses a wrong secret with InvalidSignatureException (403) on both services', async () => {
    const wrong = { credentials: { ...KEY, secretAccessKey: 'not-the-secret' } }
    const ecs = await failure(ecsClient(emulator, wrong).send(new ListClustersCommand({})))
    expect(ecs).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } })
    expect(ecs.message).toContain('does not match the signature you provided')
    const codebuild = await failure(codebuildClient(emulator, wrong).send(new ListProjectsCommand({})))
    expect(codebuild).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } })
    expect(emulator.logs.at(-1)).toMatchObject({
      service: 'codebuild',
      status: 403,
      error: 'InvalidSignatureException',
    })
  })

  it('refuses an unknown access key with UnrecognizedClientException', async () => {
    const stranger = { credentials: { accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'x' } }
    const e = await failure(ecsClient(emulator, stranger).send(new ListClustersCommand({})))
    expect(e).toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 403 } })
  })

  it('refuses a signature scoped to another Region or to the other service', async () => {
    const otherRegion = await failure(ecsClient(emulator, { region: 'us-east-1' }).send(new ListClustersCommand({})))
    expect(otherRegion.name).toBe('InvalidSignatureException')
    expect(otherRegion.message).toContain('Credential should be scoped to a valid region and service')
    // An ECS call (signed for `ecs`) sent to the CodeBuild endpoint: each origin checks its own signing name.
    const misdirected = new ECSClient({
      region: REGION,
      endpoint: emulator.codebuildUrl,
      credentials: KEY,
      maxAttempts: 1,
    })
    const crossed = await failure(misdirected.send(new ListClustersCommand({})))
    expect(crossed.name).toBe('InvalidSignatureException')
    expect(emulator.logs.at(-1)).toMatchObject({ service: 'codebuild', status: 403 })
  })

  it('answers an unsigned request with the AWS JSON error shape', async () => {
    const res = await fetch(`${emulator.ecsUrl}/`, {
      method: 'POST',
      headers: { 'x-amz-target': `${ECS_TARGET_PREFIX}.ListClusters`, 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
    expect(await res.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    })
  })
})

describe('ECS ListClusters', () => {
  it('pages through every cluster with paginateListClusters', async () => {
    emulator.resetLogs()
    const pages: string[][] = []
    for await (const p of paginateListClusters({ client: ecsClient(emulator) }, {})) pages.push(p.clusterArns ?? [])
    expect(pages).toEqual([
      [`${ECS_ARN}:cluster/prod`, `${ECS_ARN}:cluster/staging`],
      [`${ECS_ARN}:cluster/default`, `${ECS_ARN}:cluster/empty`],
    ])
    expect(emulator.logs.map((entry) => entry.params?.nextToken === undefined)).toEqual([true, false])
  })

  it('honours the caller’s maxResults and refuses one outside 1..100', async () => {
    const pages: number[] = []
    for await (const p of paginateListClusters({ client: ecsClient(emulator), pageSize: 3 }, {})) {
      pages.push(p.clusterArns!.length)
    }
    expect(pages).toEqual([3, 1])
    for (const maxResults of [0, 101]) {
      const e = await failure(ecsClient(emulator).send(new ListClustersCommand({ maxResults })))
      expect(e).toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } })
    }
  })

  it('refuses a nextToken that is not one of its own', async () => {
    const e = await failure(ecsClient(emulator).send(new ListClustersCommand({ nextToken: 'bm90LWEtdG9rZW4' })))
    expect(e.name).toBe('InvalidParameterException')
  })
})

describe('ECS ListServices', () => {
  const all = async (input: Parameters<typeof paginateListServices>[1], pageSize?: number) => {
    const pages: string[][] = []
    const config = { client: ecsClient(emulator), ...(pageSize ? { pageSize } : {}) }
    for await (const p of paginateListServices(config, input)) pages.push(p.serviceArns ?? [])
    return pages
  }

  it('pages through a cluster’s ACTIVE services, by cluster name or ARN', async () => {
    const service = (name: string) => `${ECS_ARN}:service/prod/${name}`
    const expected = [
      [service('web'), service('api'), service('worker')],
      [service('agent'), service('cron'), service('legacy')],
      [service('queue')],
    ]
    expect(await all({ cluster: 'prod' })).toEqual(expected)
    expect(await all({ cluster: `${ECS_ARN}:cluster/prod` })).toEqual(expected)
    expect(await all({ cluster: 'prod' }, 100)).toEqual([expected.flat()])
  })

  it('assumes the cluster named default without a cluster, and refuses an unknown cluster', async () => {
    expect(await all({})).toEqual([[`${ECS_ARN}:service/default/hello`]])
    const e = await failure(ecsClient(emulator).send(new ListServicesCommand({ cluster: 'nope' })))
    expect(e).toMatchObject({ name: 'ClusterNotFoundException', message: 'Cluster not found.' })
    const elsewhere = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`
    const other = await failure(ecsClient(emulator).send(new ListServicesCommand({ cluster: elsewhere })))
    expect(other.name).toBe('ClusterNotFoundException')
  })

  it('filters by launch type and scheduling strategy', async () => {
    expect((await all({ cluster: 'prod', launchType: 'FARGATE' })).flat()).toEqual([
      `${ECS_ARN}:service/prod/web`,
      `${ECS_ARN}:service/prod/cron`,
    ])
    expect((await all({ cluster: 'prod', schedulingStrategy: 'DAEMON' })).flat()).toEqual([
      `${ECS_ARN}:service/prod/agent`,
    ])
  })

  it('refuses a nextToken from another cluster’s listing', async () => {
    const first = await ecsClient(emulator).send(new ListServicesCommand({ cluster: 'prod' }))
    expect(first.nextToken).toBeTruthy()
    const e = await failure(
      ecsClient(emulator).send(new ListServicesCommand({ cluster: 'staging', nextToken: first.nextToken })),
    )
    expect(e.name).toBe('InvalidParameterException')
  })
})

describe('the services’ own page sizes', () => {
  it('answers 100 clusters, 10 services and 100 projects a page when neither side names a size', async () => {
    const many = await startEcsEmulator({
      clusters: [
        {
          clusterName: 'default',
          services: Array.from({ length: 12 }, (_, i) => service(`s${i}`, 'nginx:1.27')),
        },
        ...Array.from({ length: 100 }, (_, i) => ({ clusterName: `c${i}` })),
      ],
      projects: Array.from({ length: 101 }, (_, i) => ({ name: `p${String(i).padStart(3, '0')}`, image: 'node:20' })),
    })
    extra.push(many)
    const clusters: number[] = []
    for await (const p of paginateListClusters({ client: ecsClient(many) }, {})) clusters.push(p.clusterArns!.length)
    expect(clusters).toEqual([100, 1])
    const services: number[] = []
    for await (const p of paginateListServices({ client: ecsClient(many) }, {})) services.push(p.serviceArns!.length)
    expect(services).toEqual([10, 2])
    const projects: number[] = []
    for await (const p of paginateListProjects({ client: codebuildClient(many) }, {})) {
      projects.push(p.projects!.length)
    }
    expect(projects).toEqual([100, 1])
  })
})

describe('ECS DescribeServices', () => {
  it('describes services by name and ARN with their task definition ARNs and deployments', async () => {
    const out = await ecsClient(emulator).send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web', `${ECS_ARN}:service/prod/api`] }),
    )
    expect(out.failures).toEqual([])
    expect(out.services!.map((s) => [s.serviceName, s.serviceArn, s.clusterArn, s.status, s.taskDefinition])).toEqual([
      ['web', `${ECS_ARN}:service/prod/web`, `${ECS_ARN}:cluster/prod`, 'ACTIVE', `${ECS_ARN}:task-definition/web:2`],
      ['api', `${ECS_ARN}:service/prod/api`, `${ECS_ARN}:cluster/prod`, 'ACTIVE', `${ECS_ARN}:task-definition/api:1`],
    ])
    const web = out.services![0]!
    expect(web.launchType).toBe('FARGATE')
    expect(web.createdAt).toBeInstanceOf(Date)
    expect(web.deployments!.map((d) => [d.status, d.taskDefinition, d.rolloutState])).toEqual([
      ['PRIMARY', `${ECS_ARN}:task-definition/web:2`, 'IN_PROGRESS'],
      ['ACTIVE', `${ECS_ARN}:task-definition/web:1`, 'IN_PROGRESS'],
    ])
  })

  it('lists unknown services as MISSING failures, a service of another cluster included', async () => {
    const out = await ecsClient(emulator).send(
      new DescribeServicesCommand({
        cluster: 'staging',
        services: ['web', 'nope', `${ECS_ARN}:service/prod/api`],
      }),
    )
    expect(out.services!.map((s) => s.serviceArn)).toEqual([`${ECS_ARN}:service/staging/web`])
    expect(out.failures).toEqual([
      { arn: `${ECS_ARN}:service/staging/nope`, reason: 'MISSING' },
      { arn: `${ECS_ARN}:service/prod/api`, reason: 'MISSING' },
    ])
  })

  it('still describes a deleted (DRAINING) service that ListServices leaves out', async () => {
    const out = await ecsClient(emulator).send(new DescribeServicesCommand({ cluster: 'prod', services: ['gone'] }))
    expect(out.services!.map((s) => [s.serviceName, s.status])).toEqual([['gone', 'DRAINING']])
  })

  it('refuses more than 10 services, and none, with InvalidParameterException', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `svc-${i}`)
    const e = await failure(
      ecsClient(emulator).send(new DescribeServicesCommand({ cluster: 'prod', services: eleven })),
    )
    expect(e).toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } })
    const ten = await ecsClient(emulator).send(
      new DescribeServicesCommand({ cluster: 'prod', services: eleven.slice(1) }),
    )
    expect(ten.failures).toHaveLength(10)
    const none = await failure(ecsClient(emulator).send(new DescribeServicesCommand({ cluster: 'prod', services: [] })))
    expect(none.name).toBe('InvalidParameterException')
  })

  it('refuses an unknown cluster and adds tags only when asked', async () => {
    const e = await failure(ecsClient(emulator).send(new DescribeServicesCommand({ cluster: 'x', services: ['web'] })))
    expect(e.name).toBe('ClusterNotFoundException')
    const plain = await ecsClient(emulator).send(new DescribeServicesCommand({ cluster: 'prod', services: ['queue'] }))
    expect(plain.services![0]!.tags).toBeUndefined()
    const tagged = await ecsClient(emulator).send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['queue'], include: ['TAGS'] }),
    )
    expect(tagged.services![0]!.tags).toEqual([{ key: 'tier', value: 'backend' }])
  })
})

describe('ECS DescribeTaskDefinition', () => {
  const describeTd = (taskDefinition: string, include?: ['TAGS']) =>
    ecsClient(emulator).send(new DescribeTaskDefinitionCommand({ taskDefinition, ...(include ? { include } : {}) }))

  it('finds a family’s latest ACTIVE revision, a family:revision and an ARN', async () => {
    const latest = await describeTd('web')
    expect(latest.taskDefinition).toMatchObject({
      taskDefinitionArn: `${ECS_ARN}:task-definition/web:2`,
      family: 'web',
      revision: 2,
      status: 'ACTIVE',
      requiresCompatibilities: ['FARGATE'],
    })
    expect(latest.taskDefinition!.containerDefinitions!.map((c) => [c.name, c.image, c.essential])).toEqual([
      ['nginx', 'nginx:1.27', true],
      ['log-router', 'amazon/aws-for-fluent-bit:2.32.0', false],
    ])
    const first = await describeTd('web:1')
    expect(first.taskDefinition!.containerDefinitions!.map((c) => c.image)).toEqual(['nginx:1.25'])
    const byArn = await describeTd(`${ECS_ARN}:task-definition/worker:1`)
    expect(byArn.taskDefinition!.containerDefinitions!.map((c) => c.image)).toEqual(['python:3.12-slim'])
  })

  it('refuses an unknown task definition with ClientException', async () => {
    for (const reference of ['nope', 'web:9', `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:1`, 'web:x']) {
      const e = await failure(describeTd(reference))
      expect(e).toMatchObject({
        name: 'ClientException',
        message: 'Unable to describe task definition.',
        $metadata: { httpStatusCode: 400 },
      })
    }
  })

  it('describes an INACTIVE revision only while a service still runs it', async () => {
    const inUse = await describeTd('legacy:1')
    expect(inUse.taskDefinition).toMatchObject({ status: 'INACTIVE', family: 'legacy' })
    expect(inUse.taskDefinition!.deregisteredAt).toBeInstanceOf(Date)
    expect((await failure(describeTd('retired:1'))).name).toBe('ClientException')
    // A family whose revisions are all INACTIVE has no latest ACTIVE revision.
    expect((await failure(describeTd('legacy'))).name).toBe('ClientException')
  })

  it('adds the tags only when asked', async () => {
    expect((await describeTd('web:1')).tags).toBeUndefined()
    expect((await describeTd('web:1', ['TAGS'])).tags).toEqual([{ key: 'team', value: 'a' }])
  })
})

describe('CodeBuild ListProjects', () => {
  it('pages through every project by name with paginateListProjects', async () => {
    const pages: string[][] = []
    for await (const p of paginateListProjects({ client: codebuildClient(emulator) }, {})) pages.push(p.projects ?? [])
    expect(pages).toEqual([['arm-tests', 'build-api'], ['build-web', 'docs'], ['zz-release']])
  })

  it('sorts as asked, and refuses a token of another sort order', async () => {
    const pages: string[][] = []
    const input = { sortBy: 'CREATED_TIME', sortOrder: 'DESCENDING' } as const
    for await (const p of paginateListProjects({ client: codebuildClient(emulator) }, input)) pages.push(p.projects!)
    expect(pages.flat()).toEqual(['zz-release', 'docs', 'arm-tests', 'build-web', 'build-api'])
    const first = await codebuildClient(emulator).send(new ListProjectsCommand({}))
    const e = await failure(
      codebuildClient(emulator).send(new ListProjectsCommand({ ...input, nextToken: first.nextToken })),
    )
    expect(e).toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } })
  })
})

describe('CodeBuild BatchGetProjects', () => {
  it('answers projects by name or ARN with their environment, and lists the rest in projectsNotFound', async () => {
    const arn = `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/arm-tests`
    const out = await codebuildClient(emulator).send(
      new BatchGetProjectsCommand({
        names: ['build-api', 'missing', arn, `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/x`],
      }),
    )
    expect(out.projects!.map((p) => [p.name, p.arn, p.environment])).toEqual([
      [
        'build-api',
        `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/build-api`,
        expect.objectContaining({
          type: 'LINUX_CONTAINER',
          image: 'node:20',
          computeType: 'BUILD_GENERAL1_SMALL',
          imagePullCredentialsType: 'CODEBUILD',
        }),
      ],
      [
        'arm-tests',
        arn,
        expect.objectContaining({ type: 'ARM_CONTAINER', image: 'golang:1.22', computeType: 'BUILD_GENERAL1_LARGE' }),
      ],
    ])
    expect(out.projectsNotFound).toEqual(['missing', `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/x`])
    expect(out.projects![0]!.created).toBeInstanceOf(Date)
  })

  it('refuses more than 100 names, and none, with InvalidInputException', async () => {
    const names = Array.from({ length: 101 }, (_, i) => `p-${i}`)
    const e = await failure(codebuildClient(emulator).send(new BatchGetProjectsCommand({ names })))
    expect(e).toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } })
    const hundred = await codebuildClient(emulator).send(new BatchGetProjectsCommand({ names: names.slice(1) }))
    expect(hundred.projectsNotFound).toHaveLength(100)
    const none = await failure(codebuildClient(emulator).send(new BatchGetProjectsCommand({ names: [] })))
    expect(none.name).toBe('InvalidInputException')
  })
})

describe('env()', () => {
  it('is all a spawned process needs to reach both services with the SDK’s default configuration', async () => {
    // A separate Node process, as the CLI would be: credentials, Region and both endpoints come from env() alone.
    const script = `
      const { ECSClient, ListClustersCommand } = require('@aws-sdk/client-ecs')
      const { CodeBuildClient, ListProjectsCommand } = require('@aws-sdk/client-codebuild')
      ;(async () => {
        const clusters = await new ECSClient({}).send(new ListClustersCommand({ maxResults: 100 }))
        const projects = await new CodeBuildClient({}).send(new ListProjectsCommand({}))
        process.stdout.write(JSON.stringify({ clusters: clusters.clusterArns, projects: projects.projects }))
      })().catch((error) => { console.error(error); process.exit(1) })`
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    }
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_DEFAULT_REGION']) delete env[name]
    emulator.resetLogs()
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: { ...env, ...emulator.env() },
      cwd: process.cwd(),
    })
    expect(JSON.parse(stdout)).toEqual({
      clusters: ['prod', 'staging', 'default', 'empty'].map((name) => `${ECS_ARN}:cluster/${name}`),
      projects: ['arm-tests', 'build-api'],
    })
    expect(emulator.logs.map((entry) => [entry.service, entry.operation, entry.accessKeyId])).toEqual([
      ['ecs', 'ListClusters', KEY.accessKeyId],
      ['codebuild', 'ListProjects', KEY.accessKeyId],
    ])
    expect(emulator.env()).toEqual({
      AWS_ACCESS_KEY_ID: KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_ECS: emulator.ecsUrl,
      AWS_ENDPOINT_URL_CODEBUILD: emulator.codebuildUrl,
    })
  })
})
