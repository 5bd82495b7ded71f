import { describe, expect, it } from 'vitest'
import { mapRepository, parsePrefix, underPrefix, type RepositoryPrefix } from '../../../src-main/cli/sync-command'

describe('parsePrefix', () => {
  it.each<[string, RepositoryPrefix]>([
    ['127.0.0.1:5000', { registry: '127.0.0.1:5000', path: '' }],
    ['127.0.0.1:5000/team/sub', { registry: '127.0.0.1:5000', path: 'team/sub' }],
    ['registry.example.com/team/', { registry: 'registry.example.com', path: 'team' }],
    ['registry.example.com/team//', { registry: 'registry.example.com', path: 'team' }],
    ['registry.example.com/', { registry: 'registry.example.com', path: '' }],
    ['localhost/x', { registry: 'localhost', path: 'x' }],
    ['[::1]:5000/mirror', { registry: '[::1]:5000', path: 'mirror' }],
    ['123.dkr.ecr.us-east-1.amazonaws.com/prod', { registry: '123.dkr.ecr.us-east-1.amazonaws.com', path: 'prod' }],
    // A prefix is not a repository: no implicit library/ for Docker Hub.
    ['docker.io/acme', { registry: 'docker.io', path: 'acme' }],
    ['docker.io', { registry: 'docker.io', path: '' }],
    ['index.docker.io/acme', { registry: 'docker.io', path: 'acme' }],
    ['registry-1.docker.io/acme/tools', { registry: 'docker.io', path: 'acme/tools' }],
    ['Registry.Example.COM/team', { registry: 'registry.example.com', path: 'team' }],
  ])('%s', (text, expected) => {
    expect(parsePrefix(text)).toEqual(expected)
  })

  it.each<[string, string]>([
    ['acme/app', 'does not start with a registry host'],
    ['acme', 'does not start with a registry host'],
    ['registry.example.com/Team', 'Invalid repository'],
    ['registry.example.com/a//b', 'empty component'],
    ['', 'Invalid repository'],
  ])('refuses %j', (text, message) => {
    expect(() => parsePrefix(text)).toThrow(
      expect.objectContaining({ code: 'REFERENCE_INVALID', message: expect.stringContaining(message) }),
    )
  })
})

const prefix = (registry: string, path: string): RepositoryPrefix => ({ registry, path })

describe('mapRepository', () => {
  it.each<[string, RepositoryPrefix, RepositoryPrefix, string]>([
    ['team/app', prefix('src', 'team'), prefix('dst', 'mirror/team'), 'mirror/team/app'],
    ['team/a/b', prefix('src', 'team'), prefix('dst', 'mirror'), 'mirror/a/b'],
    ['team/app', prefix('src', 'team'), prefix('dst', ''), 'app'],
    ['x/y', prefix('src', ''), prefix('dst', 'backup'), 'backup/x/y'],
    ['x/y', prefix('src', ''), prefix('dst', ''), 'x/y'],
    ['team', prefix('src', 'team'), prefix('dst', 'mirror'), 'mirror'],
    ['acme/tools/cli', prefix('docker.io', 'acme/tools'), prefix('ecr', 'hub/acme'), 'hub/acme/cli'],
  ])('%s under %j → %j is %s', (repository, from, to, expected) => {
    expect(mapRepository(repository, from, to)).toBe(expected)
  })
})

describe('underPrefix', () => {
  it.each<[string, string, boolean]>([
    ['acme/x', 'acme', true],
    ['acme/x/y', 'acme', true],
    ['acme', 'acme', true],
    ['acmelabs/x', 'acme', false],
    ['acme-x', 'acme', false],
    ['team/acme/x', 'acme', false],
    ['acme/tools/cli', 'acme/tools', true],
    ['acme/toolset', 'acme/tools', false],
    ['library/nginx', '', true],
    ['anything/at/all', '', true],
  ])('%s under %j: %s', (repository, path, expected) => {
    expect(underPrefix(repository, prefix('r', path))).toBe(expected)
  })

  it('filters a Docker Hub catalog by the parsed prefix', () => {
    const acme = parsePrefix('docker.io/acme')
    expect(
      ['acme/app', 'acmelabs/app', 'library/nginx', 'acme'].filter((repository) => underPrefix(repository, acme)),
    ).toEqual(['acme/app', 'acme'])
  })
})
