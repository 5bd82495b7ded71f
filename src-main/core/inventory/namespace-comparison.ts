import type { ECRClient } from '@aws-sdk/client-ecr'
import { hubListings, type ListedHubTag } from '../dockerhub/hub-listings'
import type { DockerHubApi } from '../dockerhub/hub-api'
import { ecrHoldings } from '../ecr/ecr-inventory'
import { mapRepositoryName, type NameMapping } from '../ecr/name-mapping'
import { sideBySide, type RepositoryRow, type SideRepository, type SideTag } from './side-by-side'

export interface NamespaceComparison {
  rows: RepositoryRow[]
  /** ECR repositories that exist under the prefix. */
  ecrRepositories: ReadonlySet<string>
}

/** A Docker Hub namespace (or one repository of it) beside the ECR repositories under a prefix, by digest. */
export async function compareNamespace(o: {
  hub: DockerHubApi
  ecr: ECRClient
  namespace: string
  repository?: string
  mapping: NameMapping
  signal?: AbortSignal
}): Promise<NamespaceComparison> {
  const [hubSide, ecrSide] = await Promise.all([
    hubListings(o.hub, o.namespace, o.repository ? [o.repository] : undefined, o.signal),
    ecrListing(o.ecr, o.mapping.prefix ?? '', o.signal),
  ])
  const hub: SideRepository[] = hubSide.map(({ repository, private: isPrivate, tags }) => ({
    name: repository,
    ...(isPrivate === undefined ? {} : { private: isPrivate }),
    tags: tags.map(hubSideTag),
  }))
  return {
    rows: sideBySide(hub, ecrSide, (name) => mapRepositoryName(name, o.mapping)),
    ecrRepositories: new Set(ecrSide.map((r) => r.name)),
  }
}

function hubSideTag(tag: ListedHubTag): SideTag {
  return {
    name: tag.name,
    digest: tag.digest,
    sizeBytes: tag.sizeBytes,
    platforms: (tag.platforms ?? [])
      .filter((p) => p.os !== 'unknown')
      .map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/')),
    lastPushed: tag.lastPushed?.toISOString(),
    lastPulled: tag.lastPulled?.toISOString(),
  }
}

/** ECR repositories under `prefix` with their tags, digests and sizes. */
async function ecrListing(client: ECRClient, prefix: string, signal?: AbortSignal): Promise<SideRepository[]> {
  const underPrefix = (repository: { name: string }): boolean =>
    !prefix || repository.name === prefix || repository.name.startsWith(`${prefix}/`)
  const holdings = await ecrHoldings(client, underPrefix, signal)
  return holdings.map(({ repository, images }) => ({
    name: repository.name,
    tags: images.flatMap((image) =>
      image.tags.map((tag) => ({
        name: tag,
        digest: image.digest,
        sizeBytes: image.sizeBytes,
        lastPushed: image.pushedAt?.toISOString(),
        lastPulled: image.lastPulledAt?.toISOString(),
      })),
    ),
  }))
}
