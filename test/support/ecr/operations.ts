import { AwsError, epochSeconds, invalidParameter } from './aws-json'
import { exclusionFiltersProblem, MUTABILITIES, repositoryNameProblem } from './names'
import type { EncryptionConfiguration, ExclusionFilter, ResourceTag, TagMutability } from './options'
import { page } from './paging'
import type { EcrImage, EcrRepository, EcrState } from './state'

/** The control-plane operations, request and response shapes per the ECR API reference (API_<Operation>.html). */

export interface OperationContext {
  state: EcrState
  region: string
  accountId: string
  tokenLifetimeSeconds: number
  /** ms since the epoch, by the emulator's clock */
  now(): number
  /** `http://127.0.0.1:PORT` of the data plane: the proxyEndpoint tests can reach. */
  dataPlaneUrl(): string
}

type Input = Record<string, unknown>
type Operation = (ctx: OperationContext, input: Input) => unknown

const notFound = (ctx: OperationContext, name: string): AwsError =>
  new AwsError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${ctx.accountId}'`,
  )

function registryIdCheck(ctx: OperationContext, input: Input): void {
  if (input.registryId !== undefined && input.registryId !== ctx.accountId) {
    throw new AwsError(
      'AccessDeniedException',
      `User is not authorized to access registry '${String(input.registryId)}'`,
    )
  }
}

function repositoryOf(ctx: OperationContext, input: Input): EcrRepository {
  registryIdCheck(ctx, input)
  const name = input.repositoryName
  if (typeof name !== 'string')
    throw invalidParameter(
      "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must not be null'",
    )
  const repository = ctx.state.repositories.get(name)
  if (!repository) throw notFound(ctx, name)
  return repository
}

export function repositoryShape(ctx: OperationContext, r: EcrRepository): Record<string, unknown> {
  return {
    repositoryArn: `arn:aws:ecr:${ctx.region}:${ctx.accountId}:repository/${r.name}`,
    registryId: ctx.accountId,
    repositoryName: r.name,
    repositoryUri: `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${r.name}`,
    createdAt: epochSeconds(r.createdAt),
    imageTagMutability: r.imageTagMutability,
    ...(r.exclusionFilters.length > 0 ? { imageTagMutabilityExclusionFilters: r.exclusionFilters } : {}),
    imageScanningConfiguration: { scanOnPush: r.scanOnPush },
    encryptionConfiguration: r.encryption,
  }
}

function encryptionOf(ctx: OperationContext, value: unknown): EncryptionConfiguration {
  if (value === undefined) return { encryptionType: 'AES256' }
  const e = value as EncryptionConfiguration
  if (e.encryptionType === 'AES256') {
    if (e.kmsKey !== undefined)
      throw invalidParameter('Invalid parameter: kmsKey can only be specified when encryptionType is KMS or KMS_DSSE')
    return { encryptionType: 'AES256' }
  }
  if (e.encryptionType === 'KMS' || e.encryptionType === 'KMS_DSSE') {
    // Without a key, ECR uses the AWS managed key aws/ecr.
    return {
      encryptionType: e.encryptionType,
      kmsKey: e.kmsKey ?? `arn:aws:kms:${ctx.region}:${ctx.accountId}:alias/aws/ecr`,
    }
  }
  throw invalidParameter(
    `Invalid parameter at 'encryptionType' failed to satisfy constraint: 'Member must satisfy enum value set: ` +
      `[AES256, KMS, KMS_DSSE]'`,
  )
}

function tagsOf(value: unknown): ResourceTag[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.some((t) => typeof t?.Key !== 'string' || typeof t?.Value !== 'string')) {
    throw invalidParameter('Invalid parameter: tags must be a list of {Key, Value}')
  }
  return (value as ResourceTag[]).map((t) => ({ Key: t.Key, Value: t.Value }))
}

function mutabilityOf(value: unknown, filters: unknown): { mutability: TagMutability; filters: ExclusionFilter[] } {
  const mutability = (value ?? 'MUTABLE') as TagMutability
  if (!MUTABILITIES.includes(mutability)) {
    throw invalidParameter(
      `Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: ` +
        `[${MUTABILITIES.join(', ')}]'`,
    )
  }
  const problem = exclusionFiltersProblem(mutability, filters)
  if (problem) throw invalidParameter(problem)
  return {
    mutability,
    filters: ((filters as ExclusionFilter[] | undefined) ?? []).map((f) => ({
      filterType: f.filterType,
      filter: f.filter,
    })),
  }
}

