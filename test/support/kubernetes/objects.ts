import { safeString, timestampOf, uidOf } from './identity'
import type {
  SeedContainer,
  SeedCronJob,
  SeedDaemonSet,
  SeedDeployment,
  SeedNamespace,
  SeedObject,
  SeedOwnerReference,
  SeedPod,
  SeedPodSpec,
  SeedSecret,
  SeedStatefulSet,
} from './options'
import { apiVersionOfKind, type ResourceType, resourceTypeOfKind } from './resources'

/**
 * Full API objects from compact seeds, as a cluster holds them once the API server has defaulted them and the
 * controllers have run: a Deployment comes with its ReplicaSet and Pods, a CronJob with its Jobs and their Pods, and
 * each child carries the `ownerReferences` its controller sets. Objects carry neither `kind` nor `apiVersion` here
 * (a list's items have none); metadata.resourceVersion is set by the store.
 */

export interface ObjectMeta {
  name: string
  namespace?: string
  uid: string
  resourceVersion?: string
  generation?: number
  creationTimestamp: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: OwnerReference[]
}

export interface OwnerReference {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

export type KubeObject = { metadata: ObjectMeta } & Record<string, unknown>

export interface BuiltObject {
  type: ResourceType
  namespace?: string
  name: string
  body: KubeObject
}

export interface BuildContext {
  /** ms since the epoch: creation time of everything built. */
  now: number
  nodes: readonly string[]
}

export function buildObjects(seed: SeedObject, ctx: BuildContext): BuiltObject[] {
  switch (seed.kind) {
    case 'Namespace':
      return [namespaceObject(seed, ctx)]
    case 'Secret':
      return [secretObject(seed, ctx)]
    case 'Pod':
      return [seededPod(seed, ctx)]
    case 'Deployment':
      return deploymentObjects(seed, ctx)
    case 'StatefulSet':
      return statefulSetObjects(seed, ctx)
    case 'DaemonSet':
      return daemonSetObjects(seed, ctx)
    case 'Job':
      return jobObjects(seed, namespaceOf(seed), seed.name, ctx, {
        labels: seed.labels,
        annotations: seed.annotations,
        owners: (seed.ownerReferences ?? []).map((ref) => seededReference(ref, namespaceOf(seed))),
      })
    case 'CronJob':
      return cronJobObjects(seed, ctx)
  }
}

export const namespaceOf = (seed: { namespace?: string }): string => seed.namespace ?? 'default'

function built(kind: string, namespace: string | undefined, body: KubeObject): BuiltObject {
  return { type: resourceTypeOfKind(kind), namespace, name: body.metadata.name, body }
}

function metadata(
  kind: string,
  namespace: string | undefined,
  name: string,
  ctx: BuildContext,
  more: Omit<Partial<ObjectMeta>, 'name' | 'namespace' | 'uid' | 'creationTimestamp'> = {},
): ObjectMeta {
  const meta: ObjectMeta = { name, uid: uidOf(kind, namespace, name), creationTimestamp: timestampOf(ctx.now) }
  if (namespace !== undefined) meta.namespace = namespace
  for (const [key, value] of Object.entries(more)) {
    const empty = value === undefined || (typeof value === 'object' && Object.keys(value).length === 0)
    if (!empty) (meta as unknown as Record<string, unknown>)[key] = value
  }
  return meta
}

function controllerReference(kind: string, namespace: string | undefined, name: string): OwnerReference {
  const uid = uidOf(kind, namespace, name)
  return { apiVersion: apiVersionOfKind(kind), kind, name, uid, controller: true, blockOwnerDeletion: true }
}

function seededReference(ref: SeedOwnerReference, namespace: string): OwnerReference {
  const controller = ref.controller ?? true
  // A Node is cluster-scoped; a mirror pod's reference to it does not block the Node's deletion.
  const ownerNamespace = ref.kind === 'Node' ? undefined : namespace
  return {
    apiVersion: ref.apiVersion ?? apiVersionOfKind(ref.kind),
    kind: ref.kind,
    name: ref.name,
    uid: ref.uid ?? uidOf(ref.kind, ownerNamespace, ref.name),
    controller,
    ...(controller && ref.kind !== 'Node' ? { blockOwnerDeletion: true } : {}),
  }
}

/** The API server's default: Always when the tag is `latest` or missing (no digest either), else IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent'
  const last = image.slice(image.lastIndexOf('/') + 1)
  const colon = last.indexOf(':')
  return colon < 0 || last.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent'
}

function container(c: SeedContainer): Record<string, unknown> {
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: c.imagePullPolicy ?? defaultPullPolicy(c.image),
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  }
}

interface PodSpecExtras {
  restartPolicy: string
  /** Set on a Pod (the ServiceAccount admission plugin), not on a template. */
  pod?: { nodeName: string; hostname?: string; subdomain?: string }
  ephemeralContainers?: SeedContainer[]
}

