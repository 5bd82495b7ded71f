import { describe, expect, it } from 'vitest'
import type { ReferenceStatusDto } from '../../../../../../src-main/contract'
import {
  absolutePath,
  filterCounts,
  groupByFile,
  matchesFilter,
  pullsFromDockerHub,
  REFERENCE_FILTERS,
  scanBreakdown,
  scanHeadline,
} from '../../../../../../src-renderer/features/cutover/model/references'
import { cutoverScan, reference } from '../../../support/fixtures'

const STATUSES: ReferenceStatusDto[] = [
  'migrated',
  'not-migrated',
  'unknown',
  'not-docker-hub',
  'hub-mirror',
  'templated',
]

describe('cutover references: filters', () => {
  it('counts a migrated reference as still on Docker Hub (its file still names Docker Hub), as the backend does', () => {
    expect(STATUSES.filter(pullsFromDockerHub)).toEqual(['migrated', 'not-migrated', 'unknown'])
  })

  it('puts each status under All, its own filter (or "elsewhere" for other registries and mirrors), and no other', () => {
    const table = Object.fromEntries(
      STATUSES.map((status) => [status, REFERENCE_FILTERS.filter((filter) => matchesFilter(status, filter))]),
    )
    expect(table).toEqual({
      migrated: ['all', 'on-hub', 'migrated'],
      'not-migrated': ['all', 'on-hub', 'not-migrated'],
      unknown: ['all', 'on-hub'],
      'not-docker-hub': ['all', 'elsewhere'],
      'hub-mirror': ['all', 'elsewhere'],
      templated: ['all', 'templated'],
    })
  })

  it('counts the references under each filter', () => {
    expect(filterCounts(cutoverScan().references)).toEqual({
      all: 8,
      'on-hub': 5,
      migrated: 2,
      'not-migrated': 3,
      elsewhere: 2,
      templated: 1,
    })
    expect(filterCounts([])).toEqual({
      all: 0,
      'on-hub': 0,
      migrated: 0,
      'not-migrated': 0,
      elsewhere: 0,
      templated: 0,
    })
  })
})

describe('cutover references: grouped by file', () => {
  it('keeps the files in the order the scan found them, each file’s references by line and column', () => {
    const groups = groupByFile(cutoverScan().references, 'all')
    expect(groups.map((group) => [group.file, group.references.map((r) => `${r.line}:${r.column}`)])).toEqual([
      ['Dockerfile', ['1:6', '4:6']],
      ['k8s/deploy.yaml', ['16:18', '18:18', '22:18']],
      ['helm/values.yaml', ['3:15']],
      ['compose.yaml', ['4:12', '9:12']],
    ])
    expect(groups[1]).toMatchObject({
      root: '/work/shop',
      path: '/work/shop/k8s/deploy.yaml',
      total: 3,
      stillOnDockerHub: 1,
    })
  })

  it('leaves out the files with nothing left after the filter, and counts each file in full all the same', () => {
    const groups = groupByFile(cutoverScan().references, 'not-migrated')
    expect(groups.map((group) => [group.file, group.references.map((r) => r.text), group.total])).toEqual([
      ['Dockerfile', ['acme/api:2.3.0'], 2],
      ['k8s/deploy.yaml', ['acme/worker:v7'], 3],
      ['compose.yaml', ['nginx'], 2],
    ])
    expect(groupByFile(cutoverScan().references, 'templated').map((group) => group.file)).toEqual(['helm/values.yaml'])
  })

  it('keeps the same file under two folders apart', () => {
    const groups = groupByFile(
      [
        reference({ root: '/a', file: 'Dockerfile', line: 1, column: 6, text: 'x', status: 'unknown' }),
        reference({ root: '/b', file: 'Dockerfile', line: 1, column: 6, text: 'y', status: 'unknown' }),
      ],
      'all',
    )
    expect(groups.map((group) => group.path)).toEqual(['/a/Dockerfile', '/b/Dockerfile'])
  })
})

describe('cutover references: a file’s absolute path', () => {
  it('joins the folder and the relative path, or is the file itself when a file was scanned', () => {
    expect(absolutePath('/work/shop', 'k8s/deploy.yaml')).toBe('/work/shop/k8s/deploy.yaml')
    expect(absolutePath('/work/shop/', 'Dockerfile')).toBe('/work/shop/Dockerfile')
    expect(absolutePath('/work/shop/Dockerfile', 'Dockerfile')).toBe('/work/shop/Dockerfile')
    expect(absolutePath('/', 'Dockerfile')).toBe('/Dockerfile')
    expect(absolutePath('C:\\repo', 'k8s/deploy.yaml')).toBe('C:\\repo\\k8s\\deploy.yaml')
  })
})

describe('cutover references: the headline', () => {
  it('says how many references still pull from Docker Hub, in the singular too, and when none does', () => {
    expect(scanHeadline({ stillOnDockerHub: 5 })).toBe('5 references still pull from Docker Hub')
    expect(scanHeadline({ stillOnDockerHub: 1 })).toBe('1 reference still pulls from Docker Hub')
    expect(scanHeadline({ stillOnDockerHub: 1200 })).toBe('1,200 references still pull from Docker Hub')
    expect(scanHeadline({ stillOnDockerHub: 0 })).toBe('No reference still pulls from Docker Hub')
  })

  it('breaks the references down by status, and says when there are none', () => {
    expect(scanBreakdown(cutoverScan().references)).toBe(
      '8 image references in 4 files: 2 migrated, 3 not migrated, 1 not Docker Hub, 1 Docker Hub mirror, 1 templated.',
    )
    expect(scanBreakdown([])).toBe('No image references found in these folders.')
  })
})
