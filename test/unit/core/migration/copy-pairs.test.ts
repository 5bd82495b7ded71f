import { describe, expect, it } from 'vitest'
import { pairList, repositoryPairs } from '../../../../src-main/core/migration/copy-pairs'
import { parseReference } from '../../../../src-main/core/reference/reference'

const repositories = [
  {
    source: { registry: 'src.example', repository: 'team/web' },
    destination: { registry: 'dst.example', repository: 'mirror/web' },
    tags: [{ name: '1.0' }, { name: '2.0', manifests: 3 }],
  },
  {
    source: { registry: 'src.example', repository: 'team/api' },
    destination: { registry: 'dst.example', repository: 'mirror/api' },
    tags: [{ name: 'latest' }],
  },
]

describe('repositoryPairs', () => {
  it('counts and walks every tag of every repository as a pair, in listing order', () => {
    const pairs = repositoryPairs(repositories)
    expect(pairs.length).toBe(3)
    expect([...pairs]).toEqual([
      {
        source: { registry: 'src.example', repository: 'team/web', tag: '1.0' },
        destination: { registry: 'dst.example', repository: 'mirror/web', tag: '1.0' },
      },
      {
        source: { registry: 'src.example', repository: 'team/web', tag: '2.0' },
        destination: { registry: 'dst.example', repository: 'mirror/web', tag: '2.0' },
        manifests: 3,
      },
      {
        source: { registry: 'src.example', repository: 'team/api', tag: 'latest' },
        destination: { registry: 'dst.example', repository: 'mirror/api', tag: 'latest' },
      },
    ])
  })

  it('makes each pair when the walk reaches it, not before', () => {
    const iterator = repositoryPairs(repositories)[Symbol.iterator]()
    const first = iterator.next().value
    const again = repositoryPairs(repositories)[Symbol.iterator]().next().value
    expect(first).toEqual(again)
    expect(first).not.toBe(again)
  })

  it('knows which destination references its pairs write', () => {
    const pairs = repositoryPairs(repositories)
    expect(pairs.hasDestination(parseReference('dst.example/mirror/web:2.0'))).toBe(true)
    expect(pairs.hasDestination(parseReference('dst.example/mirror/web:3.0'))).toBe(false)
    expect(pairs.hasDestination(parseReference('dst.example/mirror/other:1.0'))).toBe(false)
    expect(pairs.hasDestination(parseReference('other.example/mirror/web:1.0'))).toBe(false)
  })
})

describe('pairList', () => {
  it('walks a list and answers by formatted reference', () => {
    const list = [{ source: parseReference('src.example/a:1'), destination: parseReference('dst.example/b:1') }]
    const pairs = pairList(list)
    expect(pairs.length).toBe(1)
    expect([...pairs]).toEqual(list)
    expect(pairs.hasDestination(parseReference('dst.example/b:1'))).toBe(true)
    expect(pairs.hasDestination(parseReference('dst.example/b:2'))).toBe(false)
  })
})
