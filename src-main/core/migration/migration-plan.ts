import { isIndexMediaType, SCHEMA1_MEDIA_TYPES } from '../registry/media-types'
import type { Platform } from './platform-filter'
import type { ListedTag } from './tag-selection'

/** What ECR already holds in a target repository, as DescribeRepositories and DescribeImages say. */
export interface TargetRepositoryState {
  immutableTags: boolean
  /** ECR's exclusion filters: tags whose mutability is the opposite of the repository's (wildcard `*`). */
  mutabilityExceptions: readonly string[]
  /** Tag → image digest. */
  tags: ReadonlyMap<string, string>
}

export interface PlanInput {
  /** Docker Hub repositories (`namespace/name`) with the selected tags. */
  sources: readonly { repository: string; tags: readonly ListedTag[] }[]
  /** Source repository → ECR repository name (already validated). */
  names: ReadonlyMap<string, string>
  /** ECR repositories that exist, by name. */
  targets: ReadonlyMap<string, TargetRepositoryState>
  /** For multi-platform tags: also push this platform's manifest as `TAG-ARCH`, which Lambda can run. */
  lambdaPlatform?: Platform
  /** The keep-last lifecycle rule new repositories get, if any. */
  keepLastImages?: number
}

export type TagAction = 'copy' | 'skip' | 'conflict' | 'unsupported'

export interface PlannedTag {
  tag: string
  action: TagAction
  /** Why the action: `missing in ECR`, `digest differs`, `already in ECR`, the conflict or refusal. */
  reason: string
  /** Docker Hub's digest for the tag (the run re-reads it with a HEAD before copying). */
  digest?: string
  ecrDigest?: string
  sizeBytes: number
  platforms: string[]
  /** Docker Hub pulls the copy spends: one per manifest fetched (each platform of an index). */
  pulls: number
  lambda: { compatible: true } | { compatible: false; reason: string }
  /** The single-platform copy for Lambda, when asked for and possible. */
  lambdaTag?: { tag: string; digest: string }
}

export interface PlannedRepository {
  source: string
  target: string
  create: boolean
  tags: PlannedTag[]
}

export interface MigrationPlan {
  repositories: PlannedRepository[]
  totals: {
    repositoriesToCreate: number
    tagsToCopy: number
    tagsUpToDate: number
    conflicts: number
    unsupported: number
    pulls: number
    bytes: number
  }
  warnings: string[]
  /**
   * New repositories whose keep-last rule is below the images the migration puts there: a run refuses them unless
   * accepted.
   */
  expiringRepositories: ExpiringRepository[]
}

export interface ExpiringRepository {
  repository: string
  images: number
  keepLast: number
}

// Lambda's documented maximum image size (uncompressed; compressed sizes are all a listing gives).
const LAMBDA_MAX_BYTES = 10 * 1024 ** 3

/**
 * The dry run of a migration, from listings alone (no pulls spent): per tag whether it is copied, already in
 * ECR, a conflict (an immutable tag holding another digest is listed, never overwritten) or unsupported
 * (Docker schema 1), what the copy costs in pulls and bytes, and what the user should know.
 */
export function planMigration(input: PlanInput): MigrationPlan {
  const warnings: string[] = []
  const repositories = input.sources.map(({ repository, tags }) => {
    const target = input.names.get(repository) ?? repository
    const existing = input.targets.get(target)
    const pulledDigests = new Set<string>()
    const planned = tags.map((tag) => planTag(tag, existing, pulledDigests, input.lambdaPlatform))
    for (const [i, tag] of planned.entries())
      warnings.push(...tagWarnings(`docker.io/${repository}:${tag.tag}`, tags[i]!, tag))
    return { source: repository, target, create: !existing, tags: planned }
  })
  const all = repositories.flatMap((r) => r.tags)
  const copying = all.filter((t) => t.action === 'copy')
  const expiringRepositories =
    input.keepLastImages === undefined ? [] : keepLastShortfalls(repositories, input.keepLastImages)
  for (const { repository, images, keepLast } of expiringRepositories) {
    warnings.push(
      `${repository} gets ${images} images but its lifecycle policy keeps the last ${keepLast}: ECR would expire ` +
        `migrated images. Raise keep-last to at least ${images}, or confirm the expiry to start anyway.`,
    )
  }
  return {
    repositories,
    totals: {
      repositoriesToCreate: repositories.filter((r) => r.create).length,
      tagsToCopy: copying.length,
      tagsUpToDate: all.filter((t) => t.action === 'skip').length,
      conflicts: all.filter((t) => t.action === 'conflict').length,
      unsupported: all.filter((t) => t.action === 'unsupported').length,
      pulls: copying.reduce((sum, t) => sum + t.pulls, 0),
      bytes: uniqueBytes(repositories),
    },
    warnings,
    expiringRepositories,
  }
}

/**
 * ECR's keep-last rule (`tagStatus: any`, `imageCountMoreThan`) counts images, that is digests, whatever their
 * tags. The policy is only set on repositories the migration creates, so the images it would count are the ones
 * the migration puts there: each distinct digest copied (alias tags are one image; Lambda copies are their own).
 * ECR may also count an index's platform manifests and signatures as images, so this is the least it would count.
 */
