import type { CopyPair } from '../core/migration/copy-engine'
import { CrossdockError } from '../core/lib/errors'
import { parseReference, parseRepository, type ImageRef, type RepositoryRef } from '../core/reference/reference'
import type { RegistryPools } from '../core/migration/registry-pools'
import { UsageError } from './usage-error'

/**
 * `copy SRC DST`: SRC is a tag or digest (or, with --all-tags, a repository). DST is a repository (the
 * source's tag is kept) or a full reference with its own tag.
 */
export async function copyPairs(
  sourceText: string,
  destinationText: string,
  allTags: boolean,
  pools: Pick<RegistryPools, 'source'>,
  signal?: AbortSignal,
): Promise<CopyPair[]> {
  if (allTags) {
    const source = parseRepository(sourceText)
    const destination = parseRepository(destinationText)
    const tags = await pools.source.client(source.registry).listTags(source.repository, { signal })
    if (tags.length === 0)
      throw new CrossdockError('NAME_UNKNOWN', `${sourceText} has no tags (or does not exist) at the source.`)
    return tags.map((tag) => ({ source: { ...source, tag }, destination: { ...destination, tag } }))
  }
  const source = parseReference(sourceText)
  return [{ source, destination: destinationFor(source, destinationText) }]
}

function destinationFor(source: ImageRef, text: string): ImageRef {
  let repository: RepositoryRef | undefined
  try {
    repository = parseRepository(text)
  } catch {
    // Not a bare repository: a full reference with its own tag or digest.
  }
  if (repository) return source.tag ? { ...repository, tag: source.tag } : { ...repository, digest: source.digest }
  const destination = parseReference(text)
  if (destination.digest && !destination.tag)
    throw new UsageError(
      `The destination ${text} names a digest; give a repository or a tag (the digest always comes from the source).`,
    )
  return { registry: destination.registry, repository: destination.repository, tag: destination.tag }
}
