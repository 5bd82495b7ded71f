import type { CompareRepositoryDto } from '../../../../src-main/contract'
import { isSelectable, rowTagKeys, tagKey, type CompareRow } from './compare-rows'

export type CheckState = 'all' | 'some' | 'none'

export function setChecked(
  selection: ReadonlySet<string>,
  keys: readonly string[],
  checked: boolean,
): ReadonlySet<string> {
  const next = new Set(selection)
  for (const key of keys) {
    if (checked) next.add(key)
    else next.delete(key)
  }
  return next
}

/** Shift-click: every row between the anchor and the clicked row (both included) takes the clicked state. */
export function rangeKeys(rows: readonly CompareRow[], anchorIndex: number, index: number): string[] {
  const [from, to] = anchorIndex <= index ? [anchorIndex, index] : [index, anchorIndex]
  return rows.slice(from, to + 1).flatMap(rowTagKeys)
}

export function checkState(selection: ReadonlySet<string>, keys: readonly string[]): CheckState {
  let selected = 0
  for (const key of keys) if (selection.has(key)) selected += 1
  return selected === 0 ? 'none' : selected === keys.length ? 'all' : 'some'
}

export interface MigrationPick {
  repository: string
  tags?: string[]
}

/** The checked tags as a migration selection: a repository with every tag checked goes whole (`tags` left out). */
export function toMigrationSelection(
  repositories: readonly CompareRepositoryDto[],
  selection: ReadonlySet<string>,
): MigrationPick[] {
  const picks: MigrationPick[] = []
  for (const repository of repositories) {
    if (!repository.hub) continue
    const selectable = repository.tags.filter((tag) => isSelectable(repository, tag))
    const chosen = selectable.filter((tag) => selection.has(tagKey(repository, tag.tag))).map((tag) => tag.tag)
    if (chosen.length === 0) continue
    picks.push(
      chosen.length === selectable.length
        ? { repository: repository.hub }
        : { repository: repository.hub, tags: chosen },
    )
  }
  return picks
}

export function countSelection(
  picks: readonly MigrationPick[],
  repositories: readonly CompareRepositoryDto[],
): { repositories: number; tags: number } {
  const byHub = new Map(repositories.map((repository) => [repository.hub, repository]))
  let tags = 0
  for (const pick of picks) {
    const repository = byHub.get(pick.repository)
    tags +=
      pick.tags?.length ?? repository?.tags.filter((tag) => repository && isSelectable(repository, tag)).length ?? 0
  }
  return { repositories: picks.length, tags }
}