const createRepository: Operation = (ctx, input) => {
  registryIdCheck(ctx, input)
  const problem = repositoryNameProblem(input.repositoryName)
  if (problem) throw invalidParameter(problem)
  const name = input.repositoryName as string
  if (ctx.state.repositories.has(name)) {
    throw new AwsError(
      'RepositoryAlreadyExistsException',
      `The repository with name '${name}' already exists in the registry with id '${ctx.accountId}'`,
    )
  }
  const { mutability, filters } = mutabilityOf(input.imageTagMutability, input.imageTagMutabilityExclusionFilters)
  const scanning = input.imageScanningConfiguration as { scanOnPush?: unknown } | undefined
  const repository = ctx.state.createRepository(name, {
    imageTagMutability: mutability,
    exclusionFilters: filters,
    scanOnPush: scanning?.scanOnPush === true,
    encryption: encryptionOf(ctx, input.encryptionConfiguration),
    tags: tagsOf(input.tags),
  })
  return { repository: repositoryShape(ctx, repository) }
}

const describeRepositories: Operation = (ctx, input) => {
  registryIdCheck(ctx, input)
  const names = input.repositoryNames as string[] | undefined
  if (names !== undefined) {
    if (input.maxResults !== undefined || input.nextToken !== undefined) {
      throw invalidParameter('maxResults and nextToken cannot be used with repositoryNames')
    }
    const found = names.map((name) => ctx.state.repositories.get(name) ?? name)
    const missing = found.find((r): r is string => typeof r === 'string')
    if (missing !== undefined) throw notFound(ctx, missing)
    return { repositories: (found as EcrRepository[]).map((r) => repositoryShape(ctx, r)) }
  }
  const all = [...ctx.state.repositories.values()].sort(
    (a, b) => a.createdAt - b.createdAt || (a.name < b.name ? -1 : 1),
  )
  const { items, nextToken } = page(all, input, 'DescribeRepositories')
  return { repositories: items.map((r) => repositoryShape(ctx, r)), ...(nextToken ? { nextToken } : {}) }
}

interface ImageId {
  imageDigest?: string
  imageTag?: string
}

/** An imageId → the image, or a failure code (API_ImageFailure's codes). */
function resolveId(
  r: EcrRepository,
  id: ImageId,
): EcrImage | 'ImageNotFound' | 'ImageTagDoesNotMatchDigest' | 'MissingDigestAndTag' {
  if (!id.imageDigest && !id.imageTag) return 'MissingDigestAndTag'
  const byTag = id.imageTag === undefined ? undefined : r.imageTags.get(id.imageTag)
  if (id.imageTag !== undefined && byTag === undefined) return 'ImageNotFound'
  if (id.imageDigest !== undefined && byTag !== undefined && byTag !== id.imageDigest)
    return 'ImageTagDoesNotMatchDigest'
  return r.images.get(id.imageDigest ?? byTag!) ?? 'ImageNotFound'
}

function tagStatusFilter(input: Input): 'TAGGED' | 'UNTAGGED' | 'ANY' {
  const status = (input.filter as { tagStatus?: string } | undefined)?.tagStatus ?? 'ANY'
  if (status !== 'TAGGED' && status !== 'UNTAGGED' && status !== 'ANY') {
    throw invalidParameter(
      `Invalid parameter at 'tagStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [TAGGED, ` +
        `UNTAGGED, ANY]'`,
    )
  }
  return status
}

function imageDetail(ctx: OperationContext, r: EcrRepository, image: EcrImage): Record<string, unknown> {
  const tags = ctx.state.tagsOf(r, image.digest)
  return {
    registryId: ctx.accountId,
    repositoryName: r.name,
    imageDigest: image.digest,
    ...(tags.length > 0 ? { imageTags: tags } : {}),
    imageSizeInBytes: image.sizeInBytes,
    imagePushedAt: epochSeconds(image.pushedAt),
    imageManifestMediaType: image.mediaType,
    ...(image.artifactMediaType ? { artifactMediaType: image.artifactMediaType } : {}),
    ...(image.lastPulledAt !== undefined ? { lastRecordedPullTime: epochSeconds(image.lastPulledAt) } : {}),
    ...ctx.state.scanner.detail(image),
  }
}

