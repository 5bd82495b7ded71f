import type { ExclusionFilter, TagMutability } from './options'

/**
 * ECR's input rules (facts §6.1, §6.2). The repository name pattern is the older API regex the brief names; the
 * newer `(\.|_|__|-+)` form also allows `__` and runs of `-`, accepted here as well since current ECR takes them.
 */
const NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/

export function repositoryNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length < 2 || name.length > 256 || !NAME.test(name)) {
    return (
      `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression ` +
      `'(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*' and length between 2 and 256'`
    )
  }
  return undefined
}

export const MUTABILITIES: readonly TagMutability[] = [
  'MUTABLE',
  'IMMUTABLE',
  'MUTABLE_WITH_EXCLUSION',
  'IMMUTABLE_WITH_EXCLUSION',
]

const FILTER = /^[0-9a-zA-Z._*-]{1,128}$/

export function exclusionFiltersProblem(mutability: TagMutability, filters: unknown): string | undefined {
  const withExclusion = mutability.endsWith('_WITH_EXCLUSION')
  if (filters === undefined || (Array.isArray(filters) && filters.length === 0)) {
    return withExclusion
      ? `imageTagMutabilityExclusionFilters must be specified when imageTagMutability is ${mutability}`
      : undefined
  }
  if (!withExclusion)
    return (
      `imageTagMutabilityExclusionFilters can only be specified with MUTABLE_WITH_EXCLUSION or ` +
      `IMMUTABLE_WITH_EXCLUSION`
    )
  if (!Array.isArray(filters) || filters.length > 5)
    return 'imageTagMutabilityExclusionFilters must hold 1 to 5 filters'
  for (const f of filters as ExclusionFilter[]) {
    if (f?.filterType !== 'WILDCARD') return `Invalid filterType '${String(f?.filterType)}': only WILDCARD is supported`
    if (typeof f.filter !== 'string' || !FILTER.test(f.filter))
      return `Invalid filter '${String(f.filter)}': must satisfy ^[0-9a-zA-Z._*-]{1,128}$`
  }
  return undefined
}

/** `*` matches any run of characters; everything else literally. */
export function wildcardMatches(filter: string, tag: string): boolean {
  const pattern = filter
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${pattern}$`).test(tag)
}

/** Whether a tag may not be moved once it exists (facts §6.2: the exclusion filters flip the base setting). */
export function tagIsImmutable(mutability: TagMutability, filters: ExclusionFilter[], tag: string): boolean {
  const excluded = filters.some((f) => wildcardMatches(f.filter, tag))
  switch (mutability) {
    case 'MUTABLE':
      return false
    case 'IMMUTABLE':
      return true
    case 'MUTABLE_WITH_EXCLUSION':
      return excluded
    case 'IMMUTABLE_WITH_EXCLUSION':
      return !excluded
  }
}
