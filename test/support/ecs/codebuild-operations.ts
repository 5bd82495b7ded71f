import { AwsError, epochSeconds } from '../ecr/aws-json'
import { optionalString, optionalStringList } from './input'
import type { Input, Operation } from './json-service'
import type { PageSizes } from './options'
import { page } from './paging'
import type { EcsState, ProjectRecord } from './state'

/**
 * AWS CodeBuild (CodeBuild_20161006): ListProjects and BatchGetProjects per the CodeBuild API reference
 * (API_ListProjects, API_BatchGetProjects, API_Project, API_ProjectEnvironment). CodeBuild's one input error is
 * InvalidInputException.
 */

export const CODEBUILD_TARGET_PREFIX = 'CodeBuild_20161006'

export interface CodeBuildOperationContext {
  state: EcsState
  pageSizes: Required<PageSizes>
}

const invalidInput = (message: string): AwsError => new AwsError('InvalidInputException', message)

const SORT_BY = ['NAME', 'CREATED_TIME', 'LAST_MODIFIED_TIME'] as const
const SORT_ORDER = ['ASCENDING', 'DESCENDING'] as const
// BatchGetProjects names: "Array Members: Minimum number of 1 item. Maximum number of 100 items."
const BATCH_LIMIT = 100

function oneOf<T extends string>(input: Input, name: string, values: readonly T[]): T | undefined {
  const value = optionalString(input, name)
  if (value !== undefined && !(values as readonly string[]).includes(value)) {
    throw invalidInput(`Invalid ${name}: ${value}. Valid values: ${values.join(', ')}`)
  }
  return value as T | undefined
}

/**
 * ListProjects: 100 names a page (it takes no page size), in the order `sortBy`/`sortOrder` ask for. The reference
 * leaves the order without them unsaid; here it is by name, ascending.
 */
function listProjects(ctx: CodeBuildOperationContext, input: Input): unknown {
  const sortBy = oneOf(input, 'sortBy', SORT_BY) ?? 'NAME'
  const sortOrder = oneOf(input, 'sortOrder', SORT_ORDER) ?? 'ASCENDING'
  const key = (p: ProjectRecord): string | number =>
    sortBy === 'NAME' ? p.name : sortBy === 'CREATED_TIME' ? p.created : p.lastModified
  const sorted = [...ctx.state.projects.values()].sort((a, b) => {
    const [x, y] = [key(a), key(b)]
    const order = x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0
    return sortOrder === 'ASCENDING' ? order : -order
  })
  const nextToken = input.nextToken
  if (nextToken !== undefined && (typeof nextToken !== 'string' || nextToken.length === 0)) {
    throw invalidInput('Invalid next token')
  }
  const answer = page(
    sorted.map((p) => p.name),
    {
      operation: 'ListProjects',
      scope: `${sortBy} ${sortOrder}`,
      maxResults: undefined,
      defaultSize: ctx.pageSizes.ListProjects,
      nextToken,
      invalidToken: () => invalidInput('Invalid next token'),
    },
  )
  return { projects: answer.items, ...(answer.nextToken ? { nextToken: answer.nextToken } : {}) }
}

function projectShape(ctx: CodeBuildOperationContext, p: ProjectRecord): Record<string, unknown> {
  const { region, accountId } = ctx.state
  return {
    name: p.name,
    arn: ctx.state.projectArn(p.name),
    ...(p.description !== undefined ? { description: p.description } : {}),
    source: {
      type: 'NO_SOURCE',
      buildspec: 'version: 0.2\nphases:\n  build:\n    commands:\n      - make\n',
      insecureSsl: false,
    },
    secondarySources: [],
    secondarySourceVersions: [],
    artifacts: { type: 'NO_ARTIFACTS' },
    secondaryArtifacts: [],
    cache: { type: 'NO_CACHE' },
    environment: {
      type: p.type,
      image: p.image,
      computeType: p.computeType,
      environmentVariables: [],
      privilegedMode: false,
      imagePullCredentialsType: p.imagePullCredentialsType,
    },
    serviceRole: `arn:aws:iam::${accountId}:role/service-role/codebuild-${p.name}-service-role`,
    timeoutInMinutes: 60,
    queuedTimeoutInMinutes: 480,
    encryptionKey: `arn:aws:kms:${region}:${accountId}:alias/aws/s3`,
    tags: [],
    created: epochSeconds(p.created),
    lastModified: epochSeconds(p.lastModified),
    badge: { badgeEnabled: false },
    logsConfig: {
      cloudWatchLogs: { status: 'ENABLED' },
      s3Logs: { status: 'DISABLED', encryptionDisabled: false },
    },
    projectVisibility: 'PRIVATE',
  }
}

/** BatchGetProjects: names or ARNs; the ones not found come back, as given, in `projectsNotFound`. */
function batchGetProjects(ctx: CodeBuildOperationContext, input: Input): unknown {
  const names = optionalStringList(input, 'names')
  if (names === undefined || names.length === 0) throw invalidInput('Names must not be empty')
  if (names.length > BATCH_LIMIT) throw invalidInput(`Names must have at most ${BATCH_LIMIT} items`)
  if (names.some((name) => name.length === 0)) throw invalidInput('Names must not contain an empty name')
  const projects: unknown[] = []
  const projectsNotFound: string[] = []
  for (const name of names) {
    const project = ctx.state.findProject(name)
    if (project) projects.push(projectShape(ctx, project))
    else projectsNotFound.push(name)
  }
  return { projects, projectsNotFound }
}

const OPERATIONS: Record<string, (ctx: CodeBuildOperationContext, input: Input) => unknown> = {
  ListProjects: listProjects,
  BatchGetProjects: batchGetProjects,
}

export function codebuildOperations(ctx: CodeBuildOperationContext): Record<string, Operation> {
  return Object.fromEntries(Object.entries(OPERATIONS).map(([name, run]) => [name, (input: Input) => run(ctx, input)]))
}