const describeImages: Operation = (ctx, input) => {
  const r = repositoryOf(ctx, input)
  const ids = input.imageIds as ImageId[] | undefined
  if (ids !== undefined) {
    if (input.maxResults !== undefined || input.nextToken !== undefined)
      throw invalidParameter('maxResults and nextToken cannot be used with imageIds')
    const details = ids.map((id) => {
      const found = resolveId(r, id)
      if (typeof found === 'string') {
        const label = id.imageTag ? `imageTag=${id.imageTag}` : `imageDigest=${id.imageDigest}`
        throw new AwsError(
          'ImageNotFoundException',
          `The image with imageId {${label}} does not exist within the repository with name '${r.name}' in the ` +
            `registry with id '${ctx.accountId}'`,
        )
      }
      return imageDetail(ctx, r, found)
    })
    return { imageDetails: details }
  }
  const status = tagStatusFilter(input)
  const images = [...r.images.values()].filter((image) => {
    const tagged = ctx.state.tagsOf(r, image.digest).length > 0
    return status === 'ANY' || (status === 'TAGGED') === tagged
  })
  const { items, nextToken } = page(images, input, 'DescribeImages')
  return { imageDetails: items.map((image) => imageDetail(ctx, r, image)), ...(nextToken ? { nextToken } : {}) }
}

const listImages: Operation = (ctx, input) => {
  const r = repositoryOf(ctx, input)
  const status = tagStatusFilter(input)
  const ids: ImageId[] = []
  for (const image of r.images.values()) {
    const tags = ctx.state.tagsOf(r, image.digest)
    if (tags.length === 0 && status !== 'TAGGED') ids.push({ imageDigest: image.digest })
    if (status !== 'UNTAGGED') for (const tag of tags) ids.push({ imageDigest: image.digest, imageTag: tag })
  }
  const { items, nextToken } = page(ids, input, 'ListImages')
  return { imageIds: items, ...(nextToken ? { nextToken } : {}) }
}

const FAILURE_REASONS = {
  ImageNotFound: 'Requested image not found',
  ImageTagDoesNotMatchDigest: 'Invalid image digest or tag',
  MissingDigestAndTag: 'Invalid request parameters: both tag and digest cannot be null',
}

const batchGetImage: Operation = (ctx, input) => {
  const r = repositoryOf(ctx, input)
  const ids = input.imageIds as ImageId[] | undefined
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100) {
    throw invalidParameter(
      "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length between 1 and 100'",
    )
  }
  const images: unknown[] = []
  const failures: unknown[] = []
  for (const id of ids) {
    const found = resolveId(r, id)
    if (typeof found === 'string') {
      failures.push({ imageId: id, failureCode: found, failureReason: FAILURE_REASONS[found] })
      continue
    }
    images.push({
      registryId: ctx.accountId,
      repositoryName: r.name,
      imageId: { imageDigest: found.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
      imageManifest: found.manifest,
      imageManifestMediaType: found.mediaType,
    })
  }
  return { images, failures }
}

const getAuthorizationToken: Operation = (ctx) => {
  const { password, expiresAt } = ctx.state.issueToken(ctx.tokenLifetimeSeconds)
  return {
    authorizationData: [
      {
        authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
        expiresAt: epochSeconds(expiresAt),
        proxyEndpoint: ctx.dataPlaneUrl(),
      },
    ],
  }
}

const putLifecyclePolicy: Operation = (ctx, input) => {
  const r = repositoryOf(ctx, input)
  const text = input.lifecyclePolicyText
  if (typeof text !== 'string' || text.length < 100 || text.length > 30_720) {
    throw invalidParameter(
      "Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint: 'Member must have length between 100 " +
        "and 30720'",
    )
  }
  lifecyclePolicyProblem(text)
  r.lifecyclePolicyText = text
  r.lifecyclePolicyUpdatedAt = ctx.now()
  return { registryId: ctx.accountId, repositoryName: r.name, lifecyclePolicyText: text }
}

