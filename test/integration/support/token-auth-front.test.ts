import { createHash } from 'node:crypto'
import { request } from 'undici'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildImage, pushManifestTree, randomLayer } from '../../support/images'
import { SERVICE, startTokenAuthFront, type TokenAuthFront } from '../../support/token-auth-front'

// Plain undici on purpose: the emulator must not be checked with the product's registry client.

const USERS = { alice: 'alice-password-1', reader: 'reader-password-2' }
const image = buildImage({
  format: 'oci',
  seed: 'token-front',
  sharedLayers: [randomLayer('token-front-big', 300_000)],
})
const bigLayer = image.blobs[1]!

let front: TokenAuthFront

beforeAll(async () => {
  front = await startTokenAuthFront({
    users: USERS,
    public: ['public'],
    acl: { reader: [{ repository: 'team', actions: ['pull'] }] },
    refreshTokens: { 'identity-token-xyz': 'alice' },
  })
  // One by one: concurrent uploads of one blob race inside distribution.
  for (const repository of ['public/app', 'team/app', 'base/img'])
    await pushManifestTree(front.registry.url, repository, image, 'v1')
})
afterAll(async () => {
  await front?.stop()
})
beforeEach(() => front.resetLog())

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

async function call(
  method: 'GET' | 'HEAD' | 'POST' | 'PUT',
  url: string,
  o: { token?: string; basic?: [string, string]; body?: Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...o.headers }
  if (o.token) headers.authorization = `Bearer ${o.token}`
  if (o.basic) headers.authorization = `Basic ${Buffer.from(o.basic.join(':')).toString('base64')}`
  const res = await request(url, { method, headers, body: o.body ?? null })
  const body = Buffer.from(await res.body.arrayBuffer())
  return { status: res.statusCode, headers: res.headers, body }
}

const header = (answer: Answer, name: string): string | undefined => {
  const value = answer.headers[name]
  return Array.isArray(value) ? value[0] : value
}

async function token(
  scopes: string[],
  basic?: [string, string],
): Promise<{ token: string; expires_in: number; issued_at: string; access_token: string }> {
  const url = new URL(`${front.url}/token`)
  url.searchParams.set('service', SERVICE)
  for (const scope of scopes) url.searchParams.append('scope', scope)
  const answer = await call('GET', url.href, { basic })
  expect(answer.status).toBe(200)
  return JSON.parse(answer.body.toString('utf8'))
}

const challengeFor = (scope?: string, error?: string): string =>
  `Bearer realm="http://${front.host}/token",service="${SERVICE}"${scope ? `,scope="${scope}"` : ''}` +
  `${error ? `,error="${error}"` : ''}`

describe('token-auth front: challenges', () => {
  it.each<[string, 'GET' | 'HEAD' | 'POST' | 'PUT', string, string | undefined]>([
    ['GET manifest', 'GET', '/v2/team/app/manifests/v1', 'repository:team/app:pull'],
    ['HEAD blob', 'HEAD', `/v2/team/app/blobs/${bigLayer.digest}`, 'repository:team/app:pull'],
    ['tags list', 'GET', '/v2/a/b/c/tags/list?n=10', 'repository:a/b/c:pull'],
    ['start upload', 'POST', '/v2/team/app/blobs/uploads/', 'repository:team/app:pull,push'],
    ['PUT manifest', 'PUT', '/v2/team/app/manifests/v2', 'repository:team/app:pull,push'],
    [
      'mount',
      'POST',
      `/v2/team/new/blobs/uploads/?mount=${bigLayer.digest}&from=base/img`,
      'repository:team/new:pull,push repository:base/img:pull',
    ],
    ['catalog', 'GET', '/v2/_catalog', 'registry:catalog:*'],
    ['API root', 'GET', '/v2/', undefined],
  ])('%s without a token: 401 asking for exactly the scope needed', async (_name, method, path, scope) => {
    const answer = await call(method, `${front.url}${path}`, { body: method === 'PUT' ? Buffer.from('{}') : undefined })
    expect(answer.status).toBe(401)
    expect(header(answer, 'www-authenticate')).toBe(challengeFor(scope))
    expect(front.unauthorized).toBe(1)
    expect(front.requests).toEqual([{ method, path, status: 401 }])
  })

  it('refuses an unknown token with error="invalid_token"', async () => {
    const answer = await call('GET', `${front.url}/v2/public/app/manifests/v1`, { token: 'not-a-token' })
    expect(answer.status).toBe(401)
    expect(header(answer, 'www-authenticate')).toBe(challengeFor('repository:public/app:pull', 'invalid_token'))
  })
})