function podSpec(seed: SeedPodSpec, extras: PodSpecExtras): Record<string, unknown> {
  const serviceAccount = seed.serviceAccountName ?? (extras.pod ? 'default' : undefined)
  return {
    ...(seed.initContainers?.length ? { initContainers: seed.initContainers.map(container) } : {}),
    containers: seed.containers.map(container),
    ...(extras.ephemeralContainers?.length ? { ephemeralContainers: extras.ephemeralContainers.map(container) } : {}),
    restartPolicy: extras.restartPolicy,
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    ...(serviceAccount ? { serviceAccountName: serviceAccount, serviceAccount } : {}),
    ...(extras.pod ?? {}),
    securityContext: {},
    ...(seed.imagePullSecrets?.length ? { imagePullSecrets: seed.imagePullSecrets.map((name) => ({ name })) } : {}),
    schedulerName: 'default-scheduler',
  }
}

function podObject(
  seed: SeedPodSpec,
  namespace: string,
  name: string,
  ctx: BuildContext,
  o: {
    labels?: Record<string, string>
    annotations?: Record<string, string>
    owners: OwnerReference[]
    phase: string
    restartPolicy: string
    pod: PodSpecExtras['pod']
    ephemeralContainers?: SeedContainer[]
  },
): BuiltObject {
  const body: KubeObject = {
    metadata: metadata('Pod', namespace, name, ctx, {
      labels: o.labels,
      annotations: o.annotations,
      ownerReferences: o.owners,
    }),
    spec: podSpec(seed, { restartPolicy: o.restartPolicy, pod: o.pod, ephemeralContainers: o.ephemeralContainers }),
    status: { phase: o.phase, qosClass: 'BestEffort', startTime: timestampOf(ctx.now) },
  }
  return built('Pod', namespace, body)
}

const podSuffix = (owner: string, index: number | string): string => safeString(`${owner}/${index}`, 5)

function namespaceObject(seed: SeedNamespace, ctx: BuildContext): BuiltObject {
  const labels = { ...seed.labels, 'kubernetes.io/metadata.name': seed.name }
  return built('Namespace', undefined, {
    metadata: metadata('Namespace', undefined, seed.name, ctx, { labels }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  })
}

function secretObject(seed: SeedSecret, ctx: BuildContext): BuiltObject {
  const namespace = namespaceOf(seed)
  const json = (value: object | string): string => (typeof value === 'string' ? value : JSON.stringify(value))
  const plain: Record<string, string> = { ...seed.data }
  let type = 'Opaque'
  if (seed.dockerconfigjson !== undefined) {
    plain['.dockerconfigjson'] = json(seed.dockerconfigjson)
    type = 'kubernetes.io/dockerconfigjson'
  } else if (seed.dockercfg !== undefined) {
    plain['.dockercfg'] = json(seed.dockercfg)
    type = 'kubernetes.io/dockercfg'
  }
  const data = Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, Buffer.from(v).toString('base64')]))
  return built('Secret', namespace, {
    metadata: metadata('Secret', namespace, seed.name, ctx, { labels: seed.labels, annotations: seed.annotations }),
    ...(Object.keys(data).length ? { data } : {}),
    type: seed.type ?? type,
  })
}

function seededPod(seed: SeedPod, ctx: BuildContext): BuiltObject {
  const namespace = namespaceOf(seed)
  return podObject(seed, namespace, seed.name, ctx, {
    labels: seed.labels,
    annotations: seed.annotations,
    owners: (seed.ownerReferences ?? []).map((ref) => seededReference(ref, namespace)),
    phase: seed.phase ?? 'Running',
    restartPolicy: seed.restartPolicy ?? 'Always',
    pod: { nodeName: seed.nodeName ?? ctx.nodes[0]! },
    ephemeralContainers: seed.ephemeralContainers,
  })
}

type WorkloadSeed = SeedDeployment | SeedStatefulSet | SeedDaemonSet

function workloadBasics(seed: WorkloadSeed) {
  const labels = seed.labels ?? { app: seed.name }
  const template = { metadata: { labels }, spec: podSpec(seed, { restartPolicy: 'Always' }) }
  return { namespace: namespaceOf(seed), labels, template, hash: safeString(JSON.stringify(template), 10) }
}

