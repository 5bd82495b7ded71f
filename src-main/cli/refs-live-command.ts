import {
  liveWorkloadImages,
  recordLive,
  workloadsOnDockerHub,
  type LiveWorkloadImage,
} from '../core/use-cases/live-workloads'
import { cliContext } from './cli-context'
import { type RefsIo, type RefsScanFlags, withJudging } from './refs-references'
import { UsageError } from './usage-error'

export interface RefsLiveFlags extends RefsScanFlags {
  ecs?: boolean
  cluster: string[]
  region?: string
  kubeContext?: string
  namespace?: string
  kubeconfig?: string
}

/** `refs live`: the running workloads (ECS, CodeBuild, Kubernetes) and how many still pull from Docker Hub. */
export async function liveRefs(
  paths: string[],
  flags: RefsLiveFlags,
  io: RefsIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const kubernetes = flags.kubeContext !== undefined || flags.kubeconfig !== undefined
  if (!flags.ecs && !kubernetes)
    throw new UsageError(
      'Say which workloads to read: --ecs (ECS services and CodeBuild projects), --kube-context NAME, or both.',
    )
  const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION
  if (flags.ecs && !region) throw new UsageError('--ecs reads one AWS Region: give --region (or set AWS_REGION).')
  const images = await withJudging(flags, io, env, (mapping, check) =>
    liveWorkloadImages({
      ...(flags.ecs ? { ecs: { region: region!, profile: flags.profile, clusters: flags.cluster } } : {}),
      ...(kubernetes
        ? { kubernetes: { context: flags.kubeContext, namespace: flags.namespace, kubeconfigPath: flags.kubeconfig } }
        : {}),
      mapping,
      check,
      signal: io.signal,
      roots: paths,
    }),
  )
  recordLive(cliContext(flags, env), flags.job, images)
  const onHub = workloadsOnDockerHub(images)
  const workloads = new Set(images.map((image) => image.workload)).size
  const json = { workloads: images.map(jsonOf), stillOnDockerHub: onHub.length, total: workloads }
  io.stdout.write(
    flags.json ? `${JSON.stringify(json, null, 2)}\n` : describeWorkloads(images, onHub.length, workloads),
  )
  return 0
}

const SAYS: Partial<Record<LiveWorkloadImage['status'], string>> = {
  migrated: 'on Docker Hub; its ECR image is ready',
  'not-migrated': 'on Docker Hub; copy it to ECR first',
  unknown: 'on Docker Hub',
  'hub-mirror': "Docker Hub's content through a mirror",
  'not-docker-hub': 'not Docker Hub',
}

function describeWorkloads(images: readonly LiveWorkloadImage[], onHub: number, total: number): string {
  const lines = images.map((image) => {
    const to = image.target ? ` -> ${image.target}` : ''
    const secret = image.pullSecrets?.dockerHub ? ' (pulls with a Docker Hub imagePullSecret)' : ''
    const fix = image.fix ? `\n      fix: ${image.fix}` : ''
    const files = image.definedIn?.map(({ file, line }) => `${file}:${line}`).join(', ')
    const definedIn = files ? `\n      defined in: ${files}` : ''
    const says = SAYS[image.status] ?? image.status
    return `  ${image.workload} ${image.container}: ${image.image}  ${says}${to}${secret}${definedIn}${fix}`
  })
  const headline =
    onHub === 0
      ? `No workload pulls from Docker Hub (${total} read): the cutover is done here.`
      : `${onHub} of ${total} workloads still pull from Docker Hub.`
  return `${lines.join('\n')}\n\n${headline}\n`
}

function jsonOf(image: LiveWorkloadImage) {
  const { workload, container, image: written, reference, status, target, fix, note, definedBy, definedIn } = image
  return {
    workload,
    container,
    image: written,
    reference: reference ?? null,
    status,
    target: target ?? null,
    ...(fix ? { fix } : {}),
    ...(note ? { note } : {}),
    ...(definedBy ? { definedBy } : {}),
    ...(image.pullSecrets ? { pullSecrets: image.pullSecrets } : {}),
    ...(definedIn ? { definedIn } : {}),
  }
}
