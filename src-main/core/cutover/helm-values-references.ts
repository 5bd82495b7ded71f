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

/** The keys of an image map, in the order they make a reference. */
const IMAGE_KEYS = ['registry', 'repository', 'tag', 'version', 'digest'] as const

export const findHelmValuesReferences: ReferenceFinder = (source) => {
  const found: FoundReference[] = []
  for (const doc of parseYamlDocuments(source)) {
    const global = doc.get(doc.root, 'global')
    const globalRegistry = doc.span(doc.get(global, 'imageRegistry')) ?? doc.span(doc.get(global, 'image', 'registry'))
    const registry = globalRegistry?.text
    // An anchor used through many aliases is read once (a file of nested aliases must not take exponential time).
    const seen = new Set<Node>()
    const visit = (node: Node, path: string[]): void => {
      if (seen.has(node)) return
      seen.add(node)
      for (const [i, item] of doc.items(node).entries()) visit(item, indexed(path, i))
      for (const [key, value] of doc.entries(node)) {
        const reference = referenceUnder(doc, [...path, key], value, registry)
        if (reference) found.push(reference)
        else visit(value, [...path, key])
      }
    }
    if (doc.root) visit(doc.root, [])
  }
  return inSourceOrder(found)
}

/**
 * What a key holds: under a key ending in `image`, an image map (certain) or an image string; elsewhere, a map with
 * a `repository` is an image only as far as some key on its path says image (`images.app`): likely.
 */
function referenceUnder(
  doc: YamlDocument,
  path: string[],
  value: Node,
  globalRegistry: string | undefined,
): FoundReference | undefined {
  const place = `helm:${path.join('.')}`
  if (/image$/i.test(path.at(-1)!))
    return hasRepository(doc, value)
      ? imageMapReference(doc, value, place, 'certain', globalRegistry)
      : imageString(doc, value, place)
  if (hasRepository(doc, value) && path.some((step) => /image/i.test(step)))
    return imageMapReference(doc, value, place, 'likely', globalRegistry)
  return undefined
}

/** `containers` → `containers[2]`, as places name sequence items. */
function indexed(path: string[], i: number): string[] {
  return path.length === 0 ? [`[${i}]`] : [...path.slice(0, -1), `${path.at(-1)}[${i}]`]
}

function hasRepository(doc: YamlDocument, node: Node): boolean {
  return isMap(node) && doc.get(node, 'repository') !== undefined
}

/** `image: nginx:1.27`; a number, a boolean or a URL under an image-named key (`logoImage: https://…`) is not one. */
function imageString(doc: YamlDocument, node: Node, place: string): FoundReference | undefined {
  if (isScalar(node) && typeof node.value !== 'string') return undefined
  const span = doc.span(node)
  if (!span || span.text.includes('://')) return undefined
  return referenceAt(span, place)
}

/**
 * One reference for an image map: `text` is what the chart pulls (`registry/repository:tag@digest`), start and end
 * are the repository's. An empty `tag` is the chart's appVersion. A chart prefixes `global.imageRegistry` to an
 * image without a registry of its own, so a rewrite that writes a registry into the repository doubles it.
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
    const node = doc.get(map, key)
    const span = doc.span(node) ?? emptyQuotedSpan(node)
    if (!span) continue
    parts[key] = { start: span.start, end: span.end, text: span.text }
    if ('exact' in span && !span.exact) exact = false
  }
  const { registry, repository, digest } = parts
  if (!repository) return undefined
  const tag = parts.tag ?? parts.version
  const text =
    (registry?.text ? `${registry.text}/` : '') +
    repository.text +
    (tag?.text ? `:${tag.text}` : '') +
    (digest?.text ? `@${digest.text}` : '')
  const notes: string[] = []
  const tagNode = doc.get(map, 'tag') ?? doc.get(map, 'version')
  if (tagNode && !tag?.text && isScalar(tagNode) && (tagNode.value === '' || tagNode.value === null))
    notes.push('tag from appVersion')
  if (globalRegistry && !registry?.text) notes.push(`global-registry: ${globalRegistry}`)
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
