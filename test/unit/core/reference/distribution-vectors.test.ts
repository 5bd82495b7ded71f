import { describe, expect, it } from 'vitest'
import { formatReference, parseReference, parseRepository } from '../../../../src-main/core/reference/reference'

// Test vectors from distribution/reference's normalize_test.go (Apache-2.0, The Distribution Authors): the cases
// its ParseNormalizedNamed is held to, which Docker's own normalisation follows. Data only; our code is our own.

const VALID_NAMES = [
  'docker/docker',
  'library/debian',
  'debian',
  'docker.io/docker/docker',
  'docker.io/library/debian',
  'docker.io/debian',
  'index.docker.io/docker/docker',
  'index.docker.io/library/debian',
  'index.docker.io/debian',
  '127.0.0.1:5000/docker/docker',
  '127.0.0.1:5000/library/debian',
  '127.0.0.1:5000/debian',
  '192.168.0.1',
  '192.168.0.1:80',
  '192.168.0.1:8/debian',
  '192.168.0.2:25000/debian',
  'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
  '[fc00::1]:5000/docker',
  '[fc00::1]:5000/docker/docker',
  '[fc00:1:2:3:4:5:6:7]:5000/library/debian',
  'docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
  'Docker/docker',
  'DOCKER/docker',
  'docker-rules/docker',
  'docker---rules/docker',
  'doc/docker',
  'd/docker',
  'jess/t',
  'dock__er/docker',
]

const INVALID_NAMES = [
  'https://github.com/docker/docker',
  'docker/Docker',
  '-docker',
  '-docker/docker',
  '-docker.io/docker/docker',
  'docker///docker',
  'docker.io/docker/Docker',
  'docker.io/docker///docker',
  '[fc00::1]',
  '[fc00::1]:5000',
  'fc00::1:5000/debian',
  '[fe80::1%eth0]:5000/debian',
  '[2001:db8:3:4::192.0.2.33]:5000/debian',
  '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
  'docker-/docker',
  '-docker-/docker',
  '____/____',
  '_docker/_docker',
  'dock..er/docker',
  'dock_.er/docker',
  'dock-.er/docker',
  'docker/',
  `${'this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_'.repeat(4)}/docker`,
]

// [as written, registry, repository] (TestParseRepositoryInfo and TestNormalizedSplitHostname).
const SPLITS: [string, string, string][] = [
  ['fooo/bar', 'docker.io', 'fooo/bar'],
  ['index.docker.io/fooo/bar', 'docker.io', 'fooo/bar'],
  ['ubuntu', 'docker.io', 'library/ubuntu'],
  ['library/ubuntu', 'docker.io', 'library/ubuntu'],
  ['docker.io/library/ubuntu', 'docker.io', 'library/ubuntu'],
  ['nonlibrary/ubuntu', 'docker.io', 'nonlibrary/ubuntu'],
  ['other/library', 'docker.io', 'other/library'],
  ['127.0.0.1:8000/private/moonbase', '127.0.0.1:8000', 'private/moonbase'],
  ['127.0.0.1:8000/privatebase', '127.0.0.1:8000', 'privatebase'],
  ['example.com/private/moonbase', 'example.com', 'private/moonbase'],
  ['example.com:8000/privatebasee', 'example.com:8000', 'privatebasee'],
  ['ubuntu-12.04-base', 'docker.io', 'library/ubuntu-12.04-base'],
  ['docker.io/foo', 'docker.io', 'library/foo'],
  ['library/foo/bar', 'docker.io', 'library/foo/bar'],
  ['docker.io/library/foo/bar', 'docker.io', 'library/foo/bar'],
  ['store/foo/bar', 'docker.io', 'store/foo/bar'],
  ['test.com/foo', 'test.com', 'foo'],
  ['test_com/foo', 'docker.io', 'test_com/foo'],
  ['docker/migrator', 'docker.io', 'docker/migrator'],
  ['test.com:8080/foo', 'test.com:8080', 'foo'],
  ['test-com:8080/foo', 'test-com:8080', 'foo'],
  ['xn--n3h.com/foo', 'xn--n3h.com', 'foo'],
  ['xn--n3h.com:18080/foo', 'xn--n3h.com:18080', 'foo'],
]

// [as written, canonical] (TestParseAnyReference, TestParseReferenceWithTagAndDigest).
const DIGEST = 'sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c'
const CANONICAL: [string, string][] = [
  ['redis', 'docker.io/library/redis:latest'],
  ['redis:latest', 'docker.io/library/redis:latest'],
  ['docker.io/library/redis:latest', 'docker.io/library/redis:latest'],
  [`redis@${DIGEST}`, `docker.io/library/redis@${DIGEST}`],
  [`docker.io/library/redis@${DIGEST}`, `docker.io/library/redis@${DIGEST}`],
  ['dmcgowan/myapp', 'docker.io/dmcgowan/myapp:latest'],
  ['docker.io/mcgowan/myapp:latest', 'docker.io/mcgowan/myapp:latest'],
  [`dmcgowan/myapp@${DIGEST}`, `docker.io/dmcgowan/myapp@${DIGEST}`],
  [
    'dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9',
    'docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9:latest',
  ],
  ['dbcc1', 'docker.io/library/dbcc1:latest'],
  [
    'busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa',
    'docker.io/library/busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa',
  ],
]

describe("Docker's normalisation, held to distribution/reference's published cases", () => {
  // ParseNormalizedNamed reads a tag too: `192.168.0.1:80` is the image 192.168.0.1 at tag 80.
  it.each(VALID_NAMES)('accepts %s', (name) => {
    expect(() => parseReference(name)).not.toThrow()
  })

  it.each(INVALID_NAMES)('refuses %s', (name) => {
    expect(() => parseReference(name)).toThrow()
  })

  it('names Docker Hub by any of its host names', () => {
    for (const host of ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'])
      expect(parseReference(`${host}/acme/api:1`)).toEqual({ registry: 'docker.io', repository: 'acme/api', tag: '1' })
  })

  it.each(SPLITS)('splits %s into %s and %s', (written, registry, repository) => {
    expect(parseRepository(written)).toEqual({ registry, repository })
  })

  it.each(CANONICAL)('reads %s as %s', (written, canonical) => {
    expect(formatReference(parseReference(written))).toBe(canonical)
  })
})
