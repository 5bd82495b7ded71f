import {
  paginateDescribeImages,
  paginateDescribeRepositories,
  type ECRClient,
  type ImageDetail,
} from '@aws-sdk/client-ecr'
import pLimit from 'p-limit'

export interface EcrRepositorySummary {
  name: string
  uri: string
  createdAt?: Date
  immutableTags: boolean
  /** Tag filters whose mutability is the opposite of the repository's (`*` wildcards). */
  mutabilityExceptions: string[]
  scanOnPush: boolean
}

export interface EcrImageSummary {
  digest: string
  tags: string[]
  /** Compressed bytes as ECR reports them: for an index, its largest child (Docker Hub reports per platform). */
  sizeBytes: number
  mediaType?: string
  pushedAt?: Date
  lastPulledAt?: Date
  scanStatus?: string
}

/** Every repository of the registry, page by page. */
export async function* ecrRepositories(client: ECRClient, pageSize = 1000): AsyncGenerator<EcrRepositorySummary> {
  for await (const page of paginateDescribeRepositories({ client, pageSize }, {})) {
    for (const repository of page.repositories ?? []) {
      yield {
        name: repository.repositoryName ?? '',
        uri: repository.repositoryUri ?? '',
        createdAt: repository.createdAt,
        immutableTags: (repository.imageTagMutability ?? 'MUTABLE').startsWith('IMMUTABLE'),
        mutabilityExceptions: (repository.imageTagMutabilityExclusionFilters ?? [])
          .map((filter) => filter.filter ?? '')
          .filter(Boolean),
        scanOnPush: repository.imageScanningConfiguration?.scanOnPush ?? false,
      }
    }
  }
}

/** Every image of a repository (tagged and untagged), page by page. */
export async function* ecrImages(
  client: ECRClient,
  repository: string,
  pageSize = 1000,
): AsyncGenerator<EcrImageSummary> {
  for await (const page of paginateDescribeImages({ client, pageSize }, { repositoryName: repository })) {
    for (const image of page.imageDetails ?? []) yield summarise(image)
  }
}

export interface EcrRepositoryHoldings {
  repository: EcrRepositorySummary
  images: EcrImageSummary[]
}

// DescribeImages is paced per account; four repositories at once stay well inside its quota.
const LISTINGS_IN_FLIGHT = 4

/** What ECR holds: the repositories `wanted` picks, each with its images (listed a few repositories at once). */
export async function ecrHoldings(
  client: ECRClient,
  wanted: (repository: EcrRepositorySummary) => boolean,
  signal?: AbortSignal,
): Promise<EcrRepositoryHoldings[]> {
  const picked: EcrRepositorySummary[] = []
  for await (const repository of ecrRepositories(client)) if (wanted(repository)) picked.push(repository)
  signal?.throwIfAborted()
  const limit = pLimit(LISTINGS_IN_FLIGHT)
  return Promise.all(
    picked.map((repository) =>
      limit(async () => {
        const images: EcrImageSummary[] = []
        for await (const image of ecrImages(client, repository.name)) images.push(image)
        return { repository, images }
      }),
    ),
  )
}

function summarise(image: ImageDetail): EcrImageSummary {
  return {
    digest: image.imageDigest ?? '',
    tags: image.imageTags ?? [],
    sizeBytes: image.imageSizeInBytes ?? 0,
    mediaType: image.imageManifestMediaType,
    pushedAt: image.imagePushedAt,
    lastPulledAt: image.lastRecordedPullTime,
    scanStatus: image.imageScanStatus?.status,
  }
}
