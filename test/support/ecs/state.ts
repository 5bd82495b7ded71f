import type {
  Compatibility,
  EcsTag,
  EnvironmentType,
  LaunchType,
  SeedCluster,
  SeedContainer,
  SeedProject,
  SeedService,
  SeedTaskDefinition,
} from './options'

/**
 * What the emulator holds: clusters and their services, task definition revisions by family, CodeBuild projects.
 * Seeds are checked against the services' naming rules (CreateCluster, CreateService, RegisterTaskDefinition,
 * CreateProject) and a broken seed throws at once: it is the test's mistake, not a request's.
 */

export interface TaskDefinitionRecord {
  family: string
  revision: number
  status: 'ACTIVE' | 'INACTIVE'
  containers: SeedContainer[]
  requiresCompatibilities: Compatibility[] | undefined
  tags: EcsTag[]
  /** ms since the epoch */
  registeredAt: number
}

export interface ServiceRecord {
  name: string
  cluster: string
  taskDefinition: TaskDefinitionRecord
  rollingFrom: TaskDefinitionRecord[]
  launchType: LaunchType
  schedulingStrategy: 'REPLICA' | 'DAEMON'
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  desiredCount: number
  tags: EcsTag[]
  createdAt: number
}

export interface ClusterRecord {
  name: string
  /** In creation order, which is the order ListServices answers in. */
  services: Map<string, ServiceRecord>
}

export interface ProjectRecord {
  name: string
  image: string
  type: EnvironmentType
  computeType: string
  imagePullCredentialsType: 'CODEBUILD' | 'SERVICE_ROLE'
  description: string | undefined
  created: number
  lastModified: number
}

// CreateCluster/CreateService/RegisterTaskDefinition: "Up to 255 letters (uppercase and lowercase), numbers,
// underscores, and hyphens are allowed."
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/
// CreateProject: "^[A-Za-z0-9][A-Za-z0-9\-_]{1,254}$".
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/

export class EcsState {
  readonly clusters = new Map<string, ClusterRecord>()
  /** Revisions per family, in registration order. */
  readonly taskDefinitions = new Map<string, TaskDefinitionRecord[]>()
  readonly projects = new Map<string, ProjectRecord>()

  constructor(
    readonly region: string,
    readonly accountId: string,
    private readonly now: () => number,
  ) {}

  private arn(service: 'ecs' | 'codebuild', resource: string): string {
    return `arn:aws:${service}:${this.region}:${this.accountId}:${resource}`
  }

  clusterArn(name: string): string {
    return this.arn('ecs', `cluster/${name}`)
  }

  /** The long ARN format (cluster name in the ARN), every account's default since 2021. */
  serviceArn(cluster: string, name: string): string {
    return this.arn('ecs', `service/${cluster}/${name}`)
  }

  taskDefinitionArn(td: { family: string; revision: number }): string {
    return this.arn('ecs', `task-definition/${td.family}:${td.revision}`)
  }

  projectArn(name: string): string {
    return this.arn('codebuild', `project/${name}`)
  }

  registerTaskDefinition(seed: SeedTaskDefinition): TaskDefinitionRecord {
    if (!ECS_NAME.test(seed.family)) throw new Error(`task definition family ${JSON.stringify(seed.family)} is invalid`)
    if (seed.containerDefinitions.length === 0) throw new Error(`task definition ${seed.family} has no containers`)
    const revisions = this.taskDefinitions.get(seed.family) ?? []
    const revision = seed.revision ?? Math.max(0, ...revisions.map((r) => r.revision)) + 1
    if (!Number.isInteger(revision) || revision < 1) throw new Error(`revision ${revision} of ${seed.family}`)
    if (revisions.some((r) => r.revision === revision)) throw new Error(`${seed.family}:${revision} seeded twice`)
    const record: TaskDefinitionRecord = {
      family: seed.family,
      revision,
      status: seed.status ?? 'ACTIVE',
      containers: seed.containerDefinitions.map((c) => ({ ...c })),
      requiresCompatibilities: seed.requiresCompatibilities,
      tags: seed.tags ?? [],
      registeredAt: this.now(),
    }
    revisions.push(record)
    this.taskDefinitions.set(seed.family, revisions)
    return record
  }

  /**
   * `family` (its latest ACTIVE revision), `family:revision` or this Region and account's task definition ARN, as
   * DescribeTaskDefinition and CreateService take them; undefined if there is no such revision.
   */
  findTaskDefinition(reference: string): TaskDefinitionRecord | undefined {
    const prefix = this.arn('ecs', 'task-definition/')
    const local = reference.startsWith('arn:')
      ? reference.startsWith(prefix)
        ? reference.slice(prefix.length)
        : ''
      : reference
    const m = /^([A-Za-z0-9_-]{1,255})(?::(\d+))?$/.exec(local)
    if (!m || (reference.startsWith('arn:') && m[2] === undefined)) return undefined
    const revisions = this.taskDefinitions.get(m[1]!) ?? []
    if (m[2] === undefined) {
      const active = revisions.filter((r) => r.status === 'ACTIVE')
      return active.length === 0 ? undefined : active.reduce((a, b) => (b.revision > a.revision ? b : a))
    }
    return revisions.find((r) => r.revision === Number(m[2]))
  }

