import { describe, expect, it } from 'vitest'
import { selectTags, wholeTagPattern, type ListedTag } from '../../../../src-main/core/migration/tag-selection'

const NOW = new Date('2026-11-27T00:00:00Z')
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000)
const tags: ListedTag[] = [
  { name: 'latest', lastPushed: daysAgo(1) },
  { name: '1.2.0', lastPushed: daysAgo(3) },
  { name: '1.10.0', lastPushed: daysAgo(2) },
  { name: '1.10.0-rc1', lastPushed: daysAgo(5) },
  { name: 'v2.0', lastPushed: daysAgo(40) },
  { name: '11.2.0', lastPushed: daysAgo(100) },
  { name: 'main', lastPushed: daysAgo(0) },
  { name: 'sha256-abc.sig' },
]
const names = (list: ListedTag[]) => list.map((t) => t.name)

describe('selectTags', () => {
  it.each<[string, Parameters<typeof selectTags>[1], string[]]>([
    ['everything without a filter', {}, names(tags)],
    ['whole-tag includes (1\\.2\\..* does not pick 11.2.0)', { include: wholeTagPattern('1\\.2\\..*') }, ['1.2.0']],
    [
      'excludes after includes',
      { include: wholeTagPattern('.*'), exclude: wholeTagPattern('.*-rc.*|sha256-.*') },
      ['latest', '1.2.0', '1.10.0', 'v2.0', '11.2.0', 'main'],
    ],
    [
      'pushed within 4 days (tags without a push time are dropped)',
      { pushedWithinDays: 4 },
      ['latest', '1.2.0', '1.10.0', 'main'],
    ],
    [
      'the newest 4 by version, releases above their pre-releases',
      { latest: 4, exclude: wholeTagPattern('sha256-.*') },
      ['11.2.0', 'v2.0', '1.10.0', '1.10.0-rc1'],
    ],
    [
      'non-versions after versions, newest push first',
      { latest: 7, exclude: wholeTagPattern('sha256-.*') },
      ['11.2.0', 'v2.0', '1.10.0', '1.10.0-rc1', '1.2.0', 'main', 'latest'],
    ],
  ])('keeps %s', (_name, filter, expected) => {
    expect(names(selectTags(tags, filter, NOW))).toEqual(expected)
  })
})
