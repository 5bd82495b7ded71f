import { CrossdockError } from '../lib/errors'

/** How Docker Hub repository names become ECR repository names. */
export interface NameMapping {
  /** Put every repository under this path (`mirror` → `mirror/acme/web`). */
  prefix?: string
  /** Leave the Docker Hub namespace out (`acme/web` → `web`). */
  dropNamespace?: boolean
  /** Explicit renames of whole source repositories (`acme/web` → `frontend/web`), applied before the prefix. */
  renames?: Readonly<Record<string, string>>
}

// ECR's API pattern (API_Image, current): components joined by `/`, separators `.`, `_`, `__` or runs of `-`.
const ECR_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/

/** Why `name` cannot be an ECR repository, or undefined when it can. */
export function ecrNameProblem(name: string): string | undefined {
  if (name.length < 2 || name.length > 256)
    return `ECR repository names have 2 to 256 characters (this has ${name.length})`
  if (!ECR_NAME.test(name))
    return (
      'ECR repository names are lowercase letters and digits in /-separated parts, joined within a part by ".", ' +
      '"_", "__" or "-"'
    )
  return undefined
}

/** The ECR repository for a Docker Hub repository (`namespace/name`). */
export function mapRepositoryName(source: string, mapping: NameMapping): string {
  const renamed = mapping.renames?.[source] ?? (mapping.dropNamespace ? source.slice(source.indexOf('/') + 1) : source)
  return [mapping.prefix?.replace(/^\/+|\/+$/g, ''), renamed].filter(Boolean).join('/')
}

/**
 * Maps every source repository and checks the results before anything runs: each target must be a valid ECR
 * name, and no two sources may land in one target (dropping namespaces can collide: `a/web`, `b/web`).
 */
export function planNames(sources: readonly string[], mapping: NameMapping): Map<string, string> {
  const targets = new Map<string, string>()
  const owners = new Map<string, string>()
  const problems: string[] = []
  for (const source of sources) {
    const target = mapRepositoryName(source, mapping)
    const problem = ecrNameProblem(target)
    if (problem) problems.push(`${source} → ${target}: ${problem}`)
    const owner = owners.get(target)
    if (owner) problems.push(`${owner} and ${source} would both become ${target}; rename one of them`)
    owners.set(target, source)
    targets.set(source, target)
  }
  if (problems.length > 0)
    throw new CrossdockError(
      'REFERENCE_INVALID',
      `The repository names cannot be used in ECR:\n  ${problems.join('\n  ')}`,
    )
  return targets
}
