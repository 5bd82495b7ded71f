import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  anonymous,
  type CredentialResolver,
  type RegistryCredential,
} from '../../../../src-main/core/registry/credentials'
import type { Digest } from '../../../../src-main/core/reference/digest'
import { RegistryPool } from '../../../../src-main/core/registry/registry-pool'
import {
  collectingEngine,
  copyOnce,
  pair,
  TEST_RETRY,
  testEngine,
  type Endpoint,
} from '../../../support/crossdock-harness'
import { buildImage, getManifestDigest, pushManifestTree, type BuiltManifest } from '../../../support/images'
import { startTokenAuthFront, type TokenAuthFront, type TokenRequest } from '../../../support/token-auth-front'

const SOURCE_USERS = { alice: 'alice-source-password-7d1e' }
const DESTINATION_USERS = { bob: 'bob-destination-password-3c9a' }
const PASSWORDS = [...Object.values(SOURCE_USERS), ...Object.values(DESTINATION_USERS)]

let source: TokenAuthFront
let destination: TokenAuthFront

const sourceAs = (front: TokenAuthFront = source): Endpoint => ({
  host: front.host,
  auth: { user: 'alice', password: SOURCE_USERS.alice },
})
const destinationAs = (front: TokenAuthFront = destination): Endpoint => ({
  host: front.host,
  auth: { user: 'bob', password: DESTINATION_USERS.bob },
})

/** One pool for one front, as the CLI would build it. */
function poolFor(front: TokenAuthFront, credential?: RegistryCredential): RegistryPool {
  const credentials: CredentialResolver = credential
    ? async (registry) => (registry === front.host ? credential : undefined)
    : anonymous
  return new RegistryPool({ credentials, plainHttp: new Set([front.host]), retry: TEST_RETRY })
}

const scopeSet = (request: TokenRequest): string => [...request.scopes].sort().join(' ')

/** Every scope set was asked for once: tokens are cached per scope set, not fetched per request. */
function expectOneTokenPerScopeSet(front: TokenAuthFront): void {
  const sets = front.tokenRequests.map(scopeSet)
  expect(sets.length).toBeGreaterThan(0)
  expect(sets).toEqual([...new Set(sets)])
}

function expectNoPassword(text: string | undefined): void {
  expect(text).toBeDefined()
  for (const password of PASSWORDS) expect(text).not.toContain(password)
}

