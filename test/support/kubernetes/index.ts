import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closeServer, listenOnLoopback } from '../loopback-server'
import { apiHandler, type KubernetesLoggedRequest } from './api-handler'
import { ContinueTokens } from './continue-tokens'
import { type KubeconfigOptions, kubeconfigYaml } from './kubeconfig'
import { buildObjects, type KubeObject, namespaceOf, systemWorkloadSeeds } from './objects'
import { DEFAULTS, type KubernetesEmulatorOptions, realClock, type SeedKind, type SeedObject } from './options'
import { apiVersionOf, resourceTypeOfKind } from './resources'
import { ClusterStore } from './store'

export { createManualClock } from './options'
export type {
  Clock,
  KubernetesEmulatorOptions,
  ManualClock,
  SeedContainer,
  SeedCronJob,
  SeedDaemonSet,
  SeedDeployment,
  SeedJob,
  SeedKind,
  SeedNamespace,
  SeedObject,
  SeedOwnerReference,
  SeedPod,
  SeedPodSpec,
  SeedSecret,
  SeedStatefulSet,
} from './options'
export type { KubernetesLoggedRequest } from './api-handler'
export type { KubeconfigOptions } from './kubeconfig'
export type { KubeObject, ObjectMeta, OwnerReference } from './objects'
export { encodeContinue } from './continue-tokens'

/** The kinds the emulator holds: the seeds' and the ReplicaSets that Deployments make. */
export type StoredKind = SeedKind | 'ReplicaSet'

export interface KubernetesEmulator {
  /** `http://127.0.0.1:PORT`: the cluster's `server` in a kubeconfig. */
  url: string
  /** The bearer token the server accepts. */
  token: string
  /**
   * Writes a kubeconfig (YAML) reaching the emulator through context `contextName` (default `emulator`) and returns
   * its path; each call writes a new file, removed by stop().
   */
  kubeconfigPath(contextName?: string, options?: KubeconfigOptions): string
  /** Every request, in arrival order. */
  logs: KubernetesLoggedRequest[]
  resetLogs(): void
  /** Creates objects (and what their controllers make) now, at new resourceVersions. */
  add(...objects: SeedObject[]): void
  /** Deletes an object and what it owns; false when there was none. */
  remove(kind: StoredKind, namespace: string | undefined, name: string): boolean
  /** An object as a GET answers it (with kind and apiVersion). */
  object(kind: StoredKind, namespace: string | undefined, name: string): KubeObject | undefined
  /** A collection's items now, in the order a list returns them (one namespace, or all). */
  objects(kind: StoredKind, namespace?: string): KubeObject[]
  /** Every continue token issued so far expires at once (as after an etcd compaction). */
  expireContinueTokens(): void
  stop(): Promise<void>
}

/**
 * Starts a Kubernetes API server emulator on a loopback origin (plain HTTP), holding the objects given and serving
 * what a workload inventory reads: namespaces, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs,
 * Pods and Secrets, listed across namespaces or in one, in chunks. See `options.ts` for the seeds and knobs and each
 * module for the documented behaviour it follows.
 */
export async function startKubernetesEmulator(options: KubernetesEmulatorOptions = {}): Promise<KubernetesEmulator> {
  const clock = options.clock ?? realClock
  const token = options.token ?? DEFAULTS.token
  const nodes = options.nodes ?? DEFAULTS.nodes
  if (nodes.length === 0) throw new Error('the cluster needs a node')
  if (options.pageSize !== undefined && !(Number.isInteger(options.pageSize) && options.pageSize > 0)) {
    throw new Error(`pageSize: ${options.pageSize}`)
  }
  const store = new ClusterStore(DEFAULTS.firstResourceVersion)
  const namespaces = resourceTypeOfKind('Namespace')
  const add = (...seeds: SeedObject[]): void => {
    const now = clock.now()
    // Namespaces first, then objects, each creating the namespace it names if the cluster lacks it.
    const ordered = [...seeds.filter((s) => s.kind === 'Namespace'), ...seeds.filter((s) => s.kind !== 'Namespace')]
    for (const seed of ordered) {
      if (seed.kind !== 'Namespace' && !store.get(namespaces, undefined, namespaceOf(seed))) {
        store.add(buildObjects({ kind: 'Namespace', name: namespaceOf(seed) }, { now, nodes }))
      }
      store.add(buildObjects(seed, { now, nodes }))
    }
  }
  add(...[...DEFAULTS.namespaces, ...(options.namespaces ?? [])].map((name) => ({ kind: 'Namespace', name }) as const))
  if (options.systemWorkloads) add(...systemWorkloadSeeds(nodes))
  add(...(options.objects ?? []))

  const lifetimeSeconds = options.continueTokenLifetimeSeconds ?? DEFAULTS.continueTokenLifetimeSeconds
  const tokens = new ContinueTokens(clock, lifetimeSeconds * 1000)
  const logs: KubernetesLoggedRequest[] = []
  const server = createServer(
    apiHandler({ store, tokens, bearerTokens: new Set([token]), pageSize: options.pageSize, clock, log: logs }),
  )
  server.keepAliveTimeout = 30_000
  const url = `http://${await listenOnLoopback(server)}`
  const directory = mkdtempSync(join(tmpdir(), 'crossdock-kube-'))
  let written = 0
  let stopping: Promise<void> | undefined

  const scopeOf = (kind: StoredKind, namespace: string | undefined) => {
    const type = resourceTypeOfKind(kind)
    return { type, namespace: type.namespaced ? (namespace ?? 'default') : undefined }
  }
  return {
    url,
    token,
    kubeconfigPath: (contextName = 'emulator', o) => {
      const path = join(directory, `kubeconfig-${++written}.yaml`)
      writeFileSync(path, kubeconfigYaml(url, token, contextName, o), { mode: 0o600 })
      return path
    },
    logs,
    resetLogs: () => void logs.splice(0),
    add,
    remove: (kind, namespace, name) => {
      const { type, namespace: ns } = scopeOf(kind, namespace)
      return store.remove(type, ns, name)
    },
    object: (kind, namespace, name) => {
      const { type, namespace: ns } = scopeOf(kind, namespace)
      const body = store.get(type, ns, name)
      return body && { kind: type.kind, apiVersion: apiVersionOf(type), ...structuredClone(body) }
    },
    objects: (kind, namespace) => {
      const type = resourceTypeOfKind(kind)
      return store.list(type, namespace, store.resourceVersion).map((item) => structuredClone(item.body))
    },
    expireContinueTokens: () => tokens.expireAll(),
    stop: () => (stopping ??= closeServer(server).then(() => rmSync(directory, { recursive: true, force: true }))),
  }
}
