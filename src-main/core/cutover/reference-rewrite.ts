import { type ImageRef, nameAsWritten, parseReference } from '../reference/reference'
import { posix } from 'node:path'
import {
  CHART_REPOSITORY,
  type FoundReference,
  KUSTOMIZE_RESOURCE,
  type Span,
  TAG_FROM_MANIFESTS,
} from './found-reference'
import type { ScannedReference } from './reference-scan'

/** Replace the characters `[start, end)` with `replacement` (an insertion when start === end). */
export interface TextEdit {
  start: number
  end: number
  replacement: string
}

/**
 * - `safe`: the target holds the digest Docker Hub has now;
 * - `needs-copy`: the target is not there yet (or not identically, or unchecked): copy first;
 * - `would-break`: rewriting would point at something wrong; `why` says what, and nothing is written.
 */
export type EditVerdict = 'safe' | 'needs-copy' | 'would-break'

export interface ProposedEdit {
  reference: ScannedReference
  verdict: EditVerdict
  why?: string
  /** What the reference becomes, as the file will spell it. */
  rewritten?: string
  edits: TextEdit[]
}

export interface RewriteOptions {
  /** Write `repo:tag@sha256:…` (the digest Docker Hub has now, from the check). */
  pinDigest: boolean
  /** The Kustomize `images[]` entries of the tree: an image one of them matches by `name` is moved by it instead. */
  kustomizeEntries: readonly KustomizeEntry[]
  /** The file's own line end, for a line a rewrite adds. */
  lineEnd: '\n' | '\r\n'
}

/**
 * The edit that moves one reference to its target, in the format's own way: the reference's characters in place
 * (its tag and digest as written), a Helm chart's `registry`/`repository` keys, a Kustomize entry's `newName:`.
 * Undefined for references that do not move (not on Docker Hub, templated, or without a target).
 */
export function proposeEdit(reference: ScannedReference, options: RewriteOptions): ProposedEdit | undefined {
  const { found } = reference
  const moves = reference.status === 'migrated' || reference.status === 'not-migrated' || reference.status === 'unknown'
  if (!reference.target || !moves) return undefined
  const verdict: EditVerdict = reference.status === 'migrated' ? 'safe' : 'needs-copy'
  const breaks = (why: string): ProposedEdit => ({ reference, verdict: 'would-break', why, edits: [] })
  if (reference.note && reference.status === 'not-migrated' && !reference.fix) return breaks(reference.note)
  if (found.notes?.some((note) => note.startsWith('not-rewritable')))
    return breaks('its value is a block or escaped scalar')
  if (options.pinDigest && !reference.digest)
    return breaks('--pin-digest needs the digest Docker Hub has now, which --offline does not ask for')
  const redirecting = options.kustomizeEntries.find((entry) => entry.applies(reference))?.file
  if (redirecting && !found.place.startsWith('kustomize:images['))
    return breaks(`the images[] entry of ${redirecting} matches it by this name; that entry moves it instead`)
  const target = parseReference(reference.target)
  const host = `${target.registry}/${target.repository}`
  const pin = options.pinDigest ? reference.digest : undefined
  if (found.notes?.includes(CHART_REPOSITORY)) return chartDependencyEdit(reference, verdict, target)
  if (found.place.startsWith('kustomize:images[')) {
    // An entry without a tag moves whatever tags its manifests name: safe when each of those is in ECR.
    const manifests = options.kustomizeEntries.find((entry) => entry.reference === reference)?.manifests ?? []
    const tagless = found.notes?.includes(TAG_FROM_MANIFESTS)
    const moved = tagless && manifests.length > 0 && manifests.every(({ status }) => status === 'migrated')
    return kustomizeEdit(reference, moved ? 'safe' : verdict, host, pin, options.lineEnd)
  }
  if (found.parts?.repository) return helmEdit(reference, verdict, target.registry, target.repository, pin)
  const rewritten = `${host}${suffixAsWritten(found.text, pin)}`
  return { reference, verdict, rewritten, edits: [{ start: found.start, end: found.end, replacement: rewritten }] }
}

/** What follows the name as written (`:1.27`, `@sha256:…`, nothing), with the digest pinned if asked. */
function suffixAsWritten(text: string, pin: string | undefined): string {
  const at = text.indexOf('@')
  const nameAndTag = at === -1 ? text : text.slice(0, at)
  const colon = nameAndTag.indexOf(':', nameAndTag.lastIndexOf('/') + 1)
  const tag = colon === -1 ? '' : nameAndTag.slice(colon)
  const digest = at === -1 ? '' : text.slice(at)
  return pin ? `${tag}@${pin}` : `${tag}${digest}`
}

/**
 * Helm values: the chart builds the name from its keys, so the keys change: `registry` (when the chart has one) and
 * `repository`. Where `global.imageRegistry` is set, the chart pulls from it whatever the image's own keys say:
 * refused, with what to change instead.
 */
function helmEdit(
  reference: ScannedReference,
  verdict: EditVerdict,
  registry: string,
  repository: string,
  pin: string | undefined,
): ProposedEdit {
  const parts = reference.found.parts!
  const global = reference.found.notes?.find((note) => note.startsWith('global-registry:'))
  if (global)
    return {
      reference,
      verdict: 'would-break',
      why:
        `the chart prepends ${global.slice('global-registry:'.length).trim()} (global.imageRegistry); ` +
        `set that to ${registry} instead`,
      edits: [],
    }
  const edits: TextEdit[] = parts.registry
    ? [replace(parts.registry, registry), replace(parts.repository!, repository)]
    : [replace(parts.repository!, `${registry}/${repository}`)]
  if (pin && parts.digest) edits.push(replace(parts.digest, pin))
  else if (pin) return { reference, verdict: 'would-break', why: 'the chart has no digest key to pin', edits: [] }
  return { reference, verdict, rewritten: `${registry}/${repository}`, edits }
}