async function seed(front: TokenAuthFront, repository: string, image: BuiltManifest, tags: string[]): Promise<void> {
  await pushManifestTree(front.registry.url, repository, image, tags[0])
  for (const tag of tags.slice(1)) await pushManifestTree(front.registry.url, repository, image, tag)
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const publicImage = buildImage({ format: 'oci', seed: 'bearer-public', layers: 2 })
const privateImage = buildImage({ format: 'docker', seed: 'bearer-private', layers: 1 })

beforeAll(async () => {
  ;[source, destination] = await Promise.all([
    startTokenAuthFront({
      users: SOURCE_USERS,
      public: ['public'],
      refreshTokens: { 'alice-identity-token-5b': 'alice' },
    }),
    startTokenAuthFront({ users: DESTINATION_USERS, public: [] }),
  ])
  await Promise.all([
    seed(source, 'public/app', publicImage, ['v1']),
    seed(source, 'private/app', privateImage, ['v1']),
  ])
})
afterAll(async () => {
  await Promise.all([source?.stop(), destination?.stop()])
})

describe('Bearer token auth: pulls', () => {
  it('pulls a public repository anonymously with one challenge and one token', async () => {
    source.resetLog()
    const pool = poolFor(source)
    try {
      const client = pool.client(source.host)
      expect(await client.listTags('public/app')).toEqual(['v1'])
      const manifest = await client.getManifest('public/app', 'v1')
      expect(manifest.digest).toBe(publicImage.digest)
      expect(manifest.bytes.equals(publicImage.bytes)).toBe(true)
      const layer = publicImage.blobs[1]!
      const bytes = await readAll(
        await client.getBlob('public/app', { digest: layer.digest as Digest, size: layer.size }),
      )
      expect(bytes.equals(layer.bytes)).toBe(true)
    } finally {
      await pool.close()
    }
    expect(source.unauthorized).toBe(1)
    expect(source.tokenRequests).toEqual([
      { scopes: ['repository:public/app:pull'], granted: ['repository:public/app:pull'], status: 200 },
    ])
  })

  it('copies a public image with an anonymous source', async () => {
    const report = await copyOnce({ host: source.host }, destinationAs(), [
      pair(`${source.host}/public/app:v1`, `${destination.host}/anon/app:v1`),
    ])
    expect(report.tags.map((t) => [t.outcome, t.error])).toEqual([['copied', undefined]])
    expect(await getManifestDigest(destination.registry.url, 'anon/app', 'v1')).toBe(publicImage.digest)
  })

  it('signs in with an identity token (OAuth2 refresh_token grant)', async () => {
    source.resetLog()
    const pool = poolFor(source, { kind: 'identity-token', token: 'alice-identity-token-5b' })
    try {
      expect((await pool.client(source.host).headManifest('private/app', 'v1'))?.digest).toBe(privateImage.digest)
    } finally {
      await pool.close()
    }
    expect(source.tokenRequests).toEqual([
      { scopes: ['repository:private/app:pull'], granted: ['repository:private/app:pull'], user: 'alice', status: 200 },
    ])
  })

  it.each<[string, RegistryCredential | undefined]>([
    ['without credentials', undefined],
    ['with a wrong password', { kind: 'basic', username: 'alice', password: `${SOURCE_USERS.alice}-but-wrong` }],
  ])('refuses a private repository %s with AUTH_FAILED and no password in the message', async (_name, credential) => {
    const pool = poolFor(source, credential)
    let error: (Error & { code?: string }) | undefined
    try {
      await pool.client(source.host).getManifest('private/app', 'v1')
    } catch (caught) {
      error = caught as Error & { code?: string }
    } finally {
      await pool.close()
    }
    expect(error?.code).toBe('AUTH_FAILED')
    expect(error?.message).toContain('repository:private/app:pull')
    expectNoPassword(error?.message)
    if (credential?.kind === 'basic') expect(error?.message).not.toContain(credential.password)
  })

  it('reports the tag as failed with AUTH_FAILED when the engine has no source credentials', async () => {
    const report = await copyOnce({ host: source.host }, destinationAs(), [
      pair(`${source.host}/private/app:v1`, `${destination.host}/private/app:v1`),
    ])
    expect(report.tags).toHaveLength(1)
    expect(report.tags[0]).toMatchObject({ outcome: 'failed', error: { code: 'AUTH_FAILED' } })
    expectNoPassword(report.tags[0]?.error?.message)
    expect(await getManifestDigest(destination.registry.url, 'private/app', 'v1')).toBeUndefined()
  })
})

describe('Bearer token auth: authenticated copies', () => {
  it('copies many tags in parallel with one 401 per registry and one token per scope set', async () => {
    const repositories = ['team/r1', 'team/r2', 'team/r3', 'team/r4']
    const tags = ['v1', 'v2', 'v3']
    const images = repositories.map((repository) =>
      buildImage({ format: 'oci', seed: `bearer-${repository}`, layers: 2 }),
    )
    await Promise.all(repositories.map((repository, i) => seed(source, repository, images[i]!, tags)))
    source.resetLog()
    destination.resetLog()

    const pairs = repositories.flatMap((repository) =>
      tags.map((tag) => pair(`${source.host}/${repository}:${tag}`, `${destination.host}/${repository}:${tag}`)),
    )
    const report = await copyOnce(sourceAs(), destinationAs(), pairs)
    expect(report.tags.filter((t) => t.outcome !== 'copied').map((t) => t.error)).toEqual([])
    for (const [i, repository] of repositories.entries()) {
      for (const tag of tags)
        expect(await getManifestDigest(destination.registry.url, repository, tag)).toBe(images[i]!.digest)
    }

    expect(source.unauthorized).toBe(1)
    expect(destination.unauthorized).toBe(1)
    expectOneTokenPerScopeSet(source)
    expectOneTokenPerScopeSet(destination)
    expect(source.tokenRequests.map(scopeSet).sort()).toEqual(repositories.map((r) => `repository:${r}:pull`))
    expect(destination.tokenRequests.map(scopeSet).sort()).toEqual(repositories.map((r) => `repository:${r}:pull,push`))
    expect(
      destination.tokenRequests.every(
        (r) => r.user === 'bob' && r.status === 200 && r.granted.join() === r.scopes.join(),
      ),
    ).toBe(true)
    // Many more requests than tokens: the tokens were reused.
    expect(destination.requests.length).toBeGreaterThan(4 * destination.tokenRequests.length)
  })

  it('mounts a shared layer across repositories through the front, with pull on `from` in the token', async () => {
    const base = buildImage({ format: 'oci', seed: 'bearer-mount-base', layers: 2, layerSize: 64 * 1024 })
    const repositories = ['mount/one', 'mount/two']
    const images = repositories.map((repository) =>
      buildImage({ format: 'oci', seed: `bearer-${repository}`, sharedLayers: base.blobs.slice(1), layers: 1 }),
    )
    await Promise.all(repositories.map((repository, i) => seed(source, repository, images[i]!, ['v1'])))
    destination.resetLog()

    const report = await copyOnce(
      sourceAs(),
      destinationAs(),
      repositories.map((repository) => pair(`${source.host}/${repository}:v1`, `${destination.host}/${repository}:v1`)),
    )
    expect(report.tags.map((t) => [t.outcome, t.error])).toEqual([
      ['copied', undefined],
      ['copied', undefined],
    ])
    // Own config and layer per repository (2 × 2) plus the 2 shared layers once; the shared layers mount into the
    // other.
    expect(report.progress.blobsUploaded).toBe(6)
    expect(report.progress.blobsMounted).toBe(2)
    expect(report.progress.blobsMounted).toBeGreaterThan(0)
    for (const [i, repository] of repositories.entries()) {
      expect(await getManifestDigest(destination.registry.url, repository, 'v1')).toBe(images[i]!.digest)
    }

    // Cross-repository mounts only, not the self-mounts that ask "already here?".
    const mounts = destination.requests
      .filter((r) => r.method === 'POST')
      .map((r) => {
        const url = new URL(r.path, destination.url)
        return {
          into: /^\/v2\/(.+)\/blobs\/uploads\/$/.exec(url.pathname)?.[1],
          from: url.searchParams.get('from'),
          status: r.status,
        }
      })
      .filter((m) => m.from !== null && m.from !== m.into)
    expect(mounts).toHaveLength(2)
    expect(mounts.map((m) => m.status)).toEqual([201, 201])
    const { into, from } = mounts[0]!
    expect(mounts[1]).toMatchObject({ into, from })
    const mountTokens = destination.tokenRequests.filter((r) => r.scopes.length === 2)
    expect(mountTokens).toHaveLength(1)
    expect([...mountTokens[0]!.granted].sort()).toEqual(
      [`repository:${from}:pull`, `repository:${into}:pull,push`].sort(),
    )
    // The mount token was asked for up front: no insufficient_scope round trip.
    expect(destination.unauthorized).toBe(1)
    expectOneTokenPerScopeSet(destination)
  })
})

describe('Bearer token auth: token expiry', () => {
  let shortSource: TokenAuthFront
  let shortDestination: TokenAuthFront

  beforeAll(async () => {
    ;[shortSource, shortDestination] = await Promise.all([
      startTokenAuthFront({ users: SOURCE_USERS, public: [], tokenLifetimeSeconds: 2, backend: source.registry }),
      startTokenAuthFront({
        users: DESTINATION_USERS,
        public: [],
        tokenLifetimeSeconds: 2,
        backend: destination.registry,
      }),
    ])
  })
  afterAll(async () => {
    await Promise.all([shortSource?.stop(), shortDestination?.stop()])
  })

  it('fetches new tokens when they expire mid-run, without a failure', async () => {
    const first = buildImage({ format: 'oci', seed: 'bearer-expiry-1' })
    const second = buildImage({ format: 'oci', seed: 'bearer-expiry-2' })
    await seed(shortSource, 'expiry/app', first, ['one'])
    await seed(shortSource, 'expiry/app', second, ['two'])

    const harness = testEngine(sourceAs(shortSource), destinationAs(shortDestination))
    try {
      const one = pair(`${shortSource.host}/expiry/app:one`, `${shortDestination.host}/expiry/app:one`)
      const two = pair(`${shortSource.host}/expiry/app:two`, `${shortDestination.host}/expiry/app:two`)
      const before = await harness.engine.run([one])
      expect(before.tags.map((t) => [t.outcome, t.error])).toEqual([['copied', undefined]])
      const tokensBefore = {
        source: shortSource.tokenRequests.length,
        destination: shortDestination.tokenRequests.length,
      }

      await new Promise((resolve) => setTimeout(resolve, 2_500))

      // A new engine (one per run, as the CLI does) on the same pools, so with the same now-expired cached tokens.
      const engine = collectingEngine({
        source: (registry) => harness.sourcePool.client(registry),
        destination: (registry) => harness.destinationPool.client(registry),
        retry: TEST_RETRY,
      })
      const after = await engine.run([two, one])
      expect(after.tags.map((t) => [t.outcome, t.error])).toEqual([
        ['copied', undefined],
        ['skipped', undefined],
      ])
      expect(await getManifestDigest(destination.registry.url, 'expiry/app', 'two')).toBe(second.digest)
      expect(shortSource.tokenRequests.length).toBeGreaterThan(tokensBefore.source)
      expect(shortDestination.tokenRequests.length).toBeGreaterThan(tokensBefore.destination)
      expect(shortSource.tokenRequests.map(scopeSet)).toContain('repository:expiry/app:pull')
      expect(shortSource.tokenRequests.slice(tokensBefore.source).map(scopeSet)).toContain('repository:expiry/app:pull')
      // Refreshed before expiry: no request went out with a dead token.
      expect(shortSource.unauthorized).toBe(1)
      expect(shortDestination.unauthorized).toBe(1)
    } finally {
      await harness.close()
    }
  })
})

describe('Bearer token auth: tokens dropped by the server before expires_in', () => {
  let revokingSource: TokenAuthFront
  let revokingDestination: TokenAuthFront

  beforeAll(async () => {
    ;[revokingSource, revokingDestination] = await Promise.all([
      startTokenAuthFront({ users: SOURCE_USERS, public: [], backend: source.registry }),
      startTokenAuthFront({ users: DESTINATION_USERS, public: [], backend: destination.registry }),
    ])
  })
  afterAll(async () => {
    await Promise.all([revokingSource?.stop(), revokingDestination?.stop()])
  })

  it('answers the 401 of every parallel request with a fresh token, without a failure', async () => {
    const image = buildImage({ format: 'oci', seed: 'bearer-revoked' })
    const tags = Array.from({ length: 8 }, (_, i) => `r${i}`)
    await seed(revokingSource, 'revoked/app', image, tags)
    const harness = testEngine(sourceAs(revokingSource), destinationAs(revokingDestination))
    try {
      const pairs = tags.map((tag) =>
        pair(`${revokingSource.host}/revoked/app:${tag}`, `${revokingDestination.host}/revoked/app:${tag}`),
      )
      const first = await harness.engine.run(pairs)
      expect(first.tags.filter((t) => t.outcome !== 'copied').map((t) => t.error)).toEqual([])

      revokingSource.revokeTokens()
      revokingDestination.revokeTokens()
      revokingSource.resetLog()
      revokingDestination.resetLog()
      const engine = collectingEngine({
        source: (registry) => harness.sourcePool.client(registry),
        destination: (registry) => harness.destinationPool.client(registry),
        retry: TEST_RETRY,
      })
      const second = await engine.run(pairs)
      expect(second.tags.map((t) => [t.outcome, t.error])).toEqual(tags.map(() => ['skipped', undefined]))
      // The cached tokens were used and refused, then replaced.
      expect(revokingSource.unauthorized).toBeGreaterThan(0)
      expect(
        revokingSource.requests.filter((r) => r.status === 401).every((r) => r.method === 'HEAD' || r.method === 'GET'),
      ).toBe(true)
      expect(
        revokingSource.tokenRequests.every((r) => r.status === 200 && scopeSet(r) === 'repository:revoked/app:pull'),
      ).toBe(true)
      expect(revokingSource.tokenRequests.length).toBeGreaterThan(0)
    } finally {
      await harness.close()
    }
  })
})
