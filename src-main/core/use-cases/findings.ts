import pLimit from 'p-limit'
import { ecrHoldings } from '../ecr/ecr-inventory'
import { type ImageScan, imageScan, registryScanType, type ScanWait } from '../ecr/scan-findings'
import { withEcrClient, type AwsTarget } from './connections'

export interface FindingsRequest {
  aws: AwsTarget
  /** The repositories under this prefix (all of the registry's when empty). */
  prefix: string
  /** How many findings to list per image, worst first. */
  top: number
  /** Wait for scans still running (IN_PROGRESS, or PENDING under enhanced scanning). */
  wait?: Omit<ScanWait, 'signal'>
  signal?: AbortSignal
}

export interface ImageFindings extends ImageScan {
  digest: string
  tags: string[]
}

export interface RepositoryFindings {
  repository: string
  images: ImageFindings[]
}

// DescribeImageScanFindings is paced per account like DescribeImages: a few images at once.
const IMAGES_IN_FLIGHT = 4

/** `findings`: the scan of every image under a prefix, with the registry's scanner, per repository. */
export async function scanFindings(
  request: FindingsRequest,
): Promise<{ scanType: 'BASIC' | 'ENHANCED'; repositories: RepositoryFindings[] }> {
  const { prefix, signal } = request
  const under = (name: string) => prefix === '' || name === prefix || name.startsWith(`${prefix}/`)
  return withEcrClient(request.aws, async (client) => {
    const [scanType, holdings] = await Promise.all([
      registryScanType(client, signal),
      ecrHoldings(client, (repository) => under(repository.name), signal),
    ])
    const wait = request.wait && { ...request.wait, signal }
    const limit = pLimit(IMAGES_IN_FLIGHT)
    const repositories = await Promise.all(
      holdings.map(async ({ repository, images }) => ({
        repository: repository.name,
        images: await Promise.all(
          images.map((image) =>
            limit(async () => ({
              digest: image.digest,
              tags: image.tags,
              ...(await imageScan(
                client,
                { repository: repository.name, digest: image.digest },
                { top: request.top, wait, signal },
              )),
            })),
          ),
        ),
      })),
    )
    return { scanType, repositories: repositories.sort((a, b) => a.repository.localeCompare(b.repository)) }
  })
}
