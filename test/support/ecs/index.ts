import { createServer, type Server } from 'node:http'
import { closeServer, listenOnLoopback } from '../loopback-server'
import { CODEBUILD_TARGET_PREFIX, codebuildOperations } from './codebuild-operations'
import { ECS_TARGET_PREFIX, ecsOperations } from './ecs-operations'
import { type AwsLoggedRequest, jsonServiceHandler } from './json-service'
import {
  DEFAULTS,
  type EcsEmulatorOptions,
  type PageSizes,
  realClock,
  type SeedCluster,
  type SeedProject,
  type SeedService,
  type SeedTaskDefinition,
} from './options'
import { EcsState } from './state'

export { createManualClock } from './options'
export type {
  Clock,
  Compatibility,
  EcsEmulatorOptions,
  EcsTag,
  EnvironmentType,
  LaunchType,
  ManualClock,
  PageSizes,
  SeedCluster,
  SeedContainer,
  SeedProject,
  SeedService,
  SeedTaskDefinition,
} from './options'
export type { AwsLoggedRequest } from './json-service'
export { CODEBUILD_TARGET_PREFIX } from './codebuild-operations'
export { ECS_TARGET_PREFIX } from './ecs-operations'

/** The AWS variables a spawned `crossdock` needs to reach the emulator with the SDK's default configuration. */
export interface EcsEmulatorEnv {
  AWS_ACCESS_KEY_ID: string
  AWS_SECRET_ACCESS_KEY: string
  AWS_REGION: string
  AWS_ENDPOINT_URL_ECS: string
  AWS_ENDPOINT_URL_CODEBUILD: string
}

export interface EcsEmulator {
  /** `http://127.0.0.1:PORT` of the ECS API: the SDK's `endpoint`, or AWS_ENDPOINT_URL_ECS. */
  ecsUrl: string
  /** `http://127.0.0.1:PORT` of the CodeBuild API (an origin of its own): AWS_ENDPOINT_URL_CODEBUILD. */
  codebuildUrl: string
  region: string
  accountId: string
  /** Every request to either service, in arrival order. */
  logs: AwsLoggedRequest[]
  resetLogs(): void
  /** The first configured key, its secret, the Region and both endpoints. */
  env(): EcsEmulatorEnv
  /** The ARNs the emulator answers with. */
  clusterArn(name: string): string
  serviceArn(cluster: string, name: string): string
  /** `family:revision` → its ARN. */
  taskDefinitionArn(familyRevision: string): string
  projectArn(name: string): string
  /** Registers a revision; returns its ARN. */
  addTaskDefinition(seed: SeedTaskDefinition): string
  addCluster(seed: SeedCluster): void
  addService(cluster: string, seed: SeedService): void
  addProject(seed: SeedProject): void
  stop(): Promise<void>
}

function pageSizesOf(option: EcsEmulatorOptions['pageSize']): Required<PageSizes> {
  const given: PageSizes =
    typeof option === 'number' ? { ListClusters: option, ListServices: option, ListProjects: option } : (option ?? {})
  const sizes = { ...DEFAULTS.pageSizes, ...given }
  for (const [operation, size] of Object.entries(sizes)) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`page size of ${operation}: ${size}`)
  }
  return sizes
}

/**
 * Starts an Amazon ECS and AWS CodeBuild emulator: two loopback origins speaking AWS JSON 1.1, SigV4-checked for
 * `ecs` and `codebuild` in one Region and account, answering the read calls that list services, task definitions
 * and build projects. See `options.ts` for the seeds and knobs, each operations module for the behaviour it copies.
 */
export async function startEcsEmulator(options: EcsEmulatorOptions = {}): Promise<EcsEmulator> {
  const clock = options.clock ?? realClock
  const region = options.region ?? DEFAULTS.region
  const accountId = options.accountId ?? DEFAULTS.accountId
  const credentials = options.credentials ?? DEFAULTS.credentials
  const pageSizes = pageSizesOf(options.pageSize)
  const state = new EcsState(region, accountId, () => clock.now())
  for (const td of options.taskDefinitions ?? []) state.registerTaskDefinition(td)
  for (const cluster of options.clusters ?? []) state.addCluster(cluster)
  for (const [i, project] of (options.projects ?? []).entries()) state.addProject(project, i)

  const logs: AwsLoggedRequest[] = []
  const common = {
    region,
    clock,
    secrets: credentials,
    sessionTokens: options.sessionTokens ?? {},
    maxSkewSeconds: options.maxClockSkewSeconds ?? DEFAULTS.maxClockSkewSeconds,
    log: logs,
  }
  const servers: Server[] = [
    createServer(
      jsonServiceHandler({
        ...common,
        service: 'ecs',
        targetPrefix: ECS_TARGET_PREFIX,
        operations: ecsOperations({ state, pageSizes }),
      }),
    ),
    createServer(
      jsonServiceHandler({
        ...common,
        service: 'codebuild',
        targetPrefix: CODEBUILD_TARGET_PREFIX,
        operations: codebuildOperations({ state, pageSizes }),
      }),
    ),
  ]
  const hosts: string[] = []
  const listening: Server[] = []
  const closeAll = async (): Promise<void> => void (await Promise.all(listening.map((s) => closeServer(s))))
  try {
    for (const server of servers) {
      hosts.push(await listenOnLoopback(server))
      listening.push(server)
    }
  } catch (error) {
    await closeAll()
    throw error
  }

  const [ecsUrl, codebuildUrl] = hosts.map((host) => `http://${host}`) as [string, string]
  const [accessKeyId, secretAccessKey] = Object.entries(credentials)[0] ?? ['', '']
  let stopping: Promise<void> | undefined
  return {
    ecsUrl,
    codebuildUrl,
    region,
    accountId,
    logs,
    resetLogs: () => void logs.splice(0),
    env: () => ({
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_REGION: region,
      AWS_ENDPOINT_URL_ECS: ecsUrl,
      AWS_ENDPOINT_URL_CODEBUILD: codebuildUrl,
    }),
    clusterArn: (name) => state.clusterArn(name),
    serviceArn: (cluster, name) => state.serviceArn(cluster, name),
    taskDefinitionArn: (familyRevision) => {
      const [family, revision] = familyRevision.split(':')
      return state.taskDefinitionArn({ family: family!, revision: Number(revision) })
    },
    projectArn: (name) => state.projectArn(name),
    addTaskDefinition: (seed) => state.taskDefinitionArn(state.registerTaskDefinition(seed)),
    addCluster: (seed) => void state.addCluster(seed),
    addService: (cluster, seed) => void state.addService(cluster, seed),
    addProject: (seed) => void state.addProject(seed),
    stop: () => (stopping ??= closeAll()),
  }
}