describe('token-auth front: tokens', () => {
  it('gives anonymous callers pull on public repositories only', async () => {
    const issued = await token(['repository:public/app:pull,push', 'repository:team/app:pull'])
    expect(issued.access_token).toBe(issued.token)
    expect(issued.expires_in).toBe(300)
    expect(Math.abs(Date.parse(issued.issued_at) - Date.now())).toBeLessThan(10_000)
    expect(front.tokenRequests).toEqual([
      {
        scopes: ['repository:public/app:pull,push', 'repository:team/app:pull'],
        granted: ['repository:public/app:pull'],
        status: 200,
      },
    ])

    const manifest = await call('GET', `${front.url}/v2/public/app/manifests/v1`, {
      token: issued.token,
      headers: { accept: image.mediaType },
    })
    expect(manifest.status).toBe(200)
    expect(header(manifest, 'docker-content-digest')).toBe(image.digest)
    expect(manifest.body.equals(image.bytes)).toBe(true)

    const denied = await call('GET', `${front.url}/v2/team/app/manifests/v1`, { token: issued.token })
    expect(denied.status).toBe(401)
    expect(header(denied, 'www-authenticate')).toBe(challengeFor('repository:team/app:pull', 'insufficient_scope'))
  })

  it.each<[string, [string, string], string[], string[]]>([
    [
      'a user without an ACL gets what it asks',
      ['alice', USERS.alice],
      ['repository:team/app:pull,push', 'registry:catalog:*'],
      ['repository:team/app:pull,push', 'registry:catalog:*'],
    ],
    [
      'an ACL cuts push and other repositories',
      ['reader', USERS.reader],
      ['repository:team/app:pull,push', 'repository:other/x:pull'],
      ['repository:team/app:pull'],
    ],
    [
      'a user with an ACL still pulls public repositories',
      ['reader', USERS.reader],
      ['repository:public/app:pull', 'registry:catalog:*'],
      ['repository:public/app:pull'],
    ],
    ['ACL prefixes match whole components', ['reader', USERS.reader], ['repository:teamwork/x:pull'], []],
  ])('%s', async (_name, basic, asked, granted) => {
    await token(asked, basic)
    expect(front.tokenRequests).toEqual([{ scopes: asked, granted, user: basic[0], status: 200 }])
  })

  it.each<[string, string, string]>([
    ['a wrong password', 'alice', 'wrong'],
    ['an unknown user', 'mallory', USERS.alice],
  ])('refuses %s on the token endpoint', async (_name, user, password) => {
    const answer = await call('GET', `${front.url}/token?service=${SERVICE}&scope=repository:team/app:pull`, {
      basic: [user, password],
    })
    expect(answer.status).toBe(401)
    expect(front.tokenRequests).toEqual([{ scopes: ['repository:team/app:pull'], granted: [], user, status: 401 }])
  })

  it('accepts the OAuth2 refresh_token grant', async () => {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: 'identity-token-xyz',
      service: SERVICE,
      scope: 'repository:team/app:pull',
    })
    const answer = await call('POST', `${front.url}/token`, {
      body: Buffer.from(form.toString()),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(answer.status).toBe(200)
    const issued = JSON.parse(answer.body.toString('utf8')) as { access_token: string }
    expect(
      (
        await call('HEAD', `${front.url}/v2/team/app/manifests/v1`, {
          token: issued.access_token,
          headers: { accept: image.mediaType },
        })
      ).status,
    ).toBe(200)
    expect(front.tokenRequests).toEqual([
      { scopes: ['repository:team/app:pull'], granted: ['repository:team/app:pull'], user: 'alice', status: 200 },
    ])
  })
})