function deploymentObjects(seed: SeedDeployment, ctx: BuildContext): BuiltObject[] {
  const { namespace, labels, template, hash } = workloadBasics(seed)
  const replicas = seed.replicas ?? 1
  const counts = replicas ? { replicas, updatedReplicas: replicas, readyReplicas: replicas } : {}
  const deployment = built('Deployment', namespace, {
    metadata: metadata('Deployment', namespace, seed.name, ctx, {
      generation: 1,
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '1', ...seed.annotations },
    }),
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: { observedGeneration: 1, ...counts, ...(replicas ? { availableReplicas: replicas } : {}) },
  })
  const rsName = `${seed.name}-${hash}`
  const rsLabels = { ...labels, 'pod-template-hash': hash }
  const replicaSet = built('ReplicaSet', namespace, {
    metadata: metadata('ReplicaSet', namespace, rsName, ctx, {
      generation: 1,
      labels: rsLabels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/revision': '1',
      },
      ownerReferences: [controllerReference('Deployment', namespace, seed.name)],
    }),
    spec: {
      replicas,
      selector: { matchLabels: rsLabels },
      template: { metadata: { labels: rsLabels }, spec: template.spec },
    },
    status: { replicas, observedGeneration: 1, ...(replicas ? { readyReplicas: replicas } : {}) },
  })
  const pods = Array.from({ length: replicas }, (_, i) =>
    podObject(seed, namespace, `${rsName}-${podSuffix(rsName, i)}`, ctx, {
      labels: rsLabels,
      owners: [controllerReference('ReplicaSet', namespace, rsName)],
      phase: 'Running',
      restartPolicy: 'Always',
      pod: { nodeName: ctx.nodes[i % ctx.nodes.length]! },
    }),
  )
  return [deployment, replicaSet, ...pods]
}

function statefulSetObjects(seed: SeedStatefulSet, ctx: BuildContext): BuiltObject[] {
  const { namespace, labels, template, hash } = workloadBasics(seed)
  const replicas = seed.replicas ?? 1
  const revision = `${seed.name}-${hash}`
  const statefulSet = built('StatefulSet', namespace, {
    metadata: metadata('StatefulSet', namespace, seed.name, ctx, {
      generation: 1,
      labels,
      annotations: seed.annotations,
    }),
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template,
      serviceName: seed.name,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    },
    status: { observedGeneration: 1, replicas, currentRevision: revision, updateRevision: revision },
  })
  const pods = Array.from({ length: replicas }, (_, i) => {
    const name = `${seed.name}-${i}`
    return podObject(seed, namespace, name, ctx, {
      labels: {
        ...labels,
        'apps.kubernetes.io/pod-index': String(i),
        'controller-revision-hash': revision,
        'statefulset.kubernetes.io/pod-name': name,
      },
      owners: [controllerReference('StatefulSet', namespace, seed.name)],
      phase: 'Running',
      restartPolicy: 'Always',
      pod: { nodeName: ctx.nodes[i % ctx.nodes.length]!, hostname: name, subdomain: seed.name },
    })
  })
  return [statefulSet, ...pods]
}

