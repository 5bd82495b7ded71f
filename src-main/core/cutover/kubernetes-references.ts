import type { Node } from 'yaml'
import type { FoundReference, ReferenceFinder } from './found-reference'
import { fluxReferences } from './flux-references'
import { argoCdApplicationReferences } from './argocd-references'
import { inSourceOrder, parseYamlDocuments, referenceAt, type YamlDocument } from './yaml-source'

/**
 * Image references in Kubernetes manifests (YAML or JSON, any document with `apiVersion` and `kind`): the containers,
 * init containers and ephemeral containers of every pod spec, and image volumes; the steps of Tekton tasks and the
 * templates of Argo Workflows, which run containers of their own shape. Only what runs is an image: ConfigMaps and
 * policies carry `image:` keys that are data, so nothing is searched for by key name alone. A chart's templates
 * are read as the YAML they render to (yaml-source masks their actions); a document that still does not parse
 * yields nothing rather than guesses.
 */
export const findKubernetesReferences: ReferenceFinder = (source) => {
  const found: FoundReference[] = []
  for (const document of parseYamlDocuments(source)) found.push(...objectReferences(document, document.root))
  return inSourceOrder(found)
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers']
/** Admission policies describe the images they allow or patch in, with pod-spec-shaped patterns: data, not pulls. */
const POLICY_GROUPS = /^([\w.-]+\.)?(kyverno\.io|gatekeeper\.sh|admissionregistration\.k8s\.io)\//
/**
 * How deep under `spec` a pod spec is looked for: KEDA's `spec.jobTargetRef.template.spec` is four, an Argo Rollouts
 * AnalysisTemplate's `spec.metrics[0].provider.job.spec.template.spec` seven.
 */
const POD_SPEC_DEPTH = 8

function objectReferences(document: YamlDocument, object: unknown): FoundReference[] {
  const kind = document.span(document.get(object, 'kind'))?.text
  const apiVersion = document.span(document.get(object, 'apiVersion'))?.text
  if (kind === undefined || apiVersion === undefined || POLICY_GROUPS.test(apiVersion)) return []
  // `kubectl get -o yaml` wraps what it lists in a List whose items are whole objects of their own.
  if (kind.endsWith('List'))
    return document.items(document.get(object, 'items')).flatMap((item) => objectReferences(document, item))
  const name = document.span(document.get(object, 'metadata', 'name'))?.text ?? ''
  const place = `k8s:${kind}/${name}`
  if (kind === 'Application' && apiVersion.startsWith('argoproj.io/'))
    return argoCdApplicationReferences(document, object, `argocd:Application/${name}`)
  const flux = fluxReferences(document, object, apiVersion, kind, place)
  if (flux) return flux
  if (apiVersion.startsWith('tekton.dev/')) return tektonReferences(document, document.get(object, 'spec'), place)
  if (apiVersion.startsWith('argoproj.io/') && ARGO_WORKFLOW_KINDS.has(kind))
    return argoWorkflowReferences(document, object, place)
  const podSpec = podSpecOf(document, object, kind)
  if (podSpec) return podSpecReferences(document, podSpec, place)
  return podSpecsUnder(document, document.get(object, 'spec'), 'spec', POD_SPEC_DEPTH).flatMap(([path, spec]) =>
    podSpecReferences(document, spec, `${place}:${path}`),
  )
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

/** A mapping whose `containers` is a list of containers, each with a name and an image, as a pod spec has them. */
function isPodSpec(document: YamlDocument, node: unknown): node is Node {
  const containers = document.items(document.get(node, 'containers'))
  return (
    containers.length > 0 &&
    containers.every((container) => document.get(container, 'name') && document.get(container, 'image'))
  )
}

/**
 * Pod specs anywhere under a custom resource's spec, each with its path (`spec.jobTargetRef.template.spec` of a
 * KEDA ScaledJob, `spec.driver` of an operator's resource): operators embed pod specs where they like.
 */
function podSpecsUnder(document: YamlDocument, node: unknown, path: string, depth: number): [string, Node][] {
  if (isPodSpec(document, node)) return [[path, node]]
  if (depth === 0) return []
  const entries = document.entries(node)
  if (entries.length > 0)
    return entries.flatMap(([key, value]) => podSpecsUnder(document, value, `${path}.${key}`, depth - 1))
  return document.items(node).flatMap((item, i) => podSpecsUnder(document, item, `${path}[${i}]`, depth - 1))
}

/**
 * Tekton runs each step (and sidecar) of a Task as a container: in a Task's spec, and in the `taskSpec` a Pipeline,
 * PipelineRun or TaskRun writes inline.
 */
function tektonReferences(document: YamlDocument, spec: unknown, place: string, path = ''): FoundReference[] {
  return document.entries(spec).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key
    if (key === 'steps' || key === 'sidecars') return listImages(document, value, `${place}:${at}`)
    if (key === 'stepTemplate') return imageOf(document, value, `${place}:${at}`)
    if (key === 'taskSpec' || key === 'pipelineSpec' || key === 'spec')
      return tektonReferences(document, value, place, at)
    if (key === 'tasks' || key === 'finally')
      return document.items(value).flatMap((task, i) => tektonReferences(document, task, place, `${at}[${i}]`))
    return []
  })
}

const ARGO_WORKFLOW_KINDS = new Set(['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'])

/**
 * Argo Workflows: each template runs a `container`, a `script` or a `containerSet`, with init containers and
 * sidecars.
 */
function argoWorkflowReferences(document: YamlDocument, object: unknown, place: string): FoundReference[] {
  const spec = document.get(object, 'spec')
  const workflowSpec = document.get(spec, 'workflowSpec') ?? spec
  const prefix = document.get(spec, 'workflowSpec') ? 'workflowSpec.' : ''
  return document.items(document.get(workflowSpec, 'templates')).flatMap((template, i) => {
    const at = `${place}:${prefix}templates[${i}]`
    return [
      ...imageOf(document, document.get(template, 'container'), `${at}.container`),
      ...imageOf(document, document.get(template, 'script'), `${at}.script`),
      ...listImages(document, document.get(template, 'containerSet', 'containers'), `${at}.containerSet.containers`),
      ...listImages(document, document.get(template, 'initContainers'), `${at}.initContainers`),
      ...listImages(document, document.get(template, 'sidecars'), `${at}.sidecars`),
    ]
  })
}

function listImages(document: YamlDocument, list: unknown, place: string): FoundReference[] {
  return document.items(list).flatMap((item, i) => imageOf(document, item, `${place}[${i}]`))
}

function imageOf(document: YamlDocument, container: unknown, place: string): FoundReference[] {
  const span = document.span(document.get(container, 'image'))
  return span ? [referenceAt(span, place)] : []
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