describe('token-auth front: scopes enforced on requests', () => {
  it('refuses a push with a pull-only token with error="insufficient_scope"', async () => {
    const { token: pullOnly } = await token(['repository:team/app:pull'], ['alice', USERS.alice])
    const answer = await call('POST', `${front.url}/v2/team/app/blobs/uploads/`, { token: pullOnly })
    expect(answer.status).toBe(401)
    expect(header(answer, 'www-authenticate')).toBe(challengeFor('repository:team/app:pull,push', 'insufficient_scope'))
    expect(JSON.parse(answer.body.toString('utf8'))).toMatchObject({ errors: [{ code: 'UNAUTHORIZED' }] })
  })

  it('pushes a blob through the front, with the upload Location rewritten to the front', async () => {
    const { token: push } = await token(['repository:team/pushed:pull,push'], ['alice', USERS.alice])
    const started = await call('POST', `${front.url}/v2/team/pushed/blobs/uploads/`, { token: push })
    expect(started.status).toBe(202)
    const location = header(started, 'location')!
    expect(new URL(location).host).toBe(front.host)
    const bytes = Buffer.from('pushed through the token front')
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
    const put = await call('PUT', `${location}&digest=${digest}`, {
      token: push,
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    })
    expect(put.status).toBe(201)
    const back = await call('GET', `${front.registry.url}/v2/team/pushed/blobs/${digest}`)
    expect(back.body.equals(bytes)).toBe(true)
  })

  it('streams a large blob through unchanged', async () => {
    const { token: pull } = await token(['repository:team/app:pull'], ['alice', USERS.alice])
    const blob = await call('GET', `${front.url}/v2/team/app/blobs/${bigLayer.digest}`, { token: pull })
    expect(blob.status).toBe(200)
    expect(blob.body.equals(bigLayer.bytes)).toBe(true)
  })

  it('needs pull on `from` for a cross-repository mount', async () => {
    const path = `/v2/team/mounted/blobs/uploads/?mount=${bigLayer.digest}&from=base/img`
    const { token: withoutFrom } = await token(['repository:team/mounted:pull,push'], ['alice', USERS.alice])
    const refused = await call('POST', `${front.url}${path}`, { token: withoutFrom })
    expect(refused.status).toBe(401)
    expect(header(refused, 'www-authenticate')).toBe(
      challengeFor('repository:team/mounted:pull,push repository:base/img:pull', 'insufficient_scope'),
    )

    const { token: withFrom } = await token(
      ['repository:team/mounted:pull,push', 'repository:base/img:pull'],
      ['alice', USERS.alice],
    )
    const mounted = await call('POST', `${front.url}${path}`, { token: withFrom })
    expect(mounted.status).toBe(201)
    expect(new URL(header(mounted, 'location')!, front.url).host).toBe(front.host)
  })
})

describe('token-auth front: expiry', () => {
  let shortLived: TokenAuthFront

  beforeAll(async () => {
    shortLived = await startTokenAuthFront({
      users: USERS,
      public: [],
      tokenLifetimeSeconds: 1,
      backend: front.registry,
    })
  })
  afterAll(async () => {
    await shortLived?.stop()
  })

  it('stops accepting a token after expires_in, with error="invalid_token"', async () => {
    const url = new URL(`${shortLived.url}/token?service=${SERVICE}&scope=repository:team/app:pull`)
    const issued = JSON.parse(
      (await call('GET', url.href, { basic: ['alice', USERS.alice] })).body.toString('utf8'),
    ) as { token: string; expires_in: number }
    expect(issued.expires_in).toBe(1)
    const path = `${shortLived.url}/v2/team/app/manifests/v1`
    expect((await call('HEAD', path, { token: issued.token, headers: { accept: image.mediaType } })).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const expired = await call('HEAD', path, { token: issued.token, headers: { accept: image.mediaType } })
    expect(expired.status).toBe(401)
    expect(header(expired, 'www-authenticate')).toBe(
      `Bearer realm="http://${shortLived.host}/token",service="` +
        `${SERVICE}",scope="repository:team/app:pull",error="invalid_token"`,
    )
    expect(shortLived.unauthorized).toBe(1)
  })

  it('leaves the shared backing registry running when a front over it stops', async () => {
    const extra = await startTokenAuthFront({ users: USERS, public: ['public'], backend: front.registry })
    await extra.stop()
    expect((await call('GET', `${front.registry.url}/v2/`)).status).toBe(200)
  })
})
