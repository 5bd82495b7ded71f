import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { defaultDockerConfigPath, dockerConfigResolver } from '../../../../src-main/core/credentials/docker-config'
import type { RegistryCredential } from '../../../../src-main/core/registry/credentials'
import { fakeCredentialHelperPerTest } from '../../../support/credential-helper'

const HELPER_SECRET = 'helper-secret-9f3a'
const HELPER_TOKEN = 'helper-identity-token-77c1'
const STDERR_SECRET = 'stderr-leak-secret-42'
const AUTHS_PASSWORD = 'pa:ss-from-auths'
const SECRETS = [HELPER_SECRET, HELPER_TOKEN, STDERR_SECRET, AUTHS_PASSWORD]

const helperEntry = { Username: 'alice', Secret: HELPER_SECRET }

const fixture = fakeCredentialHelperPerTest('crossdock-docker-config-')

beforeAll(async () => {
  const { helper } = fixture
  for (const url of ['helper.example.com', 'https://index.docker.io/v1/', 'store.example.com'])
    await helper.put(url, helperEntry)
  await helper.put('token.example.com', { Username: '<token>', Secret: HELPER_TOKEN })
  await helper.put('empty-secret.example.com', { Username: 'alice', Secret: '' })
  await helper.script('broken.example.com', { stderr: `cannot unlock keyring, secret ${STDERR_SECRET}\n`, exitCode: 3 })
  await helper.script('garbage.example.com', { stdout: `this is not json ${STDERR_SECRET}\n` })
})

let configCount = 0
async function config(content: unknown): Promise<string> {
  const path = join(fixture.dir, `config-${++configCount}.json`)
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

const b64 = (text: string): string => Buffer.from(text).toString('base64')
const basic = (username: string, password: string): RegistryCredential => ({ kind: 'basic', username, password })

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected a rejection')
}

function expectNoSecret(message: string): void {
  for (const secret of SECRETS) expect(message).not.toContain(secret)
}

describe('dockerConfigResolver: auths', () => {
  const auths = {
    auths: {
      'reg.example.com': { auth: b64(`alice:${AUTHS_PASSWORD}`) },
      'plain.example.com': { username: 'bob', password: 'hunter2' },
      'oauth.example.com': { identitytoken: 'refresh-token-1', auth: b64('ignored:ignored') },
      'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
      'https://scheme.example.com': { auth: b64('carol:c') },
      'slash.example.com/': { auth: b64('dave:d') },
      'nopassword.example.com': { username: 'eve' },
    },
  }

  it.each<[string, string, RegistryCredential | undefined]>([
    ['base64 auth (password with a colon)', 'reg.example.com', basic('alice', AUTHS_PASSWORD)],
    ['username and password fields', 'plain.example.com', basic('bob', 'hunter2')],
    ['identitytoken, which wins over auth', 'oauth.example.com', { kind: 'identity-token', token: 'refresh-token-1' }],
    ['Docker Hub under https://index.docker.io/v1/', 'docker.io', basic('hubuser', 'hubpass')],
    ['a key written with https://', 'scheme.example.com', basic('carol', 'c')],
    ['a key with a trailing slash', 'slash.example.com', basic('dave', 'd')],
    ['an entry without a password', 'nopassword.example.com', undefined],
    ['a registry not in the file', 'other.example.com', undefined],
  ])('%s', async (_name, registry, expected) => {
    const resolve = dockerConfigResolver({ configPath: await config(auths) })
    expect(await resolve(registry)).toEqual(expected)
  })

  it('treats a missing config file as anonymous', async () => {
    const resolve = dockerConfigResolver({ configPath: join(fixture.dir, 'does-not-exist', 'config.json') })
    expect(await resolve('reg.example.com')).toBeUndefined()
  })

  it('reports invalid JSON as CREDENTIALS, naming the file', async () => {
    const path = await config('{"auths": {')
    const error = await failure(dockerConfigResolver({ configPath: path })('reg.example.com'))
    expect(error.code).toBe('CREDENTIALS')
    expect(error.message).toContain(path)
    expect(error.message).toContain('not valid JSON')
  })

  it.each<[string, string]>([
    ['base64 of a value without a colon', b64(AUTHS_PASSWORD.replace(':', ''))],
    ['base64 with an empty user', b64(`:${AUTHS_PASSWORD}`)],
    ['not base64 at all', '!!!***'],
  ])('reports a bad auth entry (%s) as CREDENTIALS without the secret', async (_name, auth) => {
    const path = await config({ auths: { 'reg.example.com': { auth } } })
    const error = await failure(dockerConfigResolver({ configPath: path })('reg.example.com'))
    expect(error.code).toBe('CREDENTIALS')
    expect(error.message).toContain('reg.example.com')
    expect(error.message).toContain(path)
    expect(error.message).not.toContain(auth)
    const decoded = Buffer.from(auth, 'base64').toString('utf8')
    if (decoded.length > 0) expect(error.message).not.toContain(decoded)
    expectNoSecret(error.message)
  })
})

