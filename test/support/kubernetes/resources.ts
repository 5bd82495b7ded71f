/**
 * The resource types the emulator serves, as the API names them: `GET /api[s]/GROUP/VERSION/RESOURCE` lists a
 * collection (across all namespaces for a namespaced type), `…/namespaces/NS/RESOURCE` one namespace's, and
 * `…/RESOURCE/NAME` or `…/namespaces/NS/RESOURCE/NAME` reads one object (API concepts, "Standard API terminology").
 */
export interface ResourceType {
  /** The plural in the URL: `deployments`. */
  resource: string
  /** `` for the core group (served under /api). */
  group: string
  version: string
  kind: string
  namespaced: boolean
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { resource: 'namespaces', group: '', version: 'v1', kind: 'Namespace', namespaced: false },
  { resource: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true },
  { resource: 'secrets', group: '', version: 'v1', kind: 'Secret', namespaced: true },
  { resource: 'deployments', group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true },
  { resource: 'replicasets', group: 'apps', version: 'v1', kind: 'ReplicaSet', namespaced: true },
  { resource: 'statefulsets', group: 'apps', version: 'v1', kind: 'StatefulSet', namespaced: true },
  { resource: 'daemonsets', group: 'apps', version: 'v1', kind: 'DaemonSet', namespaced: true },
  { resource: 'jobs', group: 'batch', version: 'v1', kind: 'Job', namespaced: true },
  { resource: 'cronjobs', group: 'batch', version: 'v1', kind: 'CronJob', namespaced: true },
]

export const apiVersionOf = (type: ResourceType): string =>
  type.group ? `${type.group}/${type.version}` : type.version

export function resourceTypeOfKind(kind: string): ResourceType {
  const type = RESOURCE_TYPES.find((t) => t.kind === kind)
  if (!type) throw new Error(`the Kubernetes emulator holds no kind ${kind}`)
  return type
}

/** The group version of an owner's kind, for an ownerReference (Node, which the emulator does not serve, is v1). */
export function apiVersionOfKind(kind: string): string {
  const type = RESOURCE_TYPES.find((t) => t.kind === kind)
  return type ? apiVersionOf(type) : 'v1'
}
