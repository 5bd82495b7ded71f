import { describe, expect, it } from 'vitest'
import { sideBySide } from '../../../../src-main/core/inventory/side-by-side'

const d = (c: string) => `sha256:${c.repeat(64)}`

describe('sideBySide', () => {
  const hub = [
    {
      name: 'acme/web',
      tags: [
        { name: '1.0', digest: d('a') },
        { name: '1.1', digest: d('b') },
        { name: '2.0', digest: d('c') },
        { name: 'edge' },
      ],
    },
    { name: 'acme/api', tags: [{ name: 'v1', digest: d('e') }] },
  ]
  const ecr = [
    {
      name: 'hub/acme/web',
      tags: [
        { name: '1.0', digest: d('a') },
        { name: '1.1', digest: d('9') },
        { name: 'edge', digest: d('f') },
        { name: 'hotfix', digest: d('7') },
      ],
    },
    { name: 'hub/legacy', tags: [{ name: 'old', digest: d('8') }] },
  ]
  const rows = sideBySide(hub, ecr, (name) => `hub/${name}`)

  it('joins repositories through the name mapping, and lists those only on one side', () => {
    expect(rows.map((row) => [row.hub, row.ecr])).toEqual([
      ['acme/web', 'hub/acme/web'],
      ['acme/api', 'hub/acme/api'],
      [undefined, 'hub/legacy'],
    ])
  })

  it('compares tags by digest; an unknown digest is never taken for a match', () => {
    expect(rows[0]!.tags.map((tag) => [tag.tag, tag.state])).toEqual([
      ['1.0', 'both'],
      ['1.1', 'differs'],
      ['2.0', 'hub-only'],
      ['edge', 'differs'],
      ['hotfix', 'ecr-only'],
    ])
    expect(rows[0]!.counts).toEqual({ both: 1, 'hub-only': 1, 'ecr-only': 1, differs: 2 })
    expect(rows[1]!.counts).toEqual({ both: 0, 'hub-only': 1, 'ecr-only': 0, differs: 0 })
    expect(rows[2]!.counts).toEqual({ both: 0, 'hub-only': 0, 'ecr-only': 1, differs: 0 })
  })
})
