import pLimit from 'p-limit'
import type { DockerHubApi } from '../dockerhub/hub-api'
import type { HubTag } from '../dockerhub/hub-types'
import type { ListedTag } from './tag-selection'

export interface RepositoryListing {
  /** `namespace/name`. */
  repository: string
  tags: ListedTag[]
}

/** Docker Hub repositories of a namespace (or the one named) with their tags, through the Hub API. */
export async function hubListings(hub: DockerHubApi, namespace: string, repository: string | undefined, signal?: AbortSignal): Promise<RepositoryListing[]> {
  const names: string[] = []
  if (repository) names.push(repository)
  else for await (const listed of hub.repositories(namespace, { signal })) names.push(listed.name)
  const limit = pLimit(4)
  return Promise.all(
    names.map((name) =>
      limit(async () => {
        const tags: ListedTag[] = []
        for await (const tag of hub.tags(namespace, name, { signal })) tags.push(listedTag(tag))
        return { repository: `${namespace}/${name}`, tags }
      }),
    ),
  )
}

function listedTag(tag: HubTag): ListedTag {
  const pushed = tag.tag_last_pushed ?? tag.last_updated
  return {
    name: tag.name,
    lastPushed: pushed ? new Date(pushed) : undefined,
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
    })),
  }
}