function daemonSetObjects(seed: SeedDaemonSet, ctx: BuildContext): BuiltObject[] {
  const { namespace, labels, template, hash } = workloadBasics(seed)
  const scheduled = ctx.nodes.length
  const daemonSet = built('DaemonSet', namespace, {
    metadata: metadata('DaemonSet', namespace, seed.name, ctx, {
      generation: 1,
      labels,
      annotations: { 'deprecated.daemonset.template.generation': '1', ...seed.annotations },
    }),
    spec: {
      selector: { matchLabels: labels },
      template,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: {
      observedGeneration: 1,
      currentNumberScheduled: scheduled,
      desiredNumberScheduled: scheduled,
      numberAvailable: scheduled,
      numberReady: scheduled,
      updatedNumberScheduled: scheduled,
      numberMisscheduled: 0,
    },
  })
  const pods = ctx.nodes.map((node) =>
    podObject(seed, namespace, `${seed.name}-${podSuffix(seed.name, node)}`, ctx, {
      labels: { ...labels, 'controller-revision-hash': hash, 'pod-template-generation': '1' },
      owners: [controllerReference('DaemonSet', namespace, seed.name)],
      phase: 'Running',
      restartPolicy: 'Always',
      pod: { nodeName: node },
    }),
  )
  return [daemonSet, ...pods]
}

type JobTemplateSeed = SeedPodSpec & { completions?: number; restartPolicy?: 'Never' | 'OnFailure' }

function jobObjects(
  seed: JobTemplateSeed,
  namespace: string,
  name: string,
  ctx: BuildContext,
  o: { labels?: Record<string, string>; annotations?: Record<string, string>; owners: OwnerReference[] },
): BuiltObject[] {
  const uid = uidOf('Job', namespace, name)
  const completions = seed.completions ?? 1
  const restartPolicy = seed.restartPolicy ?? 'Never'
  // The labels the Job controller puts on its selector and its pods.
  const jobLabels = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  }
  const at = timestampOf(ctx.now)
  const job = built('Job', namespace, {
    metadata: metadata('Job', namespace, name, ctx, {
      generation: 1,
      labels: { ...o.labels, ...jobLabels },
      annotations: o.annotations,
      ownerReferences: o.owners,
    }),
    spec: {
      parallelism: 1,
      completions,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: { metadata: { labels: jobLabels }, spec: podSpec(seed, { restartPolicy }) },
    },
    status: {
      startTime: at,
      completionTime: at,
      succeeded: completions,
      conditions: [{ type: 'Complete', status: 'True', lastProbeTime: at, lastTransitionTime: at }],
    },
  })
  const pods = Array.from({ length: completions }, (_, i) =>
    podObject(seed, namespace, `${name}-${podSuffix(name, i)}`, ctx, {
      labels: jobLabels,
      owners: [controllerReference('Job', namespace, name)],
      phase: 'Succeeded',
      restartPolicy,
      pod: { nodeName: ctx.nodes[i % ctx.nodes.length]! },
    }),
  )
  return [job, ...pods]
}

function cronJobObjects(seed: SeedCronJob, ctx: BuildContext): BuiltObject[] {
  const namespace = namespaceOf(seed)
  const restartPolicy = seed.restartPolicy ?? 'Never'
  const runs = seed.jobs ?? 1
  // Runs on the hour, the last one at the start of the current hour; a Job is named after its scheduled minute.
  const lastRun = Math.floor(ctx.now / 3_600_000) * 60
  const minutes = Array.from({ length: runs }, (_, i) => lastRun - (runs - 1 - i) * 60)
  const last = minutes.length ? timestampOf(minutes.at(-1)! * 60_000) : undefined
  const cronJob = built('CronJob', namespace, {
    metadata: metadata('CronJob', namespace, seed.name, ctx, {
      generation: 1,
      labels: seed.labels,
      annotations: seed.annotations,
    }),
    spec: {
      schedule: seed.schedule ?? '0 * * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: {},
        spec: { template: { metadata: {}, spec: podSpec(seed, { restartPolicy }) } },
      },
    },
    status: last ? { lastScheduleTime: last, lastSuccessfulTime: last } : {},
  })
  const owner = [controllerReference('CronJob', namespace, seed.name)]
  const jobs = minutes.flatMap((minute) =>
    jobObjects({ ...seed, completions: 1, restartPolicy }, namespace, `${seed.name}-${minute}`, ctx, {
      annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': timestampOf(minute * 60_000) },
      owners: owner,
    }),
  )
  return [cronJob, ...jobs]
}

/** What a kubeadm control plane runs in kube-system, for `systemWorkloads`. */
export function systemWorkloadSeeds(nodes: readonly string[]): SeedObject[] {
  const namespace = 'kube-system'
  const staticPod = (component: string, image: string, node: string): SeedPod => ({
    kind: 'Pod',
    namespace,
    name: `${component}-${node}`,
    labels: { component, tier: 'control-plane' },
    containers: [{ name: component, image }],
    ownerReferences: [{ kind: 'Node', name: node }],
    nodeName: node,
  })
  return [
    {
      kind: 'Deployment',
      namespace,
      name: 'coredns',
      replicas: 2,
      labels: { 'k8s-app': 'kube-dns' },
      serviceAccountName: 'coredns',
      containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3' }],
    },
    {
      kind: 'DaemonSet',
      namespace,
      name: 'kube-proxy',
      labels: { 'k8s-app': 'kube-proxy' },
      serviceAccountName: 'kube-proxy',
      containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.31.0' }],
    },
    ...nodes.flatMap((node) => [
      staticPod('etcd', 'registry.k8s.io/etcd:3.5.15-0', node),
      staticPod('kube-apiserver', 'registry.k8s.io/kube-apiserver:v1.31.0', node),
    ]),
  ]
}
