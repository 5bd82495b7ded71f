import pLimit from 'p-limit'
import type { CopyPair } from '../core/migration/copy-engine'
import { CrossdockError } from '../core/lib/errors'
import { parseRepository } from '../core/reference/reference'
import type { RegistryPools } from './registry-options'

/** A registry and a path prefix inside it ('' = the whole registry). */
export interface RepositoryPrefix {
  registry: string
  path: string
}

/**
 * Parses `HOST[:PORT][/PATH]`. A prefix is not a repository name: `docker.io/acme` means everything under
 * `acme/`, so Docker Hub's implicit `library/` is not added.
 */
export function parsePrefix(text: string): RepositoryPrefix {
  const trimmed = text.replace(/\/+$/, '')
  const slash = trimmed.indexOf('/')
  const host = slash === -1 ? trimmed : trimmed.slice(0, slash)
  const path = slash === -1 ? '' : trimmed.slice(slash + 1)
  // Validate through the reference grammar with a placeholder component, then keep the user's own path.
  const { registry } = parseRepository(`${host}/${path || 'x'}/x`)
  if (registry === 'docker.io' && !/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)$/.test(host)) {
    throw new CrossdockError('REFERENCE_INVALID', `"${text}" does not start with a registry host; write it as HOST[:PORT]/PATH (for example 127.0.0.1:5000/team).`)
  }
  return { registry, path }
}

/** Maps a source repository under `from` to the same relative path under `to`. */
export function mapRepository(repository: string, from: RepositoryPrefix, to: RepositoryPrefix): string {
  const rest = from.path === '' ? repository : repository.slice(from.path.length).replace(/^\//, '')
  return [to.path, rest].filter(Boolean).join('/')
}

export function underPrefix(repository: string, prefix: RepositoryPrefix): boolean {
  return prefix.path === '' || repository === prefix.path || repository.startsWith(`${prefix.path}/`)
}

/** `sync SRC_PREFIX DST_PREFIX`: every tag of every repository under the prefix, from the source's catalog. */
export async function syncPairs(sourceText: string, destinationText: string, pools: Pick<RegistryPools, 'source'>, signal?: AbortSignal): Promise<CopyPair[]> {
  const from = parsePrefix(sourceText)
  const to = parsePrefix(destinationText)
  const client = pools.source.client(from.registry)
  const repositories = (await client.catalog({ signal })).filter((repository) => underPrefix(repository, from))
  if (repositories.length === 0) throw new CrossdockError('NAME_UNKNOWN', `The source catalog lists no repository under ${sourceText}.`)
  const limit = pLimit(8)
  const perRepository = await Promise.all(
    repositories.map((repository) =>
      limit(async () => {
        const tags = await client.listTags(repository, { signal })
        const destination = mapRepository(repository, from, to)
        if (!destination) {
          throw new CrossdockError('REFERENCE_INVALID', `${from.registry}/${repository} would map to the bare registry ${to.registry}; give the destination a path, e.g. ${to.registry}/${repository}.`)
        }
        return tags.map((tag) => ({
          source: { registry: from.registry, repository, tag },
          destination: { registry: to.registry, repository: destination, tag },
        }))
      }),
    ),
  )
  return perRepository.flat()
}
