import type { CutoverScanDto, ReferenceDto, ReferenceStatusDto } from '../../../../src-main/contract'
import type { BadgeTone } from '../../../components/ui/badge'

/** What the reference list can be narrowed to: one status, or a family of them. */
export type ReferenceFilter = 'all' | 'on-hub' | 'migrated' | 'not-migrated' | 'elsewhere' | 'templated'

export const REFERENCE_FILTERS: readonly ReferenceFilter[] = [
  'all',
  'on-hub',
  'migrated',
  'not-migrated',
  'elsewhere',
  'templated',
]

export const FILTER_LABELS: Record<ReferenceFilter, string> = {
  all: 'All',
  'on-hub': 'Still on Docker Hub',
  migrated: 'Migrated',
  'not-migrated': 'Not migrated',
  elsewhere: 'Elsewhere',
  templated: 'Templated',
}

/** Each status in words: the badge's text, never its colour alone. */
export const STATUS_LABELS: Record<ReferenceStatusDto, string> = {
  migrated: 'migrated',
  'not-migrated': 'not migrated',
  unknown: 'not checked',
  'not-docker-hub': 'not Docker Hub',
  'hub-mirror': 'Docker Hub mirror',
  templated: 'templated',
}

export const STATUS_TONES: Record<ReferenceStatusDto, BadgeTone> = {
  migrated: 'ok',
  'not-migrated': 'bad',
  unknown: 'warn',
  'not-docker-hub': 'muted',
  'hub-mirror': 'info',
  templated: 'muted',
}

/**
 * Whether a reference with this status still pulls from Docker Hub, as the backend counts it: a migrated one is
 * ready to move (its target holds the same digest) but its file still names Docker Hub.
 */
export function pullsFromDockerHub(status: ReferenceStatusDto): boolean {
  return status === 'unknown' || status === 'not-migrated' || status === 'migrated'
}

export function matchesFilter(status: ReferenceStatusDto, filter: ReferenceFilter): boolean {
  switch (filter) {
    case 'all':
      return true
    case 'on-hub':
      return pullsFromDockerHub(status)
    case 'elsewhere':
      return status === 'not-docker-hub' || status === 'hub-mirror'
    default:
      return status === filter
  }
}

export function filterCounts(references: readonly ReferenceDto[]): Record<ReferenceFilter, number> {
  const counts = Object.fromEntries(REFERENCE_FILTERS.map((filter) => [filter, 0])) as Record<ReferenceFilter, number>
  for (const reference of references)
    for (const filter of REFERENCE_FILTERS) if (matchesFilter(reference.status, filter)) counts[filter] += 1
  return counts
}

/** Where a file is on disk: under the folder scanned, or the folder given was the file itself. */
export function absolutePath(root: string, file: string): string {
  const separator = root.includes('/') || !root.includes('\\') ? '/' : '\\'
  const name = root.split(/[\\/]/).at(-1)
  if (!file.includes('/') && name === file) return root
  const base = root.endsWith(separator) ? root.slice(0, -1) : root
  return `${base}${separator}${separator === '/' ? file : file.replaceAll('/', '\\')}`
}

export interface FileGroup {
  key: string
  root: string
  file: string
  path: string
  /** The file's references that pass the filter, by line and column. */
  references: ReferenceDto[]
  /** Of all the file's references (not only the filtered ones), those that still pull from Docker Hub. */
  stillOnDockerHub: number
  total: number
}

/** The references by file, files in the order the scan found them, each file's references in reading order. */
export function groupByFile(references: readonly ReferenceDto[], filter: ReferenceFilter): FileGroup[] {
  const groups = new Map<string, FileGroup>()
  for (const reference of references) {
    const key = `${reference.root}\u0000${reference.file}`
    let group = groups.get(key)
    if (!group) {
      group = {
        key,
        root: reference.root,
        file: reference.file,
        path: absolutePath(reference.root, reference.file),
        references: [],
        stillOnDockerHub: 0,
        total: 0,
      }
      groups.set(key, group)
    }
    group.total += 1
    if (pullsFromDockerHub(reference.status)) group.stillOnDockerHub += 1
    if (matchesFilter(reference.status, filter)) group.references.push(reference)
  }
  return [...groups.values()]
    .filter((group) => group.references.length > 0)
    .map((group) => ({
      ...group,
      references: group.references.sort((a, b) => a.line - b.line || a.column - b.column),
    }))
}

const plural = (count: number, one: string, many: string): string =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`

/** "3 references still pull from Docker Hub", or that none does. */
export function scanHeadline(scan: Pick<CutoverScanDto, 'stillOnDockerHub'>): string {
  if (scan.stillOnDockerHub === 0) return 'No reference still pulls from Docker Hub'
  return `${plural(scan.stillOnDockerHub, 'reference still pulls', 'references still pull')} from Docker Hub`
}

/** "12 references in 5 files: 2 migrated, 1 not migrated, …" in the order of STATUS_LABELS. */
export function scanBreakdown(references: readonly ReferenceDto[]): string {
  if (references.length === 0) return 'No image references found in these folders.'
  const files = new Set(references.map((reference) => `${reference.root}\u0000${reference.file}`)).size
  const byStatus = (Object.keys(STATUS_LABELS) as ReferenceStatusDto[])
    .map((status) => [status, references.filter((reference) => reference.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count.toLocaleString('en-US')} ${STATUS_LABELS[status]}`)
  const found = plural(references.length, 'image reference', 'image references')
  return `${found} in ${plural(files, 'file', 'files')}: ${byStatus.join(', ')}.`
}
