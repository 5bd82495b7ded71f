import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  type V1ObjectMeta,
  type V1PodSpec,
} from '@kubernetes/client-node'
import { CrossdockError } from '../lib/errors'
import { referenceOrigin } from './reference-origin'
import type { LiveImage } from './live-workload'

// The API server answers lists in chunks of this many objects, with a `continue` token for the rest.
const PAGE = 500

export interface KubernetesTarget {
  /** A context of the kubeconfig (KUBECONFIG, else ~/.kube/config), as kubectl reads it; its current one without. */
  context?: string
  /** One namespace; all of them without. */
  namespace?: string
  /** A kubeconfig file other than the default one (tests). */
  kubeconfigPath?: string
}

interface Listed {
  metadata?: V1ObjectMeta
  spec?: unknown
}

interface Page<T> {
  items: T[]
  metadata?: { _continue?: string }
}

/**
 * The images the cluster's workloads run: Deployments, StatefulSets, DaemonSets, CronJobs, Jobs (not those a
 * CronJob made) and Pods no controller owns, each with the imagePullSecrets it pulls with and whether one of them
 * signs in to Docker Hub.
 */
export async function kubernetesImages(target: KubernetesTarget): Promise<LiveImage[]> {
  const config = loadConfig(target)
  const apps = config.makeApiClient(AppsV1Api)
  const batch = config.makeApiClient(BatchV1Api)
  const core = config.makeApiClient(CoreV1Api)
  const ns = target.namespace
  const each =
    <T>(all: (page: Paging) => Promise<Page<T>>, one: (page: Paging & { namespace: string }) => Promise<Page<T>>) =>
    () =>
      listAll((page) => (ns ? one({ ...page, namespace: ns }) : all(page)))
  const kinds: [string, () => Promise<Listed[]>, (object: Listed) => V1PodSpec | undefined][] = [
    [
      'Deployment',
      each(
        (p) => apps.listDeploymentForAllNamespaces(p),
        (p) => apps.listNamespacedDeployment(p),
      ),
      podTemplate,
    ],
    [
      'StatefulSet',
      each(
        (p) => apps.listStatefulSetForAllNamespaces(p),
        (p) => apps.listNamespacedStatefulSet(p),
      ),
      podTemplate,
    ],
    [
      'DaemonSet',
      each(
        (p) => apps.listDaemonSetForAllNamespaces(p),
        (p) => apps.listNamespacedDaemonSet(p),
      ),
      podTemplate,
    ],
    [
      'CronJob',
      each(
        (p) => batch.listCronJobForAllNamespaces(p),
        (p) => batch.listNamespacedCronJob(p),
      ),
      cronJobPod,
    ],
    [
      'Job',
      each(
        (p) => batch.listJobForAllNamespaces(p),
        (p) => batch.listNamespacedJob(p),
      ),
      podTemplate,
    ],
    [
      'Pod',
      each(
        (p) => core.listPodForAllNamespaces(p),
        (p) => core.listNamespacedPod(p),
      ),
      podSpec,
    ],
  ]
  const secrets = new Map<string, Promise<boolean>>()
  const servesDockerHub = (namespace: string, name: string): Promise<boolean> => {
    const key = `${namespace}/${name}`
    let answer = secrets.get(key)
    if (!answer) {
      answer = core.readNamespacedSecret({ namespace, name }).then(
        (secret) => dockerConfigServesHub(secret.data?.['.dockerconfigjson']),
        () => false,
      )
      secrets.set(key, answer)
    }
    return answer
  }
  const listings = await Promise.all(kinds.map(([, list]) => list())).catch((error: unknown) => {
    throw apiError(error, config)
  })
  const images: LiveImage[] = []
  for (const [index, [kind, , specOf]] of kinds.entries()) {
    for (const object of listings[index]!) {
      // What a controller made is the controller's: the Deployment is the workload, not its Pods.
      if (kind !== 'CronJob' && (object.metadata?.ownerReferences?.length ?? 0) > 0) continue
      const spec = specOf(object)
      if (!spec) continue
      const namespace = object.metadata?.namespace ?? 'default'
      const names = (spec.imagePullSecrets ?? []).flatMap((secret) => (secret.name ? [secret.name] : []))
      const dockerHub = (await Promise.all(names.map((name) => servesDockerHub(namespace, name)))).some(Boolean)
      const workload = `k8s:${kind}/${namespace}/${object.metadata?.name ?? ''}`
      for (const container of [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])])
        if (container.image)
          images.push({
            workload,
            container: container.name,
            image: container.image,
            pullSecrets: { names, dockerHub },
          })
    }
  }
  return images
}

type Paging = { limit: number; _continue?: string }

async function listAll<T>(list: (page: Paging) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = []
  let token: string | undefined
  do {
    const page = await list({ limit: PAGE, ...(token ? { _continue: token } : {}) })
    items.push(...page.items)
    token = page.metadata?._continue || undefined
  } while (token)
  return items
}

function podTemplate(object: Listed): V1PodSpec | undefined {
  return (object.spec as { template?: { spec?: V1PodSpec } } | undefined)?.template?.spec
}

function cronJobPod(object: Listed): V1PodSpec | undefined {
  return (object.spec as { jobTemplate?: { spec?: { template?: { spec?: V1PodSpec } } } } | undefined)?.jobTemplate
    ?.spec?.template?.spec
}

function podSpec(object: Listed): V1PodSpec | undefined {
  return object.spec as V1PodSpec | undefined
}

/** Whether a `.dockerconfigjson` (base64) holds credentials for Docker Hub; only its registry names are read. */
function dockerConfigServesHub(encoded: string | undefined): boolean {
  if (!encoded) return false
  try {
    const { auths } = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { auths?: object }
    return Object.keys(auths ?? {}).some((key) => {
      const host = key.replace(/^https?:\/\//, '').split('/')[0]!
      const origin = referenceOrigin(`${host}/probe/x`)
      return origin.kind === 'docker-hub'
    })
  } catch {
    return false
  }
}

/** What the API server's refusal means for the person, without the client's dump of headers. */
function apiError(error: unknown, config: KubeConfig): CrossdockError {
  const context = config.getCurrentContext()
  const server = config.getCurrentCluster()?.server ?? 'its server'
  const status = (error as { code?: unknown }).code
  if (status === 401 || status === 403)
    return new CrossdockError(
      'AUTH_FAILED',
      `The Kubernetes API of context ${context} refused the credentials (HTTP ${status}); sign in to it again as ` +
        `kubectl would, or choose another context with --kube-context.`,
    )
  if (typeof status === 'number')
    return new CrossdockError('REGISTRY_ERROR', `The Kubernetes API of context ${context} answered HTTP ${status}.`)
  return new CrossdockError(
    'NETWORK',
    `Cannot reach the Kubernetes API of context ${context} at ${server}: ${(error as Error).message}`,
  )
}

function loadConfig(target: KubernetesTarget): KubeConfig {
  const config = new KubeConfig()
  try {
    if (target.kubeconfigPath) config.loadFromFile(target.kubeconfigPath)
    else config.loadFromDefault()
  } catch (error) {
    throw new CrossdockError('USAGE', `Cannot read the kubeconfig: ${(error as Error).message}`)
  }
  if (target.context) {
    if (!config.getContexts().some((context) => context.name === target.context))
      throw new CrossdockError(
        'USAGE',
        `The kubeconfig has no context named ${target.context}; kubectl config get-contexts lists them.`,
      )
    config.setCurrentContext(target.context)
  }
  return config
}
