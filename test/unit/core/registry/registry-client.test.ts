import { describe, expect, it } from 'vitest'
import { nextLink } from '../../../../src-main/core/registry/registry-client'

describe('nextLink', () => {
  it.each<[string, string | undefined, string | undefined]>([
    [
      'a relative target (distribution)',
      '</v2/team/app/tags/list?last=t9&n=10>; rel="next"',
      '/v2/team/app/tags/list?last=t9&n=10',
    ],
    [
      'an absolute target',
      '<https://registry.example.com/v2/_catalog?last=b&n=100>; rel="next"',
      'https://registry.example.com/v2/_catalog?last=b&n=100',
    ],
    ['an unquoted rel', '</v2/_catalog?last=a>; rel=next', '/v2/_catalog?last=a'],
    ['no space after the semicolon', '</v2/x/tags/list?last=a>;rel="next"', '/v2/x/tags/list?last=a'],
    [
      'next after another link',
      '</v2/x/tags/list?last=a>; rel="prev", </v2/x/tags/list?last=z>; rel="next"',
      '/v2/x/tags/list?last=z',
    ],
    [
      'next before another link',
      '</v2/x/tags/list?last=z>; rel="next", </v2/x/tags/list>; rel="first"',
      '/v2/x/tags/list?last=z',
    ],
    ['a target with a comma in it', '</v2/x/tags/list?last=a,b>; rel="next"', '/v2/x/tags/list?last=a,b'],
    ['one of several relation types', '</v2/x/tags/list?last=q>; rel="last next"', '/v2/x/tags/list?last=q'],
    ['only a prev link', '</v2/x/tags/list?last=a>; rel="prev"', undefined],
    ['an empty header', '', undefined],
    ['no header', undefined, undefined],
  ])('%s', (_name, header, expected) => {
    expect(nextLink(header)).toBe(expected)
  })
})
