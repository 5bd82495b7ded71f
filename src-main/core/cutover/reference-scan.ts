import { readFile, stat } from 'node:fs/promises'
import { dirname, join, posix } from 'node:path'
import { formatReference, type ImageRef, nameAsWritten } from '../reference/reference'
import { fixCommand } from './fix-command'
import { type FoundReference, TAG_FROM_MANIFESTS } from './found-reference'
import { appVersionOf } from './helm-chart-references'
import { TAG_FROM_APP_VERSION } from './helm-values-references'
import { mapImage, type MappingRule } from './image-mapping'
import { referenceOrigin } from './reference-origin'
import { walkTextFiles, type SkippedFile } from './tree-walk'

/**
 * - `migrated`: the mapped image exists in the target registry with the digest Docker Hub has now;
 * - `not-migrated`: on Docker Hub and not (or not identically) at its target;
 * - `unknown`: on Docker Hub, not checked (`--offline`);
 * - `not-docker-hub`: another registry, left alone; `hub-mirror`: Docker Hub's content through a mirror;
 * - `templated`: built from variables or templates: listed, never rewritten.
 */
export type ReferenceStatus = 'migrated' | 'not-migrated' | 'unknown' | 'not-docker-hub' | 'hub-mirror' | 'templated'

/** Whether a reference with this status still pulls from Docker Hub (a migrated one is ready to move, not moved). */
export function pullsFromDockerHub(status: ReferenceStatus): boolean {
  return status === 'unknown' || status === 'not-migrated' || status === 'migrated'
}

export interface ScannedReference {
  /** Relative to the folder scanned, forward slashes. */
  file: string
  /** 1-based, of the reference's first character. */
  line: number
  column: number
  /** As written. */
  text: string
  /** Normalised as Docker reads it (`nginx` → `docker.io/library/nginx:latest`); absent when templated. */
  reference?: string
  place: string
  status: ReferenceStatus
  /** Where it moves (the mapping's answer), for Docker Hub references a rule covers. */
  target?: string
  /** Why it cannot move as mapped (an invalid ECR name), or which mirror serves it. */
  note?: string
  /** For `not-migrated`: the command that copies it to its target. */
  fix?: string
  /** The digest Docker Hub has for it now (checked references only): what `--pin-digest` writes. */
  digest?: string
  confidence?: 'certain' | 'likely'
  /** Where the finder found it in the file, for a rewrite. */
  found: FoundReference
}

/** The references of one file, by kind of file; which finders apply is the caller's business. */
export type FileFinder = (path: string, text: string) => FoundReference[]

/**
 * A Docker Hub image and its target, each with the digest it has now (undefined: not there); `problem` says why
 * Docker Hub gave none.
 */
export type MigrationCheck = (
  hub: ImageRef,
  target: ImageRef,
) => Promise<{ hub?: string; target?: string; problem?: string }>

export interface ScanOptions {
  find: FileFinder
  mapping: readonly MappingRule[]
  /** Without one (`--offline`), Docker Hub references are `unknown`. */
  check?: MigrationCheck
  onSkip?: (skipped: SkippedFile) => void
}

/** Every image reference under `root`, file by file, each judged; files are read one at a time. */
export async function* scanReferences(root: string, options: ScanOptions): AsyncGenerator<ScannedReference> {
  const chartAppVersion = appVersions(root)
  for await (const file of walkTextFiles(root, options.onSkip)) {
    const found = options.find(file.path, file.text)
    if (found.length === 0) continue
    const lines = lineStarts(file.text)
    for (const reference of found) {
      // A digest wins over the tag in the charts that write both, so only a reference without one takes appVersion.
      const tagless = reference.notes?.includes(TAG_FROM_APP_VERSION) && !reference.text.includes('@')
      const appVersion = tagless ? await chartAppVersion(file.path) : undefined
      const judged = await judge(
        appVersion ? { ...reference, text: `${reference.text}:${appVersion}` } : reference,
        options,
      )
      if (!judged) continue
      yield { file: file.path, ...locate(lines, reference.start), text: reference.text, ...judged, found: reference }
    }
  }
}