/**
 * Kustomize matches `name` literally against the resources' images, so `name` stays and `newName` redirects: its
 * value is replaced, or a `newName:` is added (a line in the entry's own indentation, or inside a flow entry).
 */
function kustomizeEdit(
  reference: ScannedReference,
  verdict: EditVerdict,
  host: string,
  pin: string | undefined,
  lineEnd: string,
): ProposedEdit {
  const { parts, insertion } = reference.found
  const edits: TextEdit[] = []
  if (parts?.newName) edits.push(replace(parts.newName, host))
  else if (insertion) {
    const line = 'inline' in insertion ? `, newName: ${host}` : `${insertion.indent}newName: ${host}${lineEnd}`
    edits.push({ start: insertion.at, end: insertion.at, replacement: line })
  } else return { reference, verdict: 'would-break', why: 'the images[] entry has no place for newName', edits: [] }
  if (pin && parts?.digest) edits.push(replace(parts.digest, pin))
  else if (pin) return { reference, verdict: 'would-break', why: 'pin it with a digest: line in the entry', edits: [] }
  return { reference, verdict, rewritten: host, edits }
}

/**
 * A chart pulled from an OCI registry by repository and name (Chart.yaml, Kustomize helmCharts, Terraform
 * helm_release): Helm pulls `<repository>/<name>:<version>`, so the repository becomes the target's without the
 * chart's name, and `name` and `version` stay. No digest is written: Chart.lock records the one Helm verifies.
 */
function chartDependencyEdit(reference: ScannedReference, verdict: EditVerdict, target: ImageRef): ProposedEdit {
  const { parts } = reference.found
  const suffix = `/${parts!.name!.text}`
  if (!target.repository.endsWith(suffix))
    return {
      reference,
      verdict: 'would-break',
      why: `the target ${target.repository} does not end in ${suffix}`,
      edits: [],
    }
  const repository = `${target.registry}/${target.repository.slice(0, -suffix.length)}`
  return { reference, verdict, rewritten: `oci://${repository}`, edits: [replace(parts!.repository!, repository)] }
}

function replace(span: Span, replacement: string): TextEdit {
  return { start: span.start, end: span.end, replacement }
}

/**
 * A Kustomize `images[]` entry: the reference that is the entry, its kustomization's file, whether it applies to a
 * reference (same name, without tag or digest, in what the kustomization builds), and the manifests' references it
 * applies to.
 */
export interface KustomizeEntry {
  reference: ScannedReference
  file: string
  applies: (reference: ScannedReference) => boolean
  manifests: ScannedReference[]
}

/**
 * The Kustomize entries among the references. An entry applies to what its kustomization builds: the files of its
 * folder and below, and its `resources` (a file, or a folder and below: `../../base`), which the finder notes; an
 * image elsewhere in the tree with the same name is not its business.
 */
export function kustomizeEntriesOf(references: readonly ScannedReference[]): KustomizeEntry[] {
  return references.flatMap((entry) => {
    const name = entry.found.parts?.name?.text
    if (!entry.found.place.startsWith('kustomize:images[') || !name) return []
    const folder = posix.dirname(entry.file)
    const resources = (entry.found.notes ?? [])
      .filter((note) => note.startsWith(KUSTOMIZE_RESOURCE))
      .map((note) => posix.join(folder, note.slice(KUSTOMIZE_RESOURCE.length)))
    const scopes = [folder === '.' ? '' : folder, ...resources]
    const covers = (file: string) =>
      scopes.some((scope) => scope === '' || file === scope || file.startsWith(`${scope}/`))
    const applies = (reference: ScannedReference) =>
      !reference.found.place.startsWith('kustomize:images[') &&
      nameAsWritten(reference.found.text) === name &&
      covers(reference.file)
    return [{ reference: entry, file: entry.file, applies, manifests: references.filter(applies) }]
  })
}

/** The text with the edits made; edits must not overlap (each reference's characters are its own). */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => a.start - b.start)
  let result = ''
  let at = 0
  for (const edit of ordered) {
    if (edit.start < at) throw new Error(`Overlapping edits at offset ${edit.start}`)
    result += source.slice(at, edit.start) + edit.replacement
    at = edit.end
  }
  return result + source.slice(at)
}

/**
 * Proof that a rewrite changed the references and nothing else: the finder reads the new text and finds the same
 * places, each with its old text or its new one, and putting the old characters back gives the original byte for
 * byte. Returns the problem, or undefined.
 */
export function rewriteProblem(
  before: string,
  after: string,
  edits: readonly TextEdit[],
  find: (text: string) => FoundReference[],
): string | undefined {
  let shift = 0
  const reverse: TextEdit[] = []
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    const start = edit.start + shift
    reverse.push({ start, end: start + edit.replacement.length, replacement: before.slice(edit.start, edit.end) })
    shift += edit.replacement.length - (edit.end - edit.start)
  }
  if (applyEdits(after, reverse) !== before) return 'putting the old references back does not give the file back'
  const placesBefore = find(before).map((reference) => reference.place)
  const placesAfter = find(after).map((reference) => reference.place)
  if (JSON.stringify(placesBefore) !== JSON.stringify(placesAfter))
    return `read again, the file holds other references (${placesAfter.length} where there were ${placesBefore.length})`
  return undefined
}
