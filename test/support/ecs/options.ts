import type { Clock } from '../dockerhub/options'

export type { Clock, ManualClock } from '../dockerhub/options'
export { createManualClock, realClock } from '../dockerhub/options'

/** ECS resource tags are `{key, value}` (lower case, unlike ECR's `{Key, Value}`). */
export interface EcsTag {
  key: string
  value: string
}

export interface SeedContainer {
  name: string
  /** The image reference exactly as registered (`nginx:1.25`, `ACCOUNT.dkr.ecr.REGION.amazonaws.com/app@sha256:…`). */
  image: string
  /** Default true. */
  essential?: boolean
}

export type Compatibility = 'EC2' | 'FARGATE' | 'EXTERNAL' | 'MANAGED_INSTANCES'

/** A task definition revision, as RegisterTaskDefinition (and DeregisterTaskDefinition, for INACTIVE) leave it. */
export interface SeedTaskDefinition {
  family: string
  /** Default: one past the family's highest revision so far (the first is 1). */
  revision?: number
  /** Default ACTIVE; INACTIVE is a deregistered revision (describable only while a service still uses it). */
  status?: 'ACTIVE' | 'INACTIVE'
  containerDefinitions: SeedContainer[]
  /** Default none: the task definition is then EC2-compatible only. */
  requiresCompatibilities?: Compatibility[]
  tags?: EcsTag[]
}

export type LaunchType = 'EC2' | 'FARGATE' | 'EXTERNAL' | 'MANAGED_INSTANCES'

export interface SeedService {
  serviceName: string
  /**
   * The task definition the service runs: `family` (its latest ACTIVE revision), `family:revision`, a task
   * definition ARN (an ACTIVE revision, as CreateService wants), or a revision to register here, as if registered
   * just before the service was created; an inline INACTIVE one was deregistered after the service started on it.
   */
  taskDefinition: string | SeedTaskDefinition
  /** Default EC2 (CreateService without a launch type or capacity provider strategy). */
  launchType?: LaunchType
  /** Default REPLICA; DAEMON is refused with FARGATE (CreateService's rules). */
  schedulingStrategy?: 'REPLICA' | 'DAEMON'
  /**
   * Default ACTIVE. DRAINING and INACTIVE are deleted services: ListServices leaves them out, DescribeServices still
   * answers them (DeleteService: "Services in the DRAINING or INACTIVE status can still be viewed with the
   * DescribeServices API operation").
   */
  status?: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  /** Default 1. */
  desiredCount?: number
  /**
   * Task definitions of deployments still rolling out besides the PRIMARY one (same forms as `taskDefinition`):
   * DescribeServices lists them in `deployments` with status ACTIVE.
   */
  rollingFrom?: Array<string | SeedTaskDefinition>
  tags?: EcsTag[]
}

export interface SeedCluster {
  clusterName: string
  services?: SeedService[]
}

export type EnvironmentType =
  | 'LINUX_CONTAINER'
  | 'LINUX_GPU_CONTAINER'
  | 'ARM_CONTAINER'
  | 'WINDOWS_CONTAINER'
  | 'WINDOWS_SERVER_2019_CONTAINER'
  | 'WINDOWS_SERVER_2022_CONTAINER'
  | 'LINUX_LAMBDA_CONTAINER'
  | 'ARM_LAMBDA_CONTAINER'
  | 'LINUX_EC2'
  | 'ARM_EC2'
  | 'WINDOWS_EC2'
  | 'MAC_ARM'

/** A CodeBuild build project, as CreateProject leaves it. */
export interface SeedProject {
  name: string
  /** `environment.image`: a curated image (`aws/codebuild/standard:7.0`) or any registry's reference. */
  image: string
  /** Default LINUX_CONTAINER. */
  type?: EnvironmentType
  /** Default BUILD_GENERAL1_SMALL. */
  computeType?: string
  /** Default CODEBUILD (CreateProject's default; private and cross-account images need SERVICE_ROLE). */
  imagePullCredentialsType?: 'CODEBUILD' | 'SERVICE_ROLE'
  description?: string
  /** Default: the emulator's start time plus the project's index in ms (so CREATED_TIME order is seed order). */
  created?: Date
  /** Default `created`. */
  lastModified?: Date
}

/** Page size of a list call the client sends without a page size of its own. */
export interface PageSizes {
  /** ECS ListClusters; real default 100. */
  ListClusters?: number
  /** ECS ListServices; real default 10. */
  ListServices?: number
  /** CodeBuild ListProjects (which has no page size parameter); real: 100. */
  ListProjects?: number
}

export interface EcsEmulatorOptions {
  /** `{ accessKeyId: secretAccessKey }`; default `{ AKIDEXAMPLE: 'ecs-emulator-secret' }`. */
  credentials?: Record<string, string>
  /** Session tokens per access key id: a key listed here must send this `X-Amz-Security-Token`. */
  sessionTokens?: Record<string, string>
  /** Default us-east-1. Requests signed for another Region are refused, ARNs of another Region are not found. */
  region?: string
  /** 12 digits; default 123456789012. */
  accountId?: string
  clock?: Clock
  /** Allowed `X-Amz-Date` skew; default 300 s. */
  maxClockSkewSeconds?: number
  /**
   * Page size when the request names none: one number for all three list calls, or per call. Default: the services'
   * own (ListClusters 100, ListServices 10, ListProjects 100). A request's own `maxResults` (1–100) always wins.
   */
  pageSize?: number | PageSizes
  /** Revisions registered first, in order (services' inline task definitions are registered after them). */
  taskDefinitions?: SeedTaskDefinition[]
  clusters?: SeedCluster[]
  projects?: SeedProject[]
}

export const DEFAULTS = {
  credentials: { AKIDEXAMPLE: 'ecs-emulator-secret' } as Record<string, string>,
  region: 'us-east-1',
  accountId: '123456789012',
  maxClockSkewSeconds: 300,
  pageSizes: { ListClusters: 100, ListServices: 10, ListProjects: 100 } as Required<PageSizes>,
}