/**
 * The documented rule constraints (facts §6.3), as ECR's InvalidParameterException "Invalid parameter at
 * 'LifecyclePolicyText'".
 */
function lifecyclePolicyProblem(text: string): void {
  const fail = (why: string): never => {
    throw invalidParameter(`Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: '${why}'`)
  }
  // biome-ignore lint/suspicious/noExplicitAny: a parsed policy, checked field by field below
  let policy: { rules?: Array<Record<string, any>> }
  try {
    policy = JSON.parse(text) as typeof policy
  } catch {
    fail('Lifecycle policy validation failure: the policy is not valid JSON')
    return
  }
  const rules = policy.rules
  if (!Array.isArray(rules) || rules.length < 1 || rules.length > 50) fail('rules must hold 1 to 50 rules')
  const priorities = new Set<number>()
  let anyPriority: number | undefined
  for (const rule of rules!) {
    const priority = rule.rulePriority
    if (!Number.isInteger(priority) || priority < 1) fail('rulePriority must be a positive integer')
    if (priorities.has(priority)) fail(`Lifecycle policy validation failure: rulePriority ${priority} is not unique`)
    priorities.add(priority)
    const s = rule.selection ?? {}
    if (!['tagged', 'untagged', 'any'].includes(s.tagStatus))
      fail('selection.tagStatus must be tagged, untagged or any')
    if (s.tagStatus === 'tagged' && !s.tagPatternList && !s.tagPrefixList)
      fail("tagPrefixList or tagPatternList is required when tagStatus is 'tagged'")
    if (!['imageCountMoreThan', 'sinceImagePushed', 'sinceImagePulled', 'sinceImageTransitioned'].includes(s.countType))
      fail('selection.countType is not valid')
    if (!Number.isInteger(s.countNumber) || s.countNumber < 1) fail('selection.countNumber must be a positive integer')
    if (s.countType !== 'imageCountMoreThan' && s.countUnit !== 'days')
      fail("countUnit 'days' is required with a since* countType")
    for (const pattern of (s.tagPatternList ?? []) as string[]) {
      if ((pattern.match(/\*/g) ?? []).length > 4) fail('a tag pattern may hold at most 4 wildcards')
    }
    if (!['expire', 'transition'].includes(rule.action?.type)) fail('action.type must be expire or transition')
    if (s.tagStatus === 'any') anyPriority = Math.max(anyPriority ?? 0, priority)
  }
  if (anyPriority !== undefined && [...priorities].some((p) => p > anyPriority!))
    fail("a rule with tagStatus 'any' must have the highest rulePriority")
}

const getLifecyclePolicy: Operation = (ctx, input) => {
  const r = repositoryOf(ctx, input)
  if (r.lifecyclePolicyText === undefined) {
    throw new AwsError(
      'LifecyclePolicyNotFoundException',
      `Lifecycle policy does not exist for the repository with name '${r.name}' in the registry with id ` +
        `'${ctx.accountId}'`,
    )
  }
  return {
    registryId: ctx.accountId,
    repositoryName: r.name,
    lifecyclePolicyText: r.lifecyclePolicyText,
    lastEvaluatedAt: epochSeconds(r.lifecyclePolicyUpdatedAt ?? r.createdAt),
  }
}

const describeRegistry: Operation = (ctx, input) => {
  registryIdCheck(ctx, input)
  return { registryId: ctx.accountId, replicationConfiguration: ctx.state.replicationConfiguration }
}

const putReplicationConfiguration: Operation = (ctx, input) => {
  const config = input.replicationConfiguration as
    | { rules?: Array<{ destinations?: unknown[]; repositoryFilters?: unknown[] }> }
    | undefined
  const rules = config?.rules
  if (!Array.isArray(rules) || rules.length > 10)
    throw invalidParameter('replicationConfiguration.rules must hold at most 10 rules')
  const destinations = new Set<string>()
  for (const rule of rules) {
    if (!Array.isArray(rule.destinations) || rule.destinations.length < 1)
      throw invalidParameter('each rule needs at least one destination')
    if ((rule.repositoryFilters ?? []).length > 100)
      throw invalidParameter('a rule may hold at most 100 repositoryFilters')
    for (const d of rule.destinations as Array<{ region?: unknown; registryId?: unknown }>) {
      if (typeof d.region !== 'string' || typeof d.registryId !== 'string' || !/^[0-9]{12}$/.test(d.registryId)) {
        throw invalidParameter('a destination needs a region and a 12-digit registryId')
      }
      destinations.add(`${d.region}/${d.registryId}`)
    }
  }
  if (destinations.size > 25) throw invalidParameter('at most 25 unique destinations')
  ctx.state.replicationConfiguration = { rules }
  return { replicationConfiguration: ctx.state.replicationConfiguration }
}

