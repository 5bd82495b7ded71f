import type { Node } from 'yaml'
import type { FoundReference, ReferenceFinder } from './found-reference'
import { argoCdKustomizeReferences } from './kustomize-references'
import { inSourceOrder, parseYamlDocuments, referenceAt, type YamlDocument } from './yaml-source'

/**
 * Image references in Kubernetes manifests (YAML or JSON, any document with `apiVersion` and `kind`): the containers,
 * init containers and ephemeral containers of every pod spec, and image volumes. Only a pod spec's images are
 * images: ConfigMaps, CRDs and policies carry `image:` keys that are data, so nothing is searched for by key name.
 * A document that does not parse (a Helm template, usually) yields nothing rather than guesses; the Helm finder
 * reads charts.
 */
export const findKubernetesReferences: ReferenceFinder = (source) => {
  const found: FoundReference[] = []
  for (const document of parseYamlDocuments(source)) found.push(...objectReferences(document, document.root))
  return inSourceOrder(found)
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers']

function objectReferences(document: YamlDocument, object: unknown): FoundReference[] {
  const kind = document.span(document.get(object, 'kind'))?.text
  const apiVersion = document.span(document.get(object, 'apiVersion'))?.text
  if (kind === undefined || apiVersion === undefined) return []
  // `kubectl get -o yaml` wraps what it lists in a List whose items are whole objects of their own.
  if (kind.endsWith('List'))
    return document.items(document.get(object, 'items')).flatMap((item) => objectReferences(document, item))
  const name = document.span(document.get(object, 'metadata', 'name'))?.text ?? ''
  if (kind === 'Application' && apiVersion.startsWith('argoproj.io/'))
    return argoCdKustomizeReferences(document, object, `argocd:Application/${name}`)
  const podSpec = podSpecOf(document, object, kind)
  return podSpec ? podSpecReferences(document, podSpec, `k8s:${kind}/${name}`) : []
}

/**
 * The pod spec an object runs: a Pod's own, a CronJob's job template's, a PodTemplate's, or `spec.template.spec` of
 * any other kind (the workload controllers and the CRDs shaped like them, such as Argo Rollouts or Knative
 * Services). A spec without a `containers` list is no pod spec, whatever its path.
 */
function podSpecOf(document: YamlDocument, object: unknown, kind: string): Node | undefined {
  const spec =
    kind === 'Pod'
      ? document.get(object, 'spec')
      : kind === 'CronJob'
        ? document.get(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec')
        : kind === 'PodTemplate'
          ? document.get(object, 'template', 'spec')
          : document.get(object, 'spec', 'template', 'spec')
  return document.items(document.get(spec, 'containers')).length > 0 ? spec : undefined
}

/**
 * The pod spec's lists are read in the order they are written, so an image anchored in one list and aliased in
 * another is reported under the place that holds the anchor, not wherever a fixed order happens to meet it first.
 */
function podSpecReferences(document: YamlDocument, podSpec: Node, object: string): FoundReference[] {
  return document.entries(podSpec).flatMap(([key, list]) => {
    if (CONTAINER_LISTS.includes(key))
      return document.items(list).flatMap((container, i) => {
        const span = document.span(document.get(container, 'image'))
        return span ? [referenceAt(span, `${object}:${key}[${i}]`)] : []
      })
    // Image volumes (Kubernetes 1.31+) mount an OCI image's content; the kubelet pulls it like a container's.
    if (key === 'volumes')
      return document.items(list).flatMap((volume, i) => {
        const span = document.span(document.get(volume, 'image', 'reference'))
        return span ? [referenceAt(span, `${object}:volumes[${i}].image`)] : []
      })
    return []
  })
}
