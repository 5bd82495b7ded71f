import { describe, expect, it } from 'vitest'
import { parseChallenges, type Challenge } from '../../../../src-main/core/registry/challenge'

const bearer = (params: Record<string, string>): Challenge => ({ scheme: 'bearer', params })
const basic = (params: Record<string, string>): Challenge => ({ scheme: 'basic', params })

describe('parseChallenges', () => {
  it.each<[string, string, Challenge[]]>([
    [
      'Docker Hub',
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      [
        bearer({
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/nginx:pull',
        }),
      ],
    ],
    [
      'ECR (Basic with a service parameter)',
      'Basic realm="https://123.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com"',
      [basic({ realm: 'https://123.dkr.ecr.us-east-1.amazonaws.com/', service: 'ecr.amazonaws.com' })],
    ],
    ['plain Basic realm', 'Basic realm="Registry Realm"', [basic({ realm: 'Registry Realm' })]],
    [
      'a scope with commas inside the quotes',
      'Bearer realm="https://r.example/token",service="r",scope="repository:a:pull,push"',
      [bearer({ realm: 'https://r.example/token', service: 'r', scope: 'repository:a:pull,push' })],
    ],
    [
      'several scopes separated by a space',
      'Bearer realm="https://r/token",scope="repository:a:pull,push repository:b:pull"',
      [bearer({ realm: 'https://r/token', scope: 'repository:a:pull,push repository:b:pull' })],
    ],
    [
      'error="insufficient_scope"',
      'Bearer realm="https://r/token",service="r",scope="repository:a:pull,push",error="insufficient_scope"',
      [
        bearer({
          realm: 'https://r/token',
          service: 'r',
          scope: 'repository:a:pull,push',
          error: 'insufficient_scope',
        }),
      ],
    ],
    [
      'quoted-string escapes',
      String.raw`Basic realm="say \"hi\" to C:\\registry"`,
      [basic({ realm: String.raw`say "hi" to C:\registry` })],
    ],
    ['unquoted token values', 'Bearer realm=simple, service=reg', [bearer({ realm: 'simple', service: 'reg' })]],
    ['an empty quoted value', 'Bearer realm="",service="r"', [bearer({ realm: '', service: 'r' })]],
    [
      'scheme and parameter names in any case',
      'BEARER Realm="https://r/token",SERVICE="r"',
      [bearer({ realm: 'https://r/token', service: 'r' })],
    ],
    [
      'odd whitespace: leading, trailing, runs of spaces, tabs, space before the comma',
      '  Bearer \t realm="https://r/token" ,\t service="r"   ',
      [bearer({ realm: 'https://r/token', service: 'r' })],
    ],
    ['a scheme without parameters', 'Negotiate', [{ scheme: 'negotiate', params: {} }]],
  ])('%s', (_name, header, expected) => {
    expect(parseChallenges(header)).toEqual(expected)
  })

  it.each<[string, string, Challenge[]]>([
    [
      'Basic then Bearer',
      'Basic realm="basic-realm", Bearer realm="https://r/token",service="r"',
      [basic({ realm: 'basic-realm' }), bearer({ realm: 'https://r/token', service: 'r' })],
    ],
    [
      'Bearer with a comma scope then Basic',
      'Bearer realm="https://r/token",scope="repository:a:pull,push", Basic realm="b"',
      [bearer({ realm: 'https://r/token', scope: 'repository:a:pull,push' }), basic({ realm: 'b' })],
    ],
    [
      'a parameterless scheme between two others',
      'Basic realm="a", Negotiate, Bearer realm="c"',
      [basic({ realm: 'a' }), { scheme: 'negotiate', params: {} }, bearer({ realm: 'c' })],
    ],
  ])('several challenges in one header: %s', (_name, header, expected) => {
    expect(parseChallenges(header)).toEqual(expected)
  })

  it.each(['', '   ', ' , , '])('finds no challenge in %j', (header) => {
    expect(parseChallenges(header)).toEqual([])
  })

  // RFC 7235 allows whitespace around "=" (auth-param = token BWS "=" BWS value), and RFC 9110 list syntax
  // allows empty elements.
  it.each<[string, string]>([
    ['whitespace around "="', 'Bearer realm = "https://r/token", service= "r"'],
    ['an empty list element between parameters', 'Bearer realm="https://r/token",,service="r"'],
  ])('reads parameters despite %s', (_name, header) => {
    expect(parseChallenges(header)).toEqual([bearer({ realm: 'https://r/token', service: 'r' })])
  })
})