const describeRepositoryCreationTemplates: Operation = (ctx, input) => {
  const prefixes = input.prefixes as string[] | undefined
  let templates = ctx.state.templates
  if (prefixes !== undefined) {
    const missing = prefixes.find((p) => !templates.some((t) => t.prefix === p))
    if (missing !== undefined)
      throw new AwsError(
        'TemplateNotFoundException',
        `The specified repository creation template with prefix '${missing}' does not exist`,
      )
    templates = templates.filter((t) => prefixes.includes(t.prefix))
  }
  const { items, nextToken } = page(templates, input, 'DescribeRepositoryCreationTemplates')
  return {
    registryId: ctx.accountId,
    repositoryCreationTemplates: items.map((t) => ({
      prefix: t.prefix,
      ...(t.description ? { description: t.description } : {}),
      encryptionConfiguration: t.encryptionConfiguration ?? { encryptionType: 'AES256' },
      resourceTags: t.resourceTags ?? [],
      imageTagMutability: t.imageTagMutability ?? 'MUTABLE',
      ...(t.imageTagMutabilityExclusionFilters
        ? { imageTagMutabilityExclusionFilters: t.imageTagMutabilityExclusionFilters }
        : {}),
      ...(t.repositoryPolicy ? { repositoryPolicy: t.repositoryPolicy } : {}),
      ...(t.lifecyclePolicy ? { lifecyclePolicy: t.lifecyclePolicy } : {}),
      appliedFor: t.appliedFor,
      ...(t.customRoleArn ? { customRoleArn: t.customRoleArn } : {}),
      createdAt: epochSeconds(t.createdAt),
      updatedAt: epochSeconds(t.updatedAt),
    })),
    ...(nextToken ? { nextToken } : {}),
  }
}

