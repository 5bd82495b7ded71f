import type { CompareRepositoryDto, CompareTagDto, TagStateDto } from '../../../../src-main/contract'

export type StateFilter = TagStateDto | 'all'

export interface CompareFilter {
  state: StateFilter
  search: string
}

export const TAG_STATE_LABELS: Record<TagStateDto, string> = {
  both: 'In sync',
  'hub-only': 'Missing in ECR',
  differs: 'Digest differs',
  'ecr-only': 'Only in ECR',
}

export interface RepositoryRow {
  kind: 'repository'
  key: string
  repository: CompareRepositoryDto
  /** Selectable tags of this repository that match the filter: what its checkbox selects. */
  tagKeys: string[]
  matchingTags: number
}

export interface TagRow {
  kind: 'tag'
  key: string
  repository: CompareRepositoryDto
  tag: CompareTagDto
  /** Only Docker Hub tags can be migrated. */
  selectable: boolean
}

export type CompareRow = RepositoryRow | TagRow

function repositoryId(repository: CompareRepositoryDto): string {
  return repository.hub ?? `ecr:${repository.ecr ?? ''}`
}

/** A tag's selection key; the Docker Hub repository and tag, which is what a migration selects. */
export function tagKey(repository: CompareRepositoryDto, tag: string): string {
  return `${repositoryId(repository)}\u0000${tag}`
}

export function isSelectable(repository: CompareRepositoryDto, tag: CompareTagDto): boolean {
  return repository.hub !== undefined && tag.state !== 'ecr-only'
}

/**
 * Repositories and their tags as one flat list of rows (a repository row, then its tags), filtered: what the
 * virtualised table renders. A repository whose name matches the search keeps all its tags of that state.
 */
export function buildCompareRows(repositories: readonly CompareRepositoryDto[], filter: CompareFilter): CompareRow[] {
  const search = filter.search.trim().toLowerCase()
  const rows: CompareRow[] = []
  for (const repository of repositories) {
    const nameMatches =
      !search ||
      (repository.hub ?? '').toLowerCase().includes(search) ||
      (repository.ecr ?? '').toLowerCase().includes(search)
    const tags = repository.tags.filter(
      (tag) =>
        (filter.state === 'all' || tag.state === filter.state) &&
        (nameMatches || tag.tag.toLowerCase().includes(search)),
    )
    const emptyShown = repository.tags.length === 0 && filter.state === 'all' && nameMatches
    if (tags.length === 0 && !emptyShown) continue
    const tagRows: TagRow[] = tags.map((tag) => ({
      kind: 'tag',
      key: tagKey(repository, tag.tag),
      repository,
      tag,
      selectable: isSelectable(repository, tag),
    }))
    rows.push({
      kind: 'repository',
      key: `repo\u0000${repositoryId(repository)}`,
      repository,
      tagKeys: tagRows.filter((row) => row.selectable).map((row) => row.key),
      matchingTags: tags.length,
    })
    rows.push(...tagRows)
  }
  return rows
}

/** The selectable tag keys a row stands for: itself, or a repository's matching tags. */
export function rowTagKeys(row: CompareRow): string[] {
  if (row.kind === 'repository') return row.tagKeys
  return row.selectable ? [row.key] : []
}

export function stateCounts(repositories: readonly CompareRepositoryDto[]): Record<StateFilter, number> {
  const counts: Record<StateFilter, number> = { all: 0, both: 0, 'hub-only': 0, differs: 0, 'ecr-only': 0 }
  for (const repository of repositories) {
    for (const tag of repository.tags) counts[tag.state] += 1
    counts.all += repository.tags.length
  }
  return counts
}
