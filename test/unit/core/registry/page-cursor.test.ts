import { describe, expect, it } from 'vitest'
import { MAX_PAGES, PageCursor } from '../../../../src-main/core/registry/page-cursor'

const first = 'https://registry.example.com/v2/team/app/tags/list?n=1000'

describe('PageCursor', () => {
  it('resolves a relative next page against the page that named it', () => {
    expect(new PageCursor(first, 'List tags').follow('/v2/team/app/tags/list?last=t9&n=1000', first)).toBe(
      'https://registry.example.com/v2/team/app/tags/list?last=t9&n=1000',
    )
  })

  it('stops at the page cap with a named error', () => {
    const cursor = new PageCursor(first, 'List tags of team/app', 3)
    cursor.follow('?last=a', first)
    cursor.follow('?last=b', first)
    expect(() => cursor.follow('?last=c', first)).toThrow(
      'List tags of team/app: more than 3 pages; the listing stops here.',
    )
  })

  it('refuses a page seen before, even when it is spelt differently', () => {
    const cursor = new PageCursor(first, 'List tags')
    const second = cursor.follow('?last=a', first)
    expect(() => cursor.follow('/v2/team/app/tags/list?n=1000', second)).toThrow(/the same page again/)
    expect(() => cursor.follow('https://REGISTRY.example.com:443/v2/team/app/tags/list?last=a', second)).toThrow(
      /the same page again/,
    )
  })

  it('refuses another origin, a plain-HTTP one of the same host included', () => {
    expect(() =>
      new PageCursor(first, 'List tags').follow('http://registry.example.com/v2/team/app/tags/list?last=a', first),
    ).toThrow(/not https:\/\/registry\.example\.com/)
  })

  it('allows a generous number of pages by default', () => {
    expect(MAX_PAGES).toBeGreaterThanOrEqual(10_000)
  })
})
