import { describe, expect, it } from 'vitest'
import { parsePullQuota } from '../../../../src-main/core/dockerhub/pull-quota'

describe('parsePullQuota', () => {
  it.each([
    [
      'anonymous, as Docker documents it',
      { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '20;w=21600', 'docker-ratelimit-source': '192.0.2.1' },
      { kind: 'limited', limit: 100, remaining: 20, windowSeconds: 21600, source: '192.0.2.1' },
    ],
    [
      'a signed-in user, no source header',
      { 'ratelimit-limit': '200;w=21600', 'ratelimit-remaining': '0;w=21600' },
      { kind: 'limited', limit: 200, remaining: 0, windowSeconds: 21600, source: undefined },
    ],
    [
      'a short test window with spaces',
      { 'ratelimit-limit': '20; w=30', 'ratelimit-remaining': '7; w=30' },
      { kind: 'limited', limit: 20, remaining: 7, windowSeconds: 30, source: undefined },
    ],
    ['no headers: a paid plan or an exempt image', {}, { kind: 'unlimited' }],
    ['garbage', { 'ratelimit-limit': 'lots', 'ratelimit-remaining': 'some' }, { kind: 'unlimited' }],
  ])('reads %s', (_name, headers, expected) => {
    expect(parsePullQuota(headers)).toEqual(expected)
  })
})
