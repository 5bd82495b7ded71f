import { formatReference, type ImageRef } from '../reference/reference'
import type { CopyPair } from './copy-engine'

/** The pairs of one run: walked once, in order, and asked whether a destination reference is among them. */
export interface CopyPairs extends Iterable<CopyPair> {
  readonly length: number
  /** Whether some pair writes exactly this destination reference. */
  hasDestination(destination: ImageRef): boolean
}

/** Pairs already in a list. */
export function pairList(pairs: readonly CopyPair[]): CopyPairs {
  let destinations: Set<string> | undefined
  return {
    length: pairs.length,
    [Symbol.iterator]: () => pairs[Symbol.iterator](),
    hasDestination(destination) {
      destinations ??= new Set(pairs.map((pair) => formatReference(pair.destination)))
      return destinations.has(formatReference(destination))
    },
  }
}

/** A source repository, the destination repository it maps to, and the tags to copy. */
export interface RepositoryTags {
  source: { registry: string; repository: string }
  destination: { registry: string; repository: string }
  /** `manifests`: for an index, how many manifests it lists, when the source's listing says. */
  tags: ReadonlyArray<{ name: string; manifests?: number }>
}

/**
 * Every tag of every repository as a pair, each made when the walk reaches it: a listing of 50,000 tags
 * holds its tag names, not 50,000 pairs.
 */
export function repositoryPairs(repositories: readonly RepositoryTags[]): CopyPairs {
  const tagSets = new Map<string, ReadonlySet<string>>()
  return {
    length: repositories.reduce((sum, repository) => sum + repository.tags.length, 0),
    *[Symbol.iterator]() {
      for (const { source, destination, tags } of repositories) {
        for (const { name: tag, manifests } of tags) {
          yield {
            source: { ...source, tag },
            destination: { ...destination, tag },
            ...(manifests === undefined ? {} : { manifests }),
          }
        }
      }
    },
    hasDestination({ registry, repository, tag, digest }) {
      if (tag === undefined || digest !== undefined) return false
      const key = `${registry}/${repository}`
      let tags = tagSets.get(key)
      if (!tags) {
        const group = repositories.find(
          (r) => r.destination.registry === registry && r.destination.repository === repository,
        )
        tags = new Set(group?.tags.map((t) => t.name))
        tagSets.set(key, tags)
      }
      return tags.has(tag)
    },
  }
}

/** `pairs` as a `CopyPairs`, wrapping a plain list. */
export function asCopyPairs(pairs: CopyPairs | readonly CopyPair[]): CopyPairs {
  return Array.isArray(pairs) ? pairList(pairs) : (pairs as CopyPairs)
}
