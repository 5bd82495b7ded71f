import { CrossdockError } from '../lib/errors'
import { looksLikeRegistry, registryProblem } from '../reference/grammar'
import { parseRepository, type ImageRef } from '../reference/reference'

/** Where a Docker Hub repository moves: `docker.io/acme` → `123….dkr.ecr.eu-west-1.amazonaws.com/mirror/acme`. */
export interface MappingRule {
  /** A Docker Hub path prefix ('' for all of Docker Hub, `library` for the official images). */
  from: string
  to: { registry: string; path: string }
}

// ECR allows one separator between components, where Docker Hub also allows `__` and runs of `-`.
const ECR_REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/

/** `FROM=TO` as `--map` takes it, whole path components on both sides, like `sync`'s prefixes. */
export function parseMappingRule(text: string): MappingRule {
  const equals = text.indexOf('=')
  const invalid = (why: string): CrossdockError =>
    new CrossdockError(
      'USAGE',
      `--map ${text}: ${why}; write FROM=TO, e.g. docker.io/acme=123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme.`,
    )
  if (equals === -1) throw invalid('there is no "="')
  const from = text.slice(0, equals).replace(/\/+$/, '')
  const to = text.slice(equals + 1).replace(/\/+$/, '')
  const hub = /^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io|registry\.hub\.docker\.com)(?:\/(.*))?$/.exec(
    from,
  )
  if (!hub) throw invalid(`"${from}" is not on Docker Hub (start it with docker.io)`)
  const fromPath = hub[1] ?? ''
  if (fromPath && parseRepository(`docker.io/${fromPath}`).registry !== 'docker.io')
    throw invalid(`"${from}" is not a Docker Hub path`)
  const [registry = '', ...path] = to.split('/')
  if (!looksLikeRegistry(registry) || registryProblem(registry))
    throw invalid(`"${to}" does not start with a registry host`)
  return { from: fromPath, to: { registry: registry.toLowerCase(), path: path.join('/') } }
}

/** The rules a migration job's report implies: each repository it copied, to where it went. */
export function rulesFromReport(report: {
  to: { registry: string }
  repositories: readonly { source: string; target: string }[]
}): MappingRule[] {
  return report.repositories.map(({ source, target }) => ({
    from: source,
    to: { registry: report.to.registry, path: target },
  }))
}

export interface MappedImage {
  image: ImageRef
  /** Why the target cannot be used as it is (an ECR name with `__`), or undefined. */
  problem?: string
}

/**
 * Where `image` (on Docker Hub) goes under the rule with the longest matching prefix, keeping its tag and digest;
 * undefined when no rule covers it.
 */
export function mapImage(rules: readonly MappingRule[], image: ImageRef): MappedImage | undefined {
  const covering = rules
    .filter(
      (rule) => rule.from === '' || image.repository === rule.from || image.repository.startsWith(`${rule.from}/`),
    )
    .sort((a, b) => b.from.length - a.from.length)[0]
  if (!covering) return undefined
  const rest = image.repository.slice(covering.from.length).replace(/^\//, '')
  const repository = [covering.to.path, rest].filter(Boolean).join('/')
  const mapped: ImageRef = { ...image, registry: covering.to.registry, repository }
  const ecr = covering.to.registry.includes('.dkr.ecr.')
  return ecr && !ECR_REPOSITORY.test(repository)
    ? {
        image: mapped,
        problem: `${repository} is not a valid ECR repository name (ECR allows one ".", "_" or "-" between parts)`,
      }
    : { image: mapped }
}
