import pLimit from 'p-limit'
import type { DockerHubApi } from './hub-api'
import type { HubRepository, HubTag } from './hub-types'

/** A tag as the Hub API lists it, in the shape tag selection and planning take. */
export interface ListedHubTag {
  name: string
  lastPushed?: Date
  lastPulled?: Date
  /** Manifests under the tag (platforms and attestations of an index). */
  manifests?: number
  digest?: string
  sizeBytes?: number
  mediaType?: string
  /** The index's images (`unknown/unknown` ones are attestations). */
  platforms?: {
    os: string
    architecture: string
    variant?: string
    digest?: string
    sizeBytes?: number
    layers?: { digest: string; size: number }[]
  }[]
}

export interface RepositoryListing {
  /** `namespace/name`. */
  repository: string
  private?: boolean
  /** Pulls since the repository was made, and when that was (Docker Hub's history). */
  pullCount?: number
  registeredAt?: Date
  tags: ListedHubTag[]
}

/**
 * Docker Hub repositories of a namespace (or those named, without the namespace) with their tags, through the Hub API.
 */
export async function hubListings(
  hub: DockerHubApi,
  namespace: string,
  only: readonly string[] | undefined,
  signal?: AbortSignal,
): Promise<RepositoryListing[]> {
  const repositories: { name: string; details?: HubRepository }[] = []
  if (only) repositories.push(...only.map((name) => ({ name })))
  else
    for await (const listed of hub.repositories(namespace, { signal }))
      repositories.push({ name: listed.name, details: listed })
  const limit = pLimit(4)
  return Promise.all(
    repositories.map(({ name, details }) =>
      limit(async () => {
        const tags: ListedHubTag[] = []
        for await (const tag of hub.tags(namespace, name, { signal })) tags.push(listedTag(tag))
        return {
          repository: `${namespace}/${name}`,
          ...(details ? { private: details.is_private, pullCount: details.pull_count } : {}),
          ...(details?.date_registered ? { registeredAt: new Date(details.date_registered) } : {}),
          tags,
        }
      }),
    ),
  )
}

function listedTag(tag: HubTag): ListedHubTag {
  const pushed = tag.tag_last_pushed ?? tag.last_updated
  return {
    name: tag.name,
    lastPushed: pushed ? new Date(pushed) : undefined,
    lastPulled: tag.tag_last_pulled ? new Date(tag.tag_last_pulled) : undefined,
    manifests: tag.images.length || undefined,
    digest: tag.digest ?? undefined,
    sizeBytes: tag.full_size,
    mediaType: tag.media_type ?? undefined,
    platforms: tag.images.map((image) => ({
      os: image.os,
      architecture: image.architecture,
      variant: image.variant ?? undefined,
      digest: image.digest ?? undefined,
      sizeBytes: image.size,
      ...(image.layers
        ? {
            layers: image.layers.flatMap((layer) => (layer.digest ? [{ digest: layer.digest, size: layer.size }] : [])),
          }
        : {}),
    })),
  }
}
