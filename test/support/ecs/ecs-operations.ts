import { createHash } from 'node:crypto'
import { AwsError, epochSeconds } from '../ecr/aws-json'
import { optionalInteger, optionalString, optionalStringList } from './input'
import type { Input, Operation } from './json-service'
import type { PageSizes } from './options'
import { page } from './paging'
import type { ClusterRecord, EcsState, ServiceRecord, TaskDefinitionRecord } from './state'

/**
 * Amazon ECS (AmazonEC2ContainerServiceV20141113), the four read calls a live image inventory makes, per the ECS API
 * reference (API_ListClusters, API_ListServices, API_DescribeServices, API_DescribeTaskDefinition, API_Service,
 * API_Deployment, API_TaskDefinition, API_Failure).
 */

export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113'

export interface EcsOperationContext {
  state: EcsState
  pageSizes: Required<PageSizes>
}

const invalidParameter = (message: string): AwsError => new AwsError('InvalidParameterException', message)
// The ECS errors' messages as the service words them.
const clusterNotFound = (): AwsError => new AwsError('ClusterNotFoundException', 'Cluster not found.')
const cannotDescribe = (): AwsError => new AwsError('ClientException', 'Unable to describe task definition.')

const LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES']
const SCHEDULING_STRATEGIES = ['REPLICA', 'DAEMON']
// DescribeServices: "You may specify up to 10 services to describe in a single operation."
const DESCRIBE_SERVICES_LIMIT = 10

/** ListClusters/ListServices `maxResults`: "This value can be between 1 and 100." */
function maxResultsOf(input: Input): number | undefined {
  const max = optionalInteger(input, 'maxResults')
  if (max !== undefined && (max < 1 || max > 100)) throw invalidParameter('maxResults must be between 1 and 100.')
  return max
}

const invalidToken = (): AwsError => invalidParameter('Invalid nextToken.')

/** `cluster`: short name or ARN; "If you do not specify a cluster, the default cluster is assumed." */
function clusterOf(ctx: EcsOperationContext, input: Input): ClusterRecord {
  const cluster = ctx.state.findCluster(optionalString(input, 'cluster') ?? 'default')
  if (!cluster) throw clusterNotFound()
  return cluster
}

function enumMember(input: Input, name: string, values: readonly string[]): string | undefined {
  const value = optionalString(input, name)
  if (value !== undefined && !values.includes(value)) {
    throw invalidParameter(`${name} must be one of ${values.join(', ')}.`)
  }
  return value
}

function listClusters(ctx: EcsOperationContext, input: Input): unknown {
  const clusters = [...ctx.state.clusters.keys()].map((name) => ctx.state.clusterArn(name))
  const answer = page(clusters, {
    operation: 'ListClusters',
    scope: '',
    maxResults: maxResultsOf(input),
    defaultSize: ctx.pageSizes.ListClusters,
    nextToken: input.nextToken,
    invalidToken,
  })
  return { clusterArns: answer.items, ...(answer.nextToken ? { nextToken: answer.nextToken } : {}) }
}

function listServices(ctx: EcsOperationContext, input: Input): unknown {
  const maxResults = maxResultsOf(input)
  const launchType = enumMember(input, 'launchType', LAUNCH_TYPES)
  const schedulingStrategy = enumMember(input, 'schedulingStrategy', SCHEDULING_STRATEGIES)
  const cluster = clusterOf(ctx, input)
  // DeleteService: a DRAINING service "is no longer visible in the console or in the ListServices API operation".
  const services = [...cluster.services.values()]
    .filter((s) => s.status === 'ACTIVE')
    .filter((s) => launchType === undefined || s.launchType === launchType)
    .filter((s) => schedulingStrategy === undefined || s.schedulingStrategy === schedulingStrategy)
    .map((s) => ctx.state.serviceArn(cluster.name, s.name))
  const answer = page(services, {
    operation: 'ListServices',
    scope: JSON.stringify([cluster.name, launchType ?? '', schedulingStrategy ?? '']),
    maxResults,
    defaultSize: ctx.pageSizes.ListServices,
    nextToken: input.nextToken,
    invalidToken,
  })
  return { serviceArns: answer.items, ...(answer.nextToken ? { nextToken: answer.nextToken } : {}) }
}

/** A service named by short name or ARN (long `service/CLUSTER/NAME` or old short `service/NAME`) in `cluster`. */
function findService(ctx: EcsOperationContext, cluster: ClusterRecord, reference: string): ServiceRecord | undefined {
  let name = reference
  if (reference.startsWith('arn:')) {
    const prefix = `arn:aws:ecs:${ctx.state.region}:${ctx.state.accountId}:service/`
    if (!reference.startsWith(prefix)) return undefined
    const path = reference.slice(prefix.length).split('/')
    if (path.length === 2 && path[0] !== cluster.name) return undefined
    if (path.length > 2) return undefined
    name = path.at(-1)!
  }
  return cluster.services.get(name)
}

function deploymentId(service: string, td: TaskDefinitionRecord): string {
  const digits = BigInt(`0x${createHash('sha256').update(`${service} ${td.family}:${td.revision}`).digest('hex')}`)
  return `ecs-svc/${(digits % 10n ** 19n).toString().padStart(19, '0')}`
}