describe('dockerConfigResolver: credential helpers (a real docker-credential-crossdocktest on PATH)', () => {
  it('runs credHelpers[host] with `get` and the server URL on stdin', async () => {
    const before = (await fixture.helper.calls()).length
    const resolve = dockerConfigResolver({
      configPath: await config({ credHelpers: { 'helper.example.com': 'crossdocktest' } }),
    })
    expect(await resolve('helper.example.com')).toEqual(basic('alice', HELPER_SECRET))
    expect((await fixture.helper.calls()).slice(before)).toEqual(['get helper.example.com'])
  })

  it('maps the <token> user name to an identity token', async () => {
    const resolve = dockerConfigResolver({
      configPath: await config({ credHelpers: { 'token.example.com': 'crossdocktest' } }),
    })
    expect(await resolve('token.example.com')).toEqual({ kind: 'identity-token', token: HELPER_TOKEN })
  })

  it('asks credsStore for Docker Hub under its v1 index URL', async () => {
    const before = (await fixture.helper.calls()).length
    const resolve = dockerConfigResolver({ configPath: await config({ credsStore: 'crossdocktest' }) })
    expect(await resolve('docker.io')).toEqual(basic('alice', HELPER_SECRET))
    expect((await fixture.helper.calls()).slice(before)).toEqual(['get https://index.docker.io/v1/'])
  })

  it('prefers credHelpers over credsStore', async () => {
    const resolve = dockerConfigResolver({
      configPath: await config({
        credsStore: 'crossdock-not-installed',
        credHelpers: { 'helper.example.com': 'crossdocktest' },
      }),
    })
    expect(await resolve('helper.example.com')).toEqual(basic('alice', HELPER_SECRET))
  })

  it.each<[string, Record<string, unknown>, RegistryCredential | undefined]>([
    ['nothing else configured', {}, undefined],
    ['an auths entry', { auths: { 'missing.example.com': { auth: b64('fallback:pw') } } }, basic('fallback', 'pw')],
  ])('falls back when the helper answers "credentials not found" (%s)', async (_name, extra, expected) => {
    const resolve = dockerConfigResolver({ configPath: await config({ credsStore: 'crossdocktest', ...extra }) })
    expect(await resolve('missing.example.com')).toEqual(expected)
  })

  it('treats an empty Secret as no credentials', async () => {
    const resolve = dockerConfigResolver({ configPath: await config({ credsStore: 'crossdocktest' }) })
    expect(await resolve('empty-secret.example.com')).toBeUndefined()
  })

  it.each<[string, string, RegExp]>([
    [
      'exits with an error',
      'broken.example.com',
      /docker-credential-crossdocktest could not be used \(it exited with an error\)/,
    ],
    [
      'prints something that is not JSON',
      'garbage.example.com',
      /docker-credential-crossdocktest printed something that is not JSON/,
    ],
  ])('reports a helper that %s as CREDENTIALS without leaking its output', async (_name, registry, message) => {
    const resolve = dockerConfigResolver({ configPath: await config({ credsStore: 'crossdocktest' }) })
    const error = await failure(resolve(registry))
    expect(error.code).toBe('CREDENTIALS')
    expect(error.message).toMatch(message)
    expectNoSecret(error.message)
  })

  it('reports a helper that is not installed as CREDENTIALS naming the program', async () => {
    const resolve = dockerConfigResolver({
      configPath: await config({ credHelpers: { 'reg.example.com': 'crossdock-not-installed' } }),
    })
    const error = await failure(resolve('reg.example.com'))
    expect(error.code).toBe('CREDENTIALS')
    expect(error.message).toContain('docker-credential-crossdock-not-installed')
    expect(error.message).toContain('not on PATH')
  })
})

describe('defaultDockerConfigPath', () => {
  it('honours DOCKER_CONFIG', () => {
    expect(defaultDockerConfigPath({ DOCKER_CONFIG: '/etc/docker-cfg' })).toBe(join('/etc/docker-cfg', 'config.json'))
  })

  it('defaults to ~/.docker/config.json', () => {
    expect(defaultDockerConfigPath({})).toMatch(/[\\/]\.docker[\\/]config\.json$/)
  })
})
