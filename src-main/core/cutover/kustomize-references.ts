import { isMap, type Node } from 'yaml'
import {
  type FoundReference,
  KUSTOMIZE_RESOURCE,
  type ReferenceFinder,
  type Span,
  TAG_FROM_MANIFESTS,
} from './found-reference'
import { ociChartReference } from './helm-chart-references'
import { findKubernetesReferences } from './kubernetes-references'
import {
  inSourceOrder,
  NOT_REWRITABLE,
  offsetInSource,
  parseYamlDocuments,
  referenceAt,
  type ScalarSpan,
  type YamlDocument,
} from './yaml-source'

/**
 * Image references in Kustomize: a kustomization's `images[]` overrides (`name`, `newName`, `newTag`, `digest`), and
 * the same overrides in an Argo CD Application's `kustomize.images` strings. `name` is matched literally against
 * the manifests' images, never normalised, so it is kept as written and the image pulled is computed apart. Also
 * the charts `helmCharts[]` pulls from an OCI registry (`repo: oci://…`, `name`, `version`) for `--enable-helm`.
 */
export function isKustomizationPath(path: string): boolean {
  return /(^|[/\\])(kustomization\.ya?ml|Kustomization)$/.test(path)
}

const PARTS = ['name', 'newName', 'newTag', 'digest'] as const

export const findKustomizeReferences: ReferenceFinder = (source) => {
  const found: FoundReference[] = []
  for (const document of parseYamlDocuments(source)) {
    const resources = resourcesOf(document)
    document.items(document.get(document.root, 'images')).forEach((entry, i) => {
      const reference = imageOverride(document, entry, `kustomize:images[${i}]`)
      const notes = [...(reference?.notes ?? []), ...resources]
      if (reference) found.push(notes.length > 0 ? { ...reference, notes } : reference)
    })
    found.push(...inlinePatchReferences(document))
    document.items(document.get(document.root, 'helmCharts')).forEach((chart, i) => {
      const repo = document.span(document.get(chart, 'repo'))
      const name = document.span(document.get(chart, 'name'))
      const reference =
        repo?.exact && name?.exact && ociChartReference(repo, name, document.span(document.get(chart, 'version')))
      if (reference) found.push({ ...reference, place: `kustomize:helmCharts[${i}]` })
    })
  }
  return inSourceOrder(found)
}

/**
 * The images inline patches add or change (`patches[].patch`, `patchesJson6902[].patch`, `patchesStrategicMerge[]`
 * written in place): a strategic merge patch is a manifest, read as one; a JSON 6902 patch is a list of operations
 * whose `value` is an image or a container. Each is placed at its characters inside the patch's block scalar.
 */
function inlinePatchReferences(document: YamlDocument): FoundReference[] {
  const patches: [string, Node | undefined][] = [
    ...document
      .items(document.get(document.root, 'patches'))
      .map((patch, i): [string, Node | undefined] => [`patches[${i}]`, document.get(patch, 'patch')]),
    ...document
      .items(document.get(document.root, 'patchesJson6902'))
      .map((patch, i): [string, Node | undefined] => [`patchesJson6902[${i}]`, document.get(patch, 'patch')]),
    ...document
      .items(document.get(document.root, 'patchesStrategicMerge'))
      .map((patch, i): [string, Node] => [`patchesStrategicMerge[${i}]`, patch]),
  ]
  return patches.flatMap(([path, node]) => {
    const span = document.span(node)
    if (!span?.text.includes('\n')) return []
    return [...findKubernetesReferences(span.text, ''), ...operationImages(span.text)].flatMap((inner) => {
      const start = inner.notes?.includes(NOT_REWRITABLE)
        ? undefined
        : offsetInSource(document.source, span, inner.start, inner.text)
      if (start === undefined) return []
      const place = `kustomize:${path}/${inner.place.replace(/^k8s:/, '')}`
      return [{ ...inner, start, end: start + inner.text.length, place }]
    })
  })
}

/** The images of JSON 6902 operations: a `value` that is an image (its path ends in `/image`) or holds one. */
function operationImages(patch: string): FoundReference[] {
  return parseYamlDocuments(patch).flatMap((operations) =>
    operations.items(operations.root).flatMap((operation, i) => {
      const value = operations.get(operation, 'value')
      const path = operations.span(operations.get(operation, 'path'))?.text ?? ''
      const image = path.endsWith('/image') ? operations.span(value) : operations.span(operations.get(value, 'image'))
      return image ? [referenceAt(image, `ops[${i}].value`)] : []
    }),
  )
}

/**
 * What the kustomization builds besides its own folder, as notes for the rewrite: its local `resources`,
 * `components` and (older) `bases`; remote ones (`https://…`, `github.com/…?ref=`) are not in the tree.
 */
function resourcesOf(document: YamlDocument): string[] {
  return ['resources', 'components', 'bases'].flatMap((key) =>
    document.items(document.get(document.root, key)).flatMap((item) => {
      const path = document.span(item)?.text
      return path && !/:\/\/|\?ref=|^github\.com\//.test(path) ? [`${KUSTOMIZE_RESOURCE}${path}`] : []
    }),
  )
}

/** One `images[]` entry: spans its `name`, and its text is the image it makes the manifests pull. */
function imageOverride(document: YamlDocument, entry: Node, place: string): FoundReference | undefined {
  const spans: Partial<Record<(typeof PARTS)[number], ScalarSpan>> = {}
  for (const part of PARTS) spans[part] = document.span(document.get(entry, part))
  const { name, newName, newTag, digest } = spans
  if (!name) return undefined
  // Kustomize ignores `newTag` when `digest` is set.
  const suffix = digest ? `@${digest.text}` : newTag ? `:${newTag.text}` : ''
  const given = Object.values(spans).filter((span) => span !== undefined)
  const exact = given.every((span) => span.exact)
  const reference = referenceAt({ ...name, text: (newName ?? name).text + suffix, exact }, place)
  if (!suffix) reference.notes = [...(reference.notes ?? []), TAG_FROM_MANIFESTS]
  reference.parts = {}
  for (const part of PARTS) {
    const span = spans[part]
    if (span) reference.parts[part] = plainSpan(span)
  }
  const insertion = insertionPoint(document.source, entry)
  if (insertion) reference.insertion = insertion
  return reference
}

function plainSpan({ start, end, text }: ScalarSpan): Span {
  return { start, end, text }
}

/**
 * Where a `newName:` goes: at the start of the line after the entry's last value, indented like the entry's first
 * key (the column after `- `); in a flow entry (`- {name: x}`), right after its last value.
 */
function insertionPoint(source: string, entry: Node): FoundReference['insertion'] {
  if (!isMap(entry) || !entry.range) return undefined
  const last = entry.items.at(-1)?.value as Node | null | undefined
  if (entry.flow) return last?.range ? { at: last.range[1], inline: true } : undefined
  const lastEnd = last?.range?.[1] ?? entry.range[1]
  const at = source[lastEnd - 1] === '\n' ? lastEnd : nextLineStart(source, lastEnd)
  const firstKeyStart = (entry.items[0]?.key as Node | undefined)?.range?.[0] ?? entry.range[0]
  const lineStart = source.lastIndexOf('\n', firstKeyStart - 1) + 1
  return { at, indent: ' '.repeat(firstKeyStart - lineStart) }
}

function nextLineStart(source: string, offset: number): number {
  const newline = source.indexOf('\n', offset)
  return newline === -1 ? source.length : newline + 1
}
