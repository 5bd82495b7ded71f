import { join } from 'node:path'
import type { MappingRule } from '../cutover/image-mapping'
import type { KubernetesTarget } from '../cutover/live-kubernetes'
import type { LiveImage } from '../cutover/live-workload'
import { judgeImage, pullsFromDockerHub, type ImageJudgement, type MigrationCheck } from '../cutover/reference-scan'
import type { AwsTarget } from './connections'
import type { UseCaseContext } from './context'
import { jobStoreOf, recordCutover } from './jobs'
import { scanFolders } from './references'

export interface LiveRequest {
  /** ECS services (in these clusters, or all) and CodeBuild projects of an AWS account and Region. */
  ecs?: AwsTarget & { clusters: readonly string[] }
  /** The workloads of a Kubernetes cluster, through its kubeconfig context. */
  kubernetes?: KubernetesTarget
  mapping: readonly MappingRule[]
  /** Without one, Docker Hub images are `unknown`: still on Docker Hub, their ECR counterpart unchecked. */
  check?: MigrationCheck
  signal?: AbortSignal
  /** Folders whose files define the workloads: each image is linked to the files that name it (see linkToFiles). */
  roots?: readonly string[]
}

export type LiveWorkloadImage = LiveImage &
  ImageJudgement & {
    /** The files (of the folders scanned with it) that name the same image: where the fix belongs, in git. */
    definedIn?: { file: string; line: number }[]
  }

/**
 * `refs live`: every image the running workloads use, where it pulls from, and for Docker Hub's whether its ECR
 * counterpart holds the same digest. The headline is the number of workloads with a Docker Hub image.
 */
export async function liveWorkloadImages(request: LiveRequest): Promise<LiveWorkloadImage[]> {
  const images: LiveImage[] = []
  // Each client loads only when asked for: the Kubernetes client and two more AWS SDKs are large.
  if (request.ecs) images.push(...(await awsImages(request.ecs, request.signal)))
  if (request.kubernetes)
    images.push(...(await (await import('../cutover/live-kubernetes')).kubernetesImages(request.kubernetes)))
  const judged: LiveWorkloadImage[] = []
  for (const image of images) {
    const judgement = await judgeImage(image.image, request)
    judged.push({
      ...image,
      ...(judgement ?? { status: 'not-docker-hub', note: 'not an image reference Docker reads' }),
    })
  }
  if (!request.roots?.length) return judged
  const found: { file: string; line: number; reference?: string }[] = []
  for await (const reference of scanFolders({ ...request, roots: request.roots }))
    found.push({ ...reference, file: join(reference.root, reference.file) })
  return linkToFiles(judged, found)
}

/** The workloads with at least one image still pulled from Docker Hub. */
export function workloadsOnDockerHub(images: readonly LiveWorkloadImage[]): string[] {
  const onHub = images.filter((image) => pullsFromDockerHub(image.status))
  return [...new Set(onHub.map((image) => image.workload))]
}

async function awsImages(target: AwsTarget & { clusters: readonly string[] }, signal?: AbortSignal) {
  const [{ ECSClient }, { CodeBuildClient }, { codebuildProjectImages, ecsServiceImages }] = await Promise.all([
    import('@aws-sdk/client-ecs'),
    import('@aws-sdk/client-codebuild'),
    import('../cutover/live-aws'),
  ])
  const settings = {
    region: target.region,
    maxAttempts: 8,
    retryMode: 'adaptive',
    ...(target.profile ? { profile: target.profile } : {}),
  }
  const ecs = new ECSClient(settings)
  const codebuild = new CodeBuildClient(settings)
  try {
    const [services, projects] = await Promise.all([
      ecsServiceImages(ecs, { clusters: target.clusters, signal }),
      codebuildProjectImages(codebuild, { signal }),
    ])
    return [...services, ...projects]
  } finally {
    ecs.destroy()
    codebuild.destroy()
  }
}

/** What the workloads run, in the cutover record of the jobs the mapping came from. */
export function recordLive(
  context: UseCaseContext,
  jobIds: readonly string[],
  images: readonly LiveWorkloadImage[],
): void {
  if (jobIds.length === 0) return
  recordCutover(jobStoreOf(context), jobIds, {
    live: {
      at: new Date().toISOString(),
      total: new Set(images.map((image) => image.workload)).size,
      stillOnDockerHub: workloadsOnDockerHub(images),
    },
  })
}

/**
 * Links each workload's image to the files that name the same image (normalised as Docker reads both), so the fix
 * lands in the files the workload is deployed from rather than only in the cluster.
 */
function linkToFiles(
  images: readonly LiveWorkloadImage[],
  references: readonly { file: string; line: number; reference?: string }[],
): LiveWorkloadImage[] {
  const byReference = new Map<string, { file: string; line: number }[]>()
  for (const { file, line, reference } of references) {
    if (!reference) continue
    const places = byReference.get(reference)
    if (places) places.push({ file, line })
    else byReference.set(reference, [{ file, line }])
  }
  return images.map((image) => {
    const definedIn = image.reference ? byReference.get(image.reference) : undefined
    return definedIn ? { ...image, definedIn } : image
  })
}