const PTC_PREFIX = /^((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?|ROOT)$/
const PTC_SECRET = /^arn:aws:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr-pullthroughcache\/[a-zA-Z0-9/_+=.@-]+$/

const createPullThroughCacheRule: Operation = (ctx, input) => {
  const prefix = input.ecrRepositoryPrefix
  if (typeof prefix !== 'string' || prefix.length < 2 || prefix.length > 30 || !PTC_PREFIX.test(prefix)) {
    throw invalidParameter(
      "Invalid parameter at 'ecrRepositoryPrefix' failed to satisfy constraint: 'must be 2-30 characters " +
        'matching the ' +
        "repository name pattern, or ROOT'",
    )
  }
  if (ctx.state.pullThroughCacheRules.some((r) => r.ecrRepositoryPrefix === prefix)) {
    throw new AwsError(
      'PullThroughCacheRuleAlreadyExistsException',
      `A pull through cache rule with prefix '${prefix}' already exists`,
    )
  }
  if (ctx.state.pullThroughCacheRules.length >= 50)
    throw new AwsError('LimitExceededException', 'The pull through cache rule quota (50) was reached')
  if (input.upstreamRegistry === 'docker-hub' || input.upstreamRegistryUrl === 'registry-1.docker.io') {
    // Docker Hub needs credentials from a Secrets Manager secret named ecr-pullthroughcache/… (facts §6.5).
    if (typeof input.credentialArn !== 'string' || !PTC_SECRET.test(input.credentialArn)) {
      throw new AwsError(
        'UnableToAccessSecretException',
        'The secret is unable to be accessed: credentialArn must name a secret beginning with ecr-pullthroughcache/',
      )
    }
  }
  const rule = {
    ecrRepositoryPrefix: prefix,
    upstreamRegistryUrl: input.upstreamRegistryUrl,
    createdAt: epochSeconds(ctx.now()),
    registryId: ctx.accountId,
    ...(input.upstreamRegistry !== undefined ? { upstreamRegistry: input.upstreamRegistry } : {}),
    ...(input.credentialArn !== undefined ? { credentialArn: input.credentialArn } : {}),
    ...(input.upstreamRepositoryPrefix !== undefined
      ? { upstreamRepositoryPrefix: input.upstreamRepositoryPrefix }
      : {}),
  }
  ctx.state.pullThroughCacheRules.push(rule)
  return rule
}

/** The one image an `imageId` names, or the documented ImageNotFoundException. */
function imageOf(ctx: OperationContext, r: EcrRepository, input: Input): EcrImage {
  const id = (input.imageId ?? {}) as ImageId
  const found = resolveId(r, id)
  if (typeof found !== 'string') return found
  if (found === 'MissingDigestAndTag') throw invalidParameter(FAILURE_REASONS.MissingDigestAndTag)
  const label = id.imageTag ? `imageTag=${id.imageTag}` : `imageDigest=${id.imageDigest}`
  throw new AwsError(
    'ImageNotFoundException',
    `The image with imageId {${label}} does not exist within the repository with name '${r.name}' in the ` +
      `registry with id '${ctx.accountId}'`,
  )
}

/**
 * The imageId an answer echoes: the digest, and the tag if the request named the image by one (the documented
 * DescribeImageScanFindings example, asked by digest, answers with the digest alone).
 */
function imageIdOf(image: EcrImage, input: Input): Record<string, unknown> {
  const tag = (input.imageId as ImageId | undefined)?.imageTag
  return { imageDigest: image.digest, ...(tag ? { imageTag: tag } : {}) }
}

const startImageScan: Operation = (ctx, input) => {
  const r = repositoryOf(ctx, input)
  const image = imageOf(ctx, r, input)
  ctx.state.scanner.startOnDemand(r, image)
  return {
    registryId: ctx.accountId,
    repositoryName: r.name,
    imageId: imageIdOf(image, input),
    imageScanStatus: { status: 'IN_PROGRESS' },
  }
}

const describeImageScanFindings: Operation = (ctx, input) => {
  const r = repositoryOf(ctx, input)
  const image = imageOf(ctx, r, input)
  const imageTag = (input.imageId as ImageId | undefined)?.imageTag
  const query = { maxResults: input.maxResults, nextToken: input.nextToken, imageTag }
  return {
    registryId: ctx.accountId,
    repositoryName: r.name,
    imageId: imageIdOf(image, input),
    ...ctx.state.scanner.findings(ctx, r, image, query),
  }
}

/**
 * RegistryScanningConfiguration: enhanced scanning's default is every repository continuously ("Continuously scan
 * all repositories", a CONTINUOUS_SCAN rule on '*'); basic scanning's default is no registry rules ("When a registry
 * scanning configuration is not defined, by default the BASIC scan type is used"): the repositories' own scanOnPush
 * decides, and is not shown here.
 */
const getRegistryScanningConfiguration: Operation = (ctx, input) => {
  registryIdCheck(ctx, input)
  const enhanced = ctx.state.scanner.scanType === 'ENHANCED'
  return {
    registryId: ctx.accountId,
    scanningConfiguration: {
      scanType: ctx.state.scanner.scanType,
      rules: enhanced
        ? [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }]
        : [],
    },
  }
}

export const OPERATIONS: Record<string, Operation> = {
  GetAuthorizationToken: getAuthorizationToken,
  CreateRepository: createRepository,
  DescribeRepositories: describeRepositories,
  DescribeImages: describeImages,
  ListImages: listImages,
  BatchGetImage: batchGetImage,
  PutLifecyclePolicy: putLifecyclePolicy,
  GetLifecyclePolicy: getLifecyclePolicy,
  DescribeRegistry: describeRegistry,
  PutReplicationConfiguration: putReplicationConfiguration,
  DescribeRepositoryCreationTemplates: describeRepositoryCreationTemplates,
  CreatePullThroughCacheRule: createPullThroughCacheRule,
  StartImageScan: startImageScan,
  DescribeImageScanFindings: describeImageScanFindings,
  GetRegistryScanningConfiguration: getRegistryScanningConfiguration,
}
