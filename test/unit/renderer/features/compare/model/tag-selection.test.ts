import { describe, expect, it } from 'vitest'
import { buildCompareRows, tagKey } from '../../../../../../src-renderer/features/compare/model/compare-rows'
import {
  checkState,
  rangeKeys,
  setChecked,
  toMigrationSelection,
} from '../../../../../../src-renderer/features/compare/model/tag-selection'
import { compareRepository, compareTag, smallComparison } from '../../../support/fixtures'

const { repositories } = smallComparison()
const [web, api] = repositories

describe('compare rows', () => {
  it('keeps a repository with no tags visible only without a state filter', () => {
    const empty = [compareRepository('acme/empty', [])]
    expect(buildCompareRows(empty, { state: 'all', search: '' }).map((row) => row.kind)).toEqual(['repository'])
    expect(buildCompareRows(empty, { state: 'hub-only', search: '' })).toEqual([])
  })

  it('gives a repository row the keys of its matching, selectable tags (never the ones only in ECR)', () => {
    const [row] = buildCompareRows([api!], { state: 'all', search: '' })
    expect(row!.kind === 'repository' && row.tagKeys).toEqual([tagKey(api!, '2.0')])
  })

  it('cannot select anything of a repository that is only in ECR', () => {
    const orphan = compareRepository(undefined, [compareTag('x', 'ecr-only')])
    const rows = buildCompareRows([orphan], { state: 'all', search: '' })
    expect(rangeKeys(rows, 0, rows.length - 1)).toEqual([])
  })
})

describe('tag selection', () => {
  it('says whether all, some or none of a set is selected', () => {
    const keys = ['a', 'b']
    expect(checkState(new Set(), keys)).toBe('none')
    expect(checkState(new Set(['a']), keys)).toBe('some')
    expect(checkState(setChecked(new Set(['a']), ['b'], true), keys)).toBe('all')
  })

  it('ranges the same way in both directions', () => {
    const rows = buildCompareRows(repositories, { state: 'all', search: '' })
    expect(rangeKeys(rows, 5, 1)).toEqual(rangeKeys(rows, 1, 5))
  })

  it('sends a repository whole when every tag of it is chosen, else the chosen tags', () => {
    const selection = new Set([tagKey(web!, '1.1'), tagKey(api!, '2.0')])
    expect(toMigrationSelection(repositories, selection)).toEqual([
      { repository: 'acme/web', tags: ['1.1'] },
      { repository: 'acme/api' },
    ])
  })
})
