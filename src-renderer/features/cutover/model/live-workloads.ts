import type { CallArgs, CutoverLiveDto, LiveWorkloadDto } from '../../../../src-main/contract'
import { AWS_REGION } from '../../../../src-main/contract/patterns'
import type { BadgeTone } from '../../../components/ui/badge'
import { pullsFromDockerHub } from './references'
import type { MappingArgs } from './cutover-form'

export type LiveArgs = CallArgs<'cutover.live'>

/** Where the running workloads are read, as typed. */
export interface LiveForm {
  ecs: boolean
  region: string
  profile: string
  /** Cluster names, separated by commas or spaces; none reads every cluster. */
  clusters: string
  kubernetes: boolean
  /** A kubeconfig context; empty for the current one. */
  context: string
  /** One namespace; empty for all. */
  namespace: string
}

export const DEFAULT_LIVE_FORM: LiveForm = {
  ecs: false,
  region: '',
  profile: '',
  clusters: '',
  kubernetes: false,
  context: '',
  namespace: '',
}

export interface LiveFormErrors {
  region?: string
  /** Neither ECS nor Kubernetes is chosen. */
  source?: string
}

export type ReadLiveForm = { ok: true; args: LiveArgs } | { ok: false; errors: LiveFormErrors }

/** The live call's arguments: where to read, with the scan's mapping and folders (to link images to files). */
export function readLiveForm(form: LiveForm, mapping: MappingArgs, paths: readonly string[]): ReadLiveForm {
  const errors: LiveFormErrors = {}
  if (!form.ecs && !form.kubernetes) errors.source = 'Choose ECS, Kubernetes or both.'
  const region = form.region.trim()
  if (form.ecs && !AWS_REGION.test(region)) errors.region = 'An AWS Region such as eu-west-1.'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const clusters = form.clusters.split(/[\s,]+/).filter(Boolean)
  const profile = form.profile.trim()
  const context = form.context.trim()
  const namespace = form.namespace.trim()
  return {
    ok: true,
    args: {
      ...mapping,
      paths: [...paths],
      ...(form.ecs ? { ecs: { region, ...(profile ? { profile } : {}), clusters } } : {}),
      ...(form.kubernetes
        ? { kubernetes: { ...(context ? { context } : {}), ...(namespace ? { namespace } : {}) } }
        : {}),
    },
  }
}

export interface LiveGauge {
  still: number
  total: number
  done: boolean
  tone: BadgeTone
  /** "3 of 5 workloads still pull from Docker Hub", or that none does. */
  text: string
}

/** The cutover's headline: how many running workloads still pull from Docker Hub; zero is done. */
export function liveGauge(live: Pick<CutoverLiveDto, 'stillOnDockerHub' | 'total'>): LiveGauge {
  const { stillOnDockerHub: still, total } = live
  const workloads = `${total.toLocaleString('en-US')} ${total === 1 ? 'workload' : 'workloads'}`
  if (still === 0)
    return {
      still,
      total,
      done: true,
      tone: 'ok',
      text: total === 0 ? 'No workloads found' : `Done: none of the ${workloads} pulls from Docker Hub`,
    }
  return {
    still,
    total,
    done: false,
    tone: still / Math.max(total, 1) > 0.5 ? 'bad' : 'warn',
    text: `${still.toLocaleString('en-US')} of ${workloads} still ${still === 1 ? 'pulls' : 'pull'} from Docker Hub`,
  }
}

/** Workloads with an image still on Docker Hub first, then by name; each workload's containers together. */
export function sortWorkloads(workloads: readonly LiveWorkloadDto[]): LiveWorkloadDto[] {
  const onHub = new Set(workloads.filter((w) => pullsFromDockerHub(w.status)).map((w) => w.workload))
  return [...workloads].sort(
    (a, b) =>
      Number(onHub.has(b.workload)) - Number(onHub.has(a.workload)) ||
      a.workload.localeCompare(b.workload) ||
      a.container.localeCompare(b.container),
  )
}
