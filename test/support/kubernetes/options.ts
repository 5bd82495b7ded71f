import type { Clock } from '../dockerhub/options'

export type { Clock, ManualClock } from '../dockerhub/options'
export { createManualClock, realClock } from '../dockerhub/options'

/** A container of a pod template, as a manifest writes it. */
export interface SeedContainer {
  name: string
  /** The image reference exactly as written (`nginx:1.27`, `docker.io/library/redis@sha256:…`). */
  image: string
  /** Default as the API server defaults it: Always for `:latest` or no tag, else IfNotPresent. */
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never'
}

/** What every namespaced seed has; the namespace defaults to `default` and is created if the cluster lacks it. */
interface SeedMetadata {
  namespace?: string
  name: string
  /** Default `{ app: NAME }` for workloads (their selector and pod template labels too), none otherwise. */
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

/** The part of a pod spec the product reads: the images and the pull secrets. */
export interface SeedPodSpec {
  containers: SeedContainer[]
  initContainers?: SeedContainer[]
  /** Names of Secrets in the object's namespace (`imagePullSecrets: [{ name }]`). */
  imagePullSecrets?: string[]
  /** Default `default`. */
  serviceAccountName?: string
}

export interface SeedOwnerReference {
  kind: string
  name: string
  /** Default: the kind's group version (apps/v1 for ReplicaSet, batch/v1 for Job, v1 for Node, …). */
  apiVersion?: string
  /** Default: the owner's uid when the emulator holds it (uids are derived from kind, namespace and name). */
  uid?: string
  /** Default true: the owner is the managing controller. */
  controller?: boolean
}

/** A Deployment, its ReplicaSet (`NAME-HASH`) and `replicas` Pods (`NAME-HASH-XXXXX`) owned by the ReplicaSet. */
export interface SeedDeployment extends SeedMetadata, SeedPodSpec {
  kind: 'Deployment'
  /** Default 1. */
  replicas?: number
}

/** A StatefulSet and `replicas` Pods `NAME-0`, `NAME-1`, … owned by it. */
export interface SeedStatefulSet extends SeedMetadata, SeedPodSpec {
  kind: 'StatefulSet'
  /** Default 1. */
  replicas?: number
}

/** A DaemonSet and one Pod per node of the emulator (`NAME-XXXXX`), owned by it. */
export interface SeedDaemonSet extends SeedMetadata, SeedPodSpec {
  kind: 'DaemonSet'
}

/** A Job and `completions` Pods (`NAME-XXXXX`, Succeeded) owned by it. */
export interface SeedJob extends SeedMetadata, SeedPodSpec {
  kind: 'Job'
  /** Default 1. */
  completions?: number
  /** Default Never (a Job's pods may not restart Always). */
  restartPolicy?: 'Never' | 'OnFailure'
  /** Default none: a Job someone created, not one a CronJob made. */
  ownerReferences?: SeedOwnerReference[]
}

/** A CronJob and the `jobs` Jobs it made (`NAME-<scheduled minute>`), each with one Succeeded Pod. */
export interface SeedCronJob extends SeedMetadata, SeedPodSpec {
  kind: 'CronJob'
  /** Default `0 * * * *`. */
  schedule?: string
  /** Jobs of past runs still kept (successfulJobsHistoryLimit is 3); default 1. */
  jobs?: number
  /** Default Never. */
  restartPolicy?: 'Never' | 'OnFailure'
}

/** A Pod: a bare one without `ownerReferences`, else one a controller (or a Node, for a static pod) owns. */
export interface SeedPod extends SeedMetadata, SeedPodSpec {
  kind: 'Pod'
  ephemeralContainers?: SeedContainer[]
  ownerReferences?: SeedOwnerReference[]
  /** Default Running. */
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown'
  /** Default the emulator's first node. */
  nodeName?: string
  /** Default Always. */
  restartPolicy?: 'Always' | 'Never' | 'OnFailure'
}

/**
 * A Secret. `dockerconfigjson` makes a `kubernetes.io/dockerconfigjson` Secret (its `.dockerconfigjson` key),
 * `dockercfg` a legacy `kubernetes.io/dockercfg` one (`.dockercfg`); an object is serialised as JSON, a string is
 * stored as given (to seed a broken one). `data` values are plain text: the emulator base64-encodes them.
 */
export interface SeedSecret extends SeedMetadata {
  kind: 'Secret'
  /** Default: from dockerconfigjson/dockercfg, else Opaque. */
  type?: string
  dockerconfigjson?: { auths: Record<string, { auth?: string; username?: string; password?: string }> } | string
  dockercfg?: Record<string, { auth?: string; username?: string; password?: string; email?: string }> | string
  data?: Record<string, string>
}

export interface SeedNamespace {
  kind: 'Namespace'
  name: string
  labels?: Record<string, string>
}

export type SeedObject =
  | SeedNamespace
  | SeedDeployment
  | SeedStatefulSet
  | SeedDaemonSet
  | SeedJob
  | SeedCronJob
  | SeedPod
  | SeedSecret

export type SeedKind = SeedObject['kind']

export interface KubernetesEmulatorOptions {
  /** Objects to create at start, in order (children a controller makes are created with it). */
  objects?: SeedObject[]
  /** Namespaces to create besides default, kube-node-lease, kube-public, kube-system and those objects name. */
  namespaces?: string[]
  /** The bearer token the API server accepts (the kubeconfig's user); default `kubernetes-emulator-token`. */
  token?: string
  /**
   * The server's own cap on a chunk: a list request with `limit` gets at most min(limit, pageSize) items and a
   * `continue` token. A request without `limit` still gets the whole collection, as the API server answers it.
   */
  pageSize?: number
  /** How long a `continue` token stays usable; default 300 s ("by default 5 minutes", API concepts). */
  continueTokenLifetimeSeconds?: number
  /** Node names: a DaemonSet runs one pod on each, other pods run on the first; default `['node-1']`. */
  nodes?: string[]
  /**
   * Also run what a kubeadm cluster runs in kube-system: a coredns Deployment, a kube-proxy DaemonSet and static
   * etcd/kube-apiserver pods owned by their Node (all from registry.k8s.io). Default false.
   */
  systemWorkloads?: boolean
  clock?: Clock
}

export const DEFAULTS = {
  token: 'kubernetes-emulator-token',
  continueTokenLifetimeSeconds: 300,
  nodes: ['node-1'],
  /** The namespaces every cluster starts with. */
  namespaces: ['default', 'kube-node-lease', 'kube-public', 'kube-system'],
  /** The first resourceVersion handed out. */
  firstResourceVersion: 1000,
}