  /** A service that is not INACTIVE runs it (DescribeTaskDefinition still answers an INACTIVE revision then). */
  inUse(td: TaskDefinitionRecord): boolean {
    for (const cluster of this.clusters.values()) {
      for (const s of cluster.services.values()) {
        if (s.status !== 'INACTIVE' && (s.taskDefinition === td || s.rollingFrom.includes(td))) return true
      }
    }
    return false
  }

  /** A cluster by short name or this Region and account's cluster ARN. */
  findCluster(reference: string): ClusterRecord | undefined {
    const prefix = this.arn('ecs', 'cluster/')
    const name = reference.startsWith('arn:')
      ? reference.startsWith(prefix)
        ? reference.slice(prefix.length)
        : ''
      : reference
    return this.clusters.get(name)
  }

  addCluster(seed: SeedCluster): ClusterRecord {
    if (!ECS_NAME.test(seed.clusterName)) throw new Error(`cluster name ${JSON.stringify(seed.clusterName)} is invalid`)
    if (this.clusters.has(seed.clusterName)) throw new Error(`cluster ${seed.clusterName} seeded twice`)
    const cluster: ClusterRecord = { name: seed.clusterName, services: new Map() }
    this.clusters.set(cluster.name, cluster)
    for (const service of seed.services ?? []) this.addService(cluster.name, service)
    return cluster
  }

  addService(clusterName: string, seed: SeedService): ServiceRecord {
    const cluster = this.clusters.get(clusterName)
    if (!cluster) throw new Error(`cluster ${clusterName} does not exist`)
    if (!ECS_NAME.test(seed.serviceName)) throw new Error(`service name ${JSON.stringify(seed.serviceName)} is invalid`)
    // CreateService: names are unique per cluster while ACTIVE or DRAINING; a new one replaces an INACTIVE one.
    const existing = cluster.services.get(seed.serviceName)
    if (existing && existing.status !== 'INACTIVE') throw new Error(`service ${seed.serviceName} seeded twice`)
    const launchType = seed.launchType ?? 'EC2'
    const schedulingStrategy = seed.schedulingStrategy ?? 'REPLICA'
    if (schedulingStrategy === 'DAEMON' && launchType === 'FARGATE') {
      throw new Error(`service ${seed.serviceName}: Fargate does not support the DAEMON scheduling strategy`)
    }
    const record: ServiceRecord = {
      name: seed.serviceName,
      cluster: clusterName,
      taskDefinition: this.taskDefinitionFor(seed.taskDefinition),
      rollingFrom: (seed.rollingFrom ?? []).map((td) => this.taskDefinitionFor(td)),
      launchType,
      schedulingStrategy,
      status: seed.status ?? 'ACTIVE',
      desiredCount: seed.desiredCount ?? 1,
      tags: seed.tags ?? [],
      createdAt: this.now(),
    }
    cluster.services.delete(seed.serviceName)
    cluster.services.set(seed.serviceName, record)
    return record
  }

  private taskDefinitionFor(td: string | SeedTaskDefinition): TaskDefinitionRecord {
    if (typeof td !== 'string') return this.registerTaskDefinition(td)
    const found = this.findTaskDefinition(td)
    // CreateService refuses an INACTIVE revision: only a running service keeps one alive.
    if (found?.status !== 'ACTIVE') throw new Error(`task definition ${td} is not an ACTIVE revision`)
    return found
  }

  addProject(seed: SeedProject, index = this.projects.size): ProjectRecord {
    if (!PROJECT_NAME.test(seed.name)) throw new Error(`project name ${JSON.stringify(seed.name)} is invalid`)
    if (this.projects.has(seed.name)) throw new Error(`project ${seed.name} seeded twice`)
    const created = seed.created?.getTime() ?? this.now() + index
    const record: ProjectRecord = {
      name: seed.name,
      image: seed.image,
      type: seed.type ?? 'LINUX_CONTAINER',
      computeType: seed.computeType ?? 'BUILD_GENERAL1_SMALL',
      imagePullCredentialsType: seed.imagePullCredentialsType ?? 'CODEBUILD',
      description: seed.description,
      created,
      lastModified: seed.lastModified?.getTime() ?? created,
    }
    this.projects.set(record.name, record)
    return record
  }

  /** A project by name or this Region and account's project ARN. */
  findProject(reference: string): ProjectRecord | undefined {
    const prefix = this.projectArn('')
    const name = reference.startsWith('arn:')
      ? reference.startsWith(prefix)
        ? reference.slice(prefix.length)
        : ''
      : reference
    return this.projects.get(name)
  }
}
