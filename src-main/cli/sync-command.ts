import pLimit from 'p-limit'
import { repositoryPairs, type CopyPairs } from '../core/migration/copy-pairs'
import type { DockerHubApi } from '../core/dockerhub/hub-api'
import { CrossdockError, isCrossdockError } from '../core/lib/errors'
import { hubListings, type RepositoryListing } from '../core/dockerhub/hub-listings'
import { compileTagFilter, selectTags, type TagFilter } from '../core/migration/tag-selection'
import type { RegistryClient } from '../core/registry/registry-client'
import { parseRepository } from '../core/reference/reference'
import type { RegistryPools } from '../core/migration/registry-pools'
import { UsageError } from './usage-error'

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
    throw new CrossdockError(
      'REFERENCE_INVALID',
      `"${text}" does not start with a registry host; write it as HOST[:PORT]/PATH (for example 127.0.0.1:5000/team).`,
    )
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

export interface SyncOptions {
  filter: TagFilter
  /** How to list Docker Hub (namespaces have no catalog); required when the source is docker.io. */
  hub?: DockerHubApi
  signal?: AbortSignal
  /** A repository the catalog names outside the distribution grammar: skipped, never requested. */
  onRefused?: (error: CrossdockError) => void
}

/**
 * `sync SRC_PREFIX DST_PREFIX`: every selected tag of every repository under the prefix. Repositories come
 * from the registry's catalog, or for Docker Hub from the Hub API (which also knows when each tag was pushed).
 */
export async function syncPairs(
  sourceText: string,
  destinationText: string,
  pools: Pick<RegistryPools, 'source'>,
  options: SyncOptions,
): Promise<CopyPairs> {
  const from = parsePrefix(sourceText)
  const to = parsePrefix(destinationText)
  const listings =
    from.registry === 'docker.io'
      ? await hubPrefixListings(from, options)
      : await catalogListings(pools.source.client(from.registry), from, options)
  if (listings.length === 0)
    throw new CrossdockError('NAME_UNKNOWN', `The source lists no repository under ${sourceText}.`)
  return repositoryPairs(
    listings.map(({ repository, tags }) => {
      const destination = mapRepository(repository, from, to)
      if (!destination) {
        throw new CrossdockError(
          'REFERENCE_INVALID',
          `${from.registry}/${repository} would map to the bare registry ${to.registry}; give the ` +
            `destination a path, ` +
            `e.g. ${to.registry}/${repository}.`,
        )
      }
      return {
        source: { registry: from.registry, repository },
        destination: { registry: to.registry, repository: destination },
        tags: selectTags(tags, options.filter),
      }
    }),
  )
}

async function catalogListings(
  client: RegistryClient,
  from: RepositoryPrefix,
  { filter, signal, onRefused }: SyncOptions,
): Promise<RepositoryListing[]> {
  if (filter.pushedWithinDays !== undefined) {
    throw new UsageError(
      `--pushed-within needs to know when tags were pushed, which only Docker Hub lists; ${from.registry} does not.`,
    )
  }
  const repositories = (await client.catalog({ signal })).filter((repository) => underPrefix(repository, from))
  const limit = pLimit(8)
  const listings = await Promise.all(
    repositories.map((repository) =>
      limit(async (): Promise<RepositoryListing[]> => {
        try {
          return [{ repository, tags: (await client.listTags(repository, { signal })).map((name) => ({ name })) }]
        } catch (error) {
          if (!isCrossdockError(error, 'NAME_INVALID')) throw error
          onRefused?.(error)
          return []
        }
      }),
    ),
  )
  return listings.flat()
}

/** Docker Hub repositories under `docker.io/NAMESPACE[/REPO]` with their tags, through the Hub API. */
function hubPrefixListings(
  from: RepositoryPrefix,
  { hub, signal }: Pick<SyncOptions, 'hub' | 'signal'>,
): Promise<RepositoryListing[]> {
  const [namespace, ...rest] = from.path.split('/')
  if (!hub || !namespace)
    throw new UsageError('Name a Docker Hub namespace, e.g. docker.io/acme (or docker.io/acme/web for one repository).')
  return hubListings(hub, namespace, rest.length > 0 ? [rest.join('/')] : undefined, signal)
}

export interface SyncFlags {
  tags?: string
  excludeTags?: string
  pushedWithin?: number
  latest?: number
  hubApi?: string
}

/** The tag filter the flags describe; a bad pattern is a usage error naming the flag. */
export function tagFilter(flags: SyncFlags): TagFilter {
  return compileTagFilter(
    { include: flags.tags, exclude: flags.excludeTags, pushedWithinDays: flags.pushedWithin, latest: flags.latest },
    { include: '--tags', exclude: '--exclude-tags' },
  )
}