export type ImageJudgement = Pick<ScannedReference, 'reference' | 'status' | 'target' | 'note' | 'fix' | 'digest'>

async function judge(
  found: FoundReference,
  options: Pick<ScanOptions, 'mapping' | 'check'>,
): Promise<(ImageJudgement & Pick<ScannedReference, 'place' | 'confidence'>) | undefined> {
  const base = { place: found.place, ...(found.confidence ? { confidence: found.confidence } : {}) }
  if (found.templated) return { ...base, status: 'templated' }
  // A Kustomize entry that names no tag keeps each manifest's: there is no one image to check, its manifests are.
  if (found.notes?.includes(TAG_FROM_MANIFESTS)) {
    const judged = await judgeImage(found.text, { mapping: options.mapping })
    if (!judged) return undefined
    const target = judged.target && { target: nameAsWritten(judged.target) }
    return { ...base, ...judged, reference: nameAsWritten(judged.reference!), ...target }
  }
  const judged = await judgeImage(found.text, options)
  return judged && { ...base, ...judged }
}

/**
 * Where one image reference pulls from and, for Docker Hub, where it goes and whether it is there (see
 * ReferenceStatus); undefined for a text that is no image reference at all (a finder's guess gone wrong).
 */
export async function judgeImage(
  text: string,
  options: Pick<ScanOptions, 'mapping' | 'check'>,
): Promise<ImageJudgement | undefined> {
  const origin = referenceOrigin(text)
  if (origin.kind === 'invalid') return undefined
  const reference = formatReference(origin.image)
  if (origin.kind === 'elsewhere') return { reference, status: 'not-docker-hub' }
  if (origin.kind === 'hub-mirror')
    return { reference, status: 'hub-mirror', note: `${formatReference(origin.hub)} through ${origin.mirror}` }
  const mapped = mapImage(options.mapping, origin.image)
  const target = mapped ? { target: formatReference(mapped.image) } : {}
  const note = mapped?.problem ? { note: mapped.problem } : {}
  if (!options.check) return { reference, status: 'unknown', ...target, ...note }
  if (!mapped) return { reference, status: 'not-migrated', note: 'no --job or --map rule says where it goes' }
  if (mapped.problem) return { reference, status: 'not-migrated', ...target, ...note }
  const digests = await options.check(origin.image, mapped.image)
  // Nothing to copy: the reference points at an image Docker Hub does not have (or will not show us).
  if (digests.problem) return { reference, status: 'not-migrated', ...target, note: digests.problem }
  const digest = digests.hub ? { digest: digests.hub } : {}
  if (digests.hub !== undefined && digests.hub === digests.target)
    return { reference, status: 'migrated', ...target, ...digest }
  return { reference, status: 'not-migrated', ...target, fix: fixCommand(origin.image, mapped.image), ...digest }
}

/**
 * The `appVersion` of the chart a values file belongs to (Chart.yaml in the same folder), read once per folder;
 * undefined where there is none.
 */
function appVersions(root: string): (file: string) => Promise<string | undefined> {
  const byFolder = new Map<string, Promise<string | undefined>>()
  // The folder file paths are relative to: the root, or the folder of a root that is a file (asked once, lazily).
  let base: Promise<string> | undefined
  return (file) => {
    const folder = posix.dirname(file)
    let version = byFolder.get(folder)
    if (!version) {
      base ??= stat(root).then((kind) => (kind.isDirectory() ? root : dirname(root)))
      version = base
        .then((from) => readFile(join(from, folder, 'Chart.yaml'), 'utf8'))
        .then(appVersionOf, () => undefined)
      byFolder.set(folder, version)
    }
    return version
  }
}

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1)
  return starts
}

/** 1-based line and column of an offset, by binary search over the line starts. */
function locate(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (starts[middle]! <= offset) low = middle
    else high = middle - 1
  }
  return { line: low + 1, column: offset - starts[low]! + 1 }
}
