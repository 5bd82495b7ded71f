import type { RepositoryListing } from '../dockerhub/hub-listings'

/** What the cost model needs of a repository, read from its Docker Hub listing. */
export interface ListedUsage {
  repository: string
  uniqueLayerBytes: number
  images: number
  historyMonthlyPulls?: number
  bytesPerPull: number
}

const MONTH_MS = 30.44 * 86_400_000

/**
 * Storage and pull figures of a repository: the distinct layers of all its tags (a layer several tags share
 * counts once, as a registry stores it once per repository), its images, the largest image as what one pull
 * moves, and its pulls per month on average since it was made.
 */
export function repositoryUsage(listing: RepositoryListing, now: Date = new Date()): ListedUsage {
  const layers = new Map<string, number>()
  const images = new Map<string, number>()
  let largest = 0
  for (const tag of listing.tags) {
    // A node pulls one platform: the largest platform image, or the tag's size for a single image.
    const platformSizes = (tag.platforms ?? [])
      .filter((image) => image.os !== 'unknown')
      .map((image) => image.sizeBytes ?? 0)
    largest = Math.max(largest, platformSizes.length > 0 ? Math.max(...platformSizes) : (tag.sizeBytes ?? 0))
    for (const image of tag.platforms ?? []) {
      if (image.digest) images.set(image.digest, image.sizeBytes ?? 0)
      // Without layers in the listing, an image counts whole (layers shared between images then count twice).
      if (image.layers) for (const layer of image.layers) layers.set(layer.digest, layer.size)
      else if (image.digest) layers.set(image.digest, image.sizeBytes ?? 0)
    }
    if (!tag.platforms?.length && tag.digest) layers.set(tag.digest, tag.sizeBytes ?? 0)
  }
  const months = listing.registeredAt
    ? Math.max(1, (now.getTime() - listing.registeredAt.getTime()) / MONTH_MS)
    : undefined
  return {
    repository: listing.repository,
    uniqueLayerBytes: [...layers.values()].reduce((sum, size) => sum + size, 0),
    images: images.size || listing.tags.length,
    ...(listing.pullCount !== undefined && months !== undefined
      ? { historyMonthlyPulls: listing.pullCount / months }
      : {}),
    bytesPerPull: largest,
  }
}