function serviceShape(ctx: EcsOperationContext, s: ServiceRecord, withTags: boolean): Record<string, unknown> {
  const { state } = ctx
  const serviceArn = state.serviceArn(s.cluster, s.name)
  const running = s.status === 'ACTIVE' ? s.desiredCount : 0
  const deployments = [
    { td: s.taskDefinition, status: 'PRIMARY', count: running },
    ...s.rollingFrom.map((td) => ({ td, status: 'ACTIVE', count: running })),
  ].map(({ td, status, count }) => ({
    id: deploymentId(serviceArn, td),
    status,
    taskDefinition: state.taskDefinitionArn(td),
    desiredCount: status === 'PRIMARY' ? s.desiredCount : 0,
    pendingCount: 0,
    runningCount: count,
    failedTasks: 0,
    createdAt: epochSeconds(s.createdAt),
    updatedAt: epochSeconds(s.createdAt),
    launchType: s.launchType,
    ...(s.launchType === 'FARGATE' ? { platformVersion: '1.4.0', platformFamily: 'Linux' } : {}),
    rolloutState: s.rollingFrom.length > 0 ? 'IN_PROGRESS' : 'COMPLETED',
    rolloutStateReason: s.rollingFrom.length > 0 ? 'ECS deployment in progress.' : 'ECS deployment completed.',
  }))
  return {
    serviceArn,
    serviceName: s.name,
    clusterArn: state.clusterArn(s.cluster),
    loadBalancers: [],
    serviceRegistries: [],
    status: s.status,
    desiredCount: s.status === 'ACTIVE' ? s.desiredCount : 0,
    runningCount: running,
    pendingCount: 0,
    launchType: s.launchType,
    ...(s.launchType === 'FARGATE' ? { platformVersion: 'LATEST', platformFamily: 'Linux' } : {}),
    taskDefinition: state.taskDefinitionArn(s.taskDefinition),
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: false, rollback: false },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    deployments: s.status === 'INACTIVE' ? [] : deployments,
    events: [],
    createdAt: epochSeconds(s.createdAt),
    placementConstraints: [],
    placementStrategy: [],
    schedulingStrategy: s.schedulingStrategy,
    deploymentController: { type: 'ECS' },
    createdBy: `arn:aws:iam::${state.accountId}:role/admin`,
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
    availabilityZoneRebalancing: 'DISABLED',
    ...(withTags ? { tags: s.tags } : {}),
  }
}

function describeServices(ctx: EcsOperationContext, input: Input): unknown {
  const requested = optionalStringList(input, 'services') ?? []
  if (requested.length === 0) throw invalidParameter('Services cannot be empty.')
  if (requested.length > DESCRIBE_SERVICES_LIMIT) {
    throw invalidParameter(`services can have at most ${DESCRIBE_SERVICES_LIMIT} items.`)
  }
  const withTags = (optionalStringList(input, 'include') ?? []).includes('TAGS')
  const cluster = clusterOf(ctx, input)
  const services: unknown[] = []
  const failures: unknown[] = []
  for (const reference of requested) {
    const service = findService(ctx, cluster, reference)
    if (service) services.push(serviceShape(ctx, service, withTags))
    else {
      // API_Failure: the ARN of the failed resource and the reason (DescribeServices: MISSING, "the specified
      // service wasn't found").
      const arn = reference.startsWith('arn:') ? reference : ctx.state.serviceArn(cluster.name, reference)
      failures.push({ arn, reason: 'MISSING' })
    }
  }
  return { services, failures }
}

function taskDefinitionShape(ctx: EcsOperationContext, td: TaskDefinitionRecord): Record<string, unknown> {
  const fargate = td.requiresCompatibilities?.includes('FARGATE') ?? false
  return {
    taskDefinitionArn: ctx.state.taskDefinitionArn(td),
    containerDefinitions: td.containers.map((c) => ({
      name: c.name,
      image: c.image,
      cpu: 0,
      portMappings: [],
      essential: c.essential ?? true,
      environment: [],
      mountPoints: [],
      volumesFrom: [],
      systemControls: [],
    })),
    family: td.family,
    revision: td.revision,
    volumes: [],
    status: td.status,
    ...(fargate ? { networkMode: 'awsvpc', cpu: '256', memory: '512' } : { networkMode: 'bridge' }),
    requiresAttributes: fargate ? [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }] : [],
    placementConstraints: [],
    compatibilities: fargate ? ['EC2', 'FARGATE'] : ['EXTERNAL', 'EC2'],
    ...(td.requiresCompatibilities ? { requiresCompatibilities: td.requiresCompatibilities } : {}),
    registeredAt: epochSeconds(td.registeredAt),
    registeredBy: `arn:aws:iam::${ctx.state.accountId}:role/admin`,
    ...(td.status === 'INACTIVE' ? { deregisteredAt: epochSeconds(td.registeredAt) } : {}),
  }
}

function describeTaskDefinition(ctx: EcsOperationContext, input: Input): unknown {
  const reference = optionalString(input, 'taskDefinition')
  if (reference === undefined) throw invalidParameter('taskDefinition can not be blank.')
  const td = ctx.state.findTaskDefinition(reference)
  // "You can only describe INACTIVE task definitions while an active task or service references them."
  if (!td || (td.status === 'INACTIVE' && !ctx.state.inUse(td))) throw cannotDescribe()
  const withTags = (optionalStringList(input, 'include') ?? []).includes('TAGS')
  return { taskDefinition: taskDefinitionShape(ctx, td), ...(withTags ? { tags: td.tags } : {}) }
}

const OPERATIONS: Record<string, (ctx: EcsOperationContext, input: Input) => unknown> = {
  ListClusters: listClusters,
  ListServices: listServices,
  DescribeServices: describeServices,
  DescribeTaskDefinition: describeTaskDefinition,
}

export function ecsOperations(ctx: EcsOperationContext): Record<string, Operation> {
  return Object.fromEntries(Object.entries(OPERATIONS).map(([name, run]) => [name, (input: Input) => run(ctx, input)]))
}
