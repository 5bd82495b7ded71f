import { isMap, isScalar, type Node } from 'yaml'
import type { FoundReference, ReferenceFinder, Span } from './found-reference'
import {
  inSourceOrder,
  isTemplated,
  NOT_REWRITABLE,
  parseYamlDocuments,
  referenceAt,
  type YamlDocument,
} from './yaml-source'

/**
 * Images in Helm values files, in the shapes charts read them: a map under a key ending in `image` holding
 * `registry` / `repository` / `tag` (or `version`) / `digest`, or a plain string under such a key. Any values file
 * counts, `values-prod.yaml` and `values.prod.yaml` too (Renovate reads only `values.yaml`).
 */
export function isHelmValuesPath(path: string): boolean {
  return /(^|\/)values[^/]*\.ya?ml$/.test(path)
}

/** The note on an image map whose tag is empty: the chart pulls its `appVersion` (Chart.yaml beside the values). */
export const TAG_FROM_APP_VERSION = 'tag from appVersion'

/** The keys of an image map, in the order they make a reference. */
const IMAGE_KEYS = ['registry', 'repository', 'tag', 'version', 'digest'] as const

export const findHelmValuesReferences: ReferenceFinder = (source) =>
  inSourceOrder(
    parseYamlDocuments(source).flatMap((doc) => (doc.root ? helmValuesReferences(doc, doc.root, 'helm:') : [])),
  )

/**
 * The images of a tree of Helm values: a values file's, or the values a Flux HelmRelease or an Argo CD Application
 * writes inline. Each place is `prefix` and the key path (`helm:image`, `k8s:HelmRelease/x:spec.values.image`).
 */
export function helmValuesReferences(doc: YamlDocument, values: Node, prefix: string): FoundReference[] {
  const found: FoundReference[] = []
  const global = doc.get(values, 'global')
  const registry = (doc.span(doc.get(global, 'imageRegistry')) ?? doc.span(doc.get(global, 'image', 'registry')))?.text
  // An anchor used through many aliases is read once (a file of nested aliases must not take exponential time).
  const seen = new Set<Node>()
  const visit = (node: Node, path: string[]): void => {
    if (seen.has(node)) return
    seen.add(node)
    for (const [i, item] of doc.items(node).entries()) visit(item, indexed(path, i))
    for (const [key, value] of doc.entries(node)) {
      const reference = referenceUnder(doc, [...path, key], value, registry, prefix)
      if (reference) found.push(reference)
      else visit(value, [...path, key])
    }
  }
  visit(values, [])
  return found
}

/**
 * What a key holds: under a key ending in `image`, an image map (certain) or an image string; elsewhere, a map with
 * a `repository` is an image only as far as some key on its path says image (`images.app`): likely, as are the
 * strings of a map named for images (`images: {kubectl: bitnami/kubectl:1.29}`).
 */
function referenceUnder(
  doc: YamlDocument,
  path: string[],
  value: Node,
  globalRegistry: string | undefined,
  prefix: string,
): FoundReference | undefined {
  const place = `${prefix}${path.join('.')}`
  if (/image$/i.test(path.at(-1)!))
    return repositoryKey(doc, value)
      ? imageMapReference(doc, value, place, 'certain', globalRegistry)
      : imageString(doc, value, place)
  if (repositoryKey(doc, value) && path.some((step) => /image/i.test(step)))
    return imageMapReference(doc, value, place, 'likely', globalRegistry)
  if (path.length > 1 && /images$/i.test(path.at(-2)!)) {
    const reference = imageString(doc, value, place)
    return reference && { ...reference, confidence: 'likely' }
  }
  return undefined
}

/** `containers` → `containers[2]`, as places name sequence items. */
function indexed(path: string[], i: number): string[] {
  return path.length === 0 ? [`[${i}]`] : [...path.slice(0, -1), `${path.at(-1)}[${i}]`]
}

/**
 * The key of an image map that names the repository: `repository`, or `image` beside a `registry` (the shape
 * ingress-nginx's chart uses: `{registry: registry.k8s.io, image: ingress-nginx/controller, tag}`).
 */
function repositoryKey(doc: YamlDocument, node: Node): 'repository' | 'image' | undefined {
  if (!isMap(node)) return undefined
  if (doc.get(node, 'repository') !== undefined) return 'repository'
  return doc.get(node, 'registry') !== undefined && doc.span(doc.get(node, 'image')) ? 'image' : undefined
}

/** Files an image-named key may hold (`logoImage: assets/logo.svg`): not container images. */
const FILE_NAME = /\.(svg|png|jpe?g|gif|ico|webp|bmp|css|js|html?)$/i

/**
 * `image: nginx:1.27`; a number, a boolean, a URL or a file name under an image-named key (`logoImage: https://…`)
 * is not one.
 */
function imageString(doc: YamlDocument, node: Node, place: string): FoundReference | undefined {
  if (isScalar(node) && typeof node.value !== 'string') return undefined
  const span = doc.span(node)
  if (!span || span.text.includes('://') || FILE_NAME.test(span.text)) return undefined
  return referenceAt(span, place)
}

/**
 * One reference for an image map: `text` is what the chart pulls (`registry/repository:tag@digest`), start and end
 * are the repository's. An empty `tag` is the chart's appVersion. `global.imageRegistry`, where set, replaces every
 * image's registry (Bitnami's `common.images.image`, which most charts copy), so the text pulls from it and a
 * rewrite of the image's own keys would change nothing: the global is what moves.
 */
function imageMapReference(
  doc: YamlDocument,
  map: Node,
  place: string,
  confidence: 'certain' | 'likely',
  globalRegistry: string | undefined,
): FoundReference | undefined {
  const parts: Record<string, Span> = {}
  let exact = true
  for (const key of IMAGE_KEYS) {
    const node = doc.get(map, key === 'repository' ? repositoryKey(doc, map)! : key)
    const span = doc.span(node) ?? emptyQuotedSpan(node)
    if (!span) continue
    parts[key] = { start: span.start, end: span.end, text: span.text }
    if ('exact' in span && !span.exact) exact = false
  }
  const { registry, repository, digest } = parts
  if (!repository) return undefined
  const tag = parts.tag ?? parts.version
  const pulledFrom = globalRegistry ?? registry?.text
  const text =
    (pulledFrom ? `${pulledFrom}/` : '') +
    repository.text +
    (tag?.text ? `:${tag.text}` : '') +
    (digest?.text ? `@${digest.text}` : '')
  const notes: string[] = []
  const tagNode = doc.get(map, 'tag') ?? doc.get(map, 'version')
  if (tagNode && !tag?.text && isScalar(tagNode) && (tagNode.value === '' || tagNode.value === null))
    notes.push(TAG_FROM_APP_VERSION)
  if (globalRegistry) notes.push(`global-registry: ${globalRegistry}`)
  if (!exact) notes.push(NOT_REWRITABLE)
  const reference: FoundReference = { start: repository.start, end: repository.end, text, place, confidence, parts }
  if (Object.values(parts).some((part) => isTemplated(part.text))) reference.templated = true
  if (notes.length > 0) reference.notes = notes
  return reference
}

/** yaml-source gives an empty string no span; a quoted `""` still has a place between its quotes for a rewrite. */
function emptyQuotedSpan(node: Node | undefined): Span | undefined {
  if (!isScalar(node) || node.value !== '' || !node.range) return undefined
  if (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE') return undefined
  return { start: node.range[0] + 1, end: node.range[0] + 1, text: '' }
}
