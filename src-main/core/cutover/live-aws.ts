import { BatchGetProjectsCommand, type CodeBuildClient, paginateListProjects } from '@aws-sdk/client-codebuild'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  paginateListClusters,
  paginateListServices,
} from '@aws-sdk/client-ecs'
import pLimit from 'p-limit'
import type { LiveImage } from './live-workload'

// DescribeServices takes 10 services a call, BatchGetProjects 100 projects (the APIs' documented limits).
const SERVICES_PER_DESCRIBE = 10
const PROJECTS_PER_BATCH = 100
// A few calls at once: ECS and CodeBuild throttle per account, and the SDK's adaptive retries slow down on top.
const IN_FLIGHT = 4

/**
 * The images every ECS service runs (its current task definition's containers), in the clusters named or all of
 * them, page by page.
 */
export async function ecsServiceImages(
  ecs: ECSClient,
  options: { clusters?: readonly string[]; signal?: AbortSignal } = {},
): Promise<LiveImage[]> {
  const clusters = options.clusters?.length ? [...options.clusters] : await allClusters(ecs)
  const limit = pLimit(IN_FLIGHT)
  const definitions = new Map<string, Promise<{ name: string; image: string }[]>>()
  const containersOf = (arn: string) => {
    let containers = definitions.get(arn)
    if (!containers) {
      containers = limit(async () => {
        const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }), {
          abortSignal: options.signal,
        })
        return (taskDefinition?.containerDefinitions ?? []).flatMap((container) =>
          container.image ? [{ name: container.name ?? '', image: container.image }] : [],
        )
      })
      definitions.set(arn, containers)
    }
    return containers
  }
  const images: LiveImage[] = []
  for (const cluster of clusters) {
    const names: string[] = []
    for await (const page of paginateListServices({ client: ecs }, { cluster })) names.push(...(page.serviceArns ?? []))
    const batches = chunks(names, SERVICES_PER_DESCRIBE)
    const described = await Promise.all(
      batches.map((services) =>
        limit(() => ecs.send(new DescribeServicesCommand({ cluster, services }), { abortSignal: options.signal })),
      ),
    )
    for (const service of described.flatMap((answer) => answer.services ?? [])) {
      if (!service.taskDefinition) continue
      const clusterName = clusterNameOf(cluster)
      for (const container of await containersOf(service.taskDefinition)) {
        images.push({
          workload: `ecs:${clusterName}/${service.serviceName}`,
          container: container.name,
          image: container.image,
          definedBy: service.taskDefinition,
        })
      }
    }
  }
  return images
}

/** The environment image of every CodeBuild project (CodeBuild's own curated images are not Docker Hub's). */
export async function codebuildProjectImages(
  codebuild: CodeBuildClient,
  options: { signal?: AbortSignal } = {},
): Promise<LiveImage[]> {
  const names: string[] = []
  for await (const page of paginateListProjects({ client: codebuild }, {})) names.push(...(page.projects ?? []))
  const images: LiveImage[] = []
  for (const batch of chunks(names, PROJECTS_PER_BATCH)) {
    const answer = await codebuild.send(new BatchGetProjectsCommand({ names: batch }), { abortSignal: options.signal })
    for (const project of answer.projects ?? []) {
      const image = project.environment?.image
      if (!image || image.startsWith('aws/codebuild/')) continue
      images.push({ workload: `codebuild:${project.name}`, container: 'environment', image, definedBy: project.arn })
    }
  }
  return images
}

async function allClusters(ecs: ECSClient): Promise<string[]> {
  const arns: string[] = []
  for await (const page of paginateListClusters({ client: ecs }, {})) arns.push(...(page.clusterArns ?? []))
  return arns
}

/** `arn:aws:ecs:REGION:ACCOUNT:cluster/NAME` or `NAME` → `NAME`. */
function clusterNameOf(cluster: string): string {
  return cluster.slice(cluster.lastIndexOf('/') + 1)
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size))
  return out
}
