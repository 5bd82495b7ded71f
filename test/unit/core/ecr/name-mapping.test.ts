import { describe, expect, it } from 'vitest'
import { ecrNameProblem, mapRepositoryName, planNames } from '../../../../src-main/core/ecr/name-mapping'

describe('mapRepositoryName', () => {
  it.each([
    ['acme/web', {}, 'acme/web'],
    ['acme/web', { prefix: 'mirror' }, 'mirror/acme/web'],
    ['acme/web', { prefix: '/mirror/hub/' }, 'mirror/hub/acme/web'],
    ['acme/web', { dropNamespace: true, prefix: 'team' }, 'team/web'],
    ['acme/web', { renames: { 'acme/web': 'frontend/site' }, prefix: 'x' }, 'x/frontend/site'],
    ['library/nginx', { dropNamespace: true }, 'nginx'],
  ])('%s with %j → %s', (source, mapping, expected) => {
    expect(mapRepositoryName(source, mapping)).toBe(expected)
  })
})

describe('ecrNameProblem', () => {
  it.each(['ab', 'acme/web', 'a.b/c_d/e__f/g--h', '9lives/app'])('accepts %s', (name) => {
    expect(ecrNameProblem(name)).toBeUndefined()
  })
  it.each([
    ['a', /2 to 256/],
    ['x'.repeat(257), /2 to 256/],
    ['Acme/web', /lowercase/],
    ['acme//web', /lowercase/],
    ['acme/web/', /lowercase/],
    ['acme/-web', /lowercase/],
  ])('refuses %s', (name, message) => {
    expect(ecrNameProblem(name)).toMatch(message)
  })
})

describe('planNames', () => {
  it('maps every repository when all targets are valid and distinct', () => {
    expect([...planNames(['acme/web', 'acme/api'], { prefix: 'hub' })]).toEqual([
      ['acme/web', 'hub/acme/web'],
      ['acme/api', 'hub/acme/api'],
    ])
  })

  it('lists every collision and invalid name before anything runs', () => {
    expect(() => planNames(['a/web', 'b/web', 'c/x'], { dropNamespace: true })).toThrow(
      /a\/web and b\/web would both become web[\s\S]*c\/x → x: ECR repository names have 2 to 256/,
    )
  })
})