function keepLastShortfalls(repositories: readonly PlannedRepository[], keepLast: number): ExpiringRepository[] {
  return repositories.flatMap(({ target, create, tags }) => {
    if (!create) return []
    const images = new Set(
      tags
        .filter((t) => t.action === 'copy')
        .flatMap((t) => [t.digest ?? `tag:${t.tag}`, ...(t.lambdaTag ? [t.lambdaTag.digest] : [])]),
    )
    return images.size > keepLast ? [{ repository: target, images: images.size, keepLast }] : []
  })
}

function planTag(
  tag: ListedTag,
  existing: TargetRepositoryState | undefined,
  pulledDigests: Set<string>,
  lambdaPlatform: Platform | undefined,
): PlannedTag {
  const ecrDigest = existing?.tags.get(tag.name)
  const platforms = (tag.platforms ?? [])
    .filter((p) => p.os !== 'unknown')
    .map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/'))
  const base = {
    tag: tag.name,
    digest: tag.digest,
    ecrDigest,
    sizeBytes: tag.sizeBytes ?? 0,
    platforms,
    pulls: 0,
    lambda: lambdaFit(tag),
  }
  if (tag.mediaType && SCHEMA1_MEDIA_TYPES.has(tag.mediaType)) {
    return {
      ...base,
      action: 'unsupported',
      reason: 'Docker schema 1 manifest: ECR and current clients need schema 2 or OCI; rebuild and push it again',
    }
  }
  if (ecrDigest !== undefined && ecrDigest === tag.digest)
    return { ...base, action: 'skip', reason: 'already in ECR with the same digest' }
  if (ecrDigest !== undefined && existing && tagIsImmutable(existing, tag.name)) {
    return { ...base, action: 'conflict', reason: `immutable in ECR, where it holds ${ecrDigest}; left untouched` }
  }
  // Docker Hub counts a pull per manifest fetched, and the run fetches each digest once per repository.
  const pulls =
    tag.digest && pulledDigests.has(tag.digest)
      ? 0
      : isIndexMediaType(tag.mediaType)
        ? Math.max(tag.manifests ?? 1, 1)
        : 1
  if (tag.digest) pulledDigests.add(tag.digest)
  const lambdaTag = lambdaPlatform && isIndexMediaType(tag.mediaType) ? lambdaCopy(tag, lambdaPlatform) : undefined
  return {
    ...base,
    action: 'copy',
    reason: ecrDigest === undefined ? 'missing in ECR' : `digest differs (ECR holds ${ecrDigest})`,
    pulls,
    ...(lambdaTag ? { lambdaTag } : {}),
  }
}

/** ECR's rule: a tag is immutable when the repository is, unless an exclusion filter matches it (and the reverse). */
export function tagIsImmutable(
  repository: Pick<TargetRepositoryState, 'immutableTags' | 'mutabilityExceptions'>,
  tag: string,
): boolean {
  const excepted = repository.mutabilityExceptions.some((filter) => wildcard(filter).test(tag))
  return repository.immutableTags !== excepted
}

function wildcard(filter: string): RegExp {
  return new RegExp(
    `^${filter
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  )
}

/** Lambda runs one single-platform Linux image of at most 10 GB; an index (multi-arch, or attestations) it refuses. */
function lambdaFit(tag: ListedTag): PlannedTag['lambda'] {
  if (isIndexMediaType(tag.mediaType)) {
    const attested = (tag.platforms ?? []).some((p) => p.os === 'unknown')
    return {
      compatible: false,
      reason: attested
        ? 'an index carrying attestations (Lambda needs a single-platform manifest)'
        : 'a multi-platform index (Lambda needs a single-platform manifest)',
    }
  }
  if ((tag.sizeBytes ?? 0) > LAMBDA_MAX_BYTES)
    return { compatible: false, reason: 'larger than Lambda’s 10 GB image limit' }
  if (tag.platforms?.length && !tag.platforms.some((p) => p.os === 'linux'))
    return { compatible: false, reason: 'not a Linux image' }
  return { compatible: true }
}

/** `TAG-ARCH[-VARIANT]` for the chosen platform's manifest, when the listing names its digest. */
function lambdaCopy(tag: ListedTag, platform: Platform): PlannedTag['lambdaTag'] {
  const match = tag.platforms?.find(
    (p) =>
      p.os === platform.os &&
      p.architecture === platform.architecture &&
      (platform.variant === undefined || p.variant === platform.variant),
  )
  if (!match?.digest) return undefined
  return { tag: [tag.name, match.architecture, match.variant].filter(Boolean).join('-'), digest: match.digest }
}

function tagWarnings(what: string, listed: ListedTag, tag: PlannedTag): string[] {
  const warnings: string[] = []
  if (tag.action === 'unsupported') warnings.push(`${what}: ${tag.reason}.`)
  if (tag.action === 'conflict') warnings.push(`${what}: conflict: ${tag.reason}.`)
  if (tag.action === 'copy' && (listed.platforms ?? []).some((p) => p.os === 'unknown')) {
    warnings.push(
      `${what}: carries build attestations (provenance/SBOM); they are copied with the index, and Lambda cannot run ` +
        `the tag as it is.`,
    )
  }
  return warnings
}

/** Bytes to transfer: each digest once per repository (alias tags share everything). */
function uniqueBytes(repositories: readonly PlannedRepository[]): number {
  let bytes = 0
  for (const repository of repositories) {
    const seen = new Set<string>()
    for (const tag of repository.tags) {
      if (tag.action !== 'copy') continue
      if (tag.digest && seen.has(tag.digest)) continue
      if (tag.digest) seen.add(tag.digest)
      bytes += tag.sizeBytes
    }
  }
  return bytes
}
