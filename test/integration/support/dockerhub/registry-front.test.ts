import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createManualClock,
  PULL_LIMIT_MESSAGE,
  startDockerHubEmulator,
  type DockerHubEmulator,
  type DockerHubEmulatorOptions,
} from '../../../support/dockerhub'
import { buildImage, buildIndex, pushManifestTree, randomLayer } from '../../../support/images'
import { call, header, json, jwtClaims, MANIFEST_ACCEPT, registryToken, type Answer } from './http'

// The registry side of the emulator (token service, registry front, blob CDN), checked against docker/docs
// usage/pulls.md, usage/_index.md, reference/api/registry/auth.md and facts §1.2–1.3, §2, §3.4.

const CLIENT_HEADER = 'x-test-client'
const WINDOW = 30
const image = buildImage({
  format: 'docker',
  seed: 'front-app',
  sharedLayers: [randomLayer('front-app-big', 200_000, 'docker')],
})
const layer = image.blobs[1]!
const multi = buildIndex({
  format: 'oci',
  attestations: true,
  children: [
    buildImage({ format: 'oci', seed: 'front-amd64', platform: { os: 'linux', architecture: 'amd64' } }),
    buildImage({ format: 'oci', seed: 'front-arm64', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }),
  ],
})
const [amd64, arm64, attestation] = multi.children as [typeof image, typeof image, typeof image]

const SEED: DockerHubEmulatorOptions['seed'] = {
  users: [
    { username: 'carol', password: 'carol-password', accessTokens: ['dckr_pat_carol000000000000000000'] },
    { username: 'dave', password: 'dave-password' },
    { username: 'paula', password: 'paula-password', plan: 'pro' },
  ],
  orgs: [{ name: 'acme', members: ['carol'] }],
  repositories: [
    { namespace: 'library', name: 'app' },
    { namespace: 'library', name: 'multi' },
    { namespace: 'acme', name: 'private', isPrivate: true },
  ],
}

let hub: DockerHubEmulator
const extra: DockerHubEmulator[] = []

/** Another emulator over the same backing registry (no second registry process), stopped in afterAll. */
async function another(options: DockerHubEmulatorOptions): Promise<DockerHubEmulator> {
  const emulator = await startDockerHubEmulator({
    registry: hub.registry,
    clientAddressHeader: CLIENT_HEADER,
    seed: SEED,
    ...options,
  })
  extra.push(emulator)
  return emulator
}

beforeAll(async () => {
  hub = await startDockerHubEmulator({
    clientAddressHeader: CLIENT_HEADER,
    pullLimit: { anonymous: 20, authenticated: 30, windowSeconds: WINDOW },
    seed: SEED,
  })
  await pushManifestTree(hub.registry.url, 'library/app', image, 'v1')
  await pushManifestTree(hub.registry.url, 'library/multi', multi, 'v1')
  await pushManifestTree(hub.registry.url, 'acme/private', image, 'v1')
})

afterAll(async () => {
  await Promise.all(extra.map((emulator) => emulator.stop()))
  await hub?.stop()
})

const client = (ip: string): Record<string, string> => ({ [CLIENT_HEADER]: ip })

function manifest(
  emulator: DockerHubEmulator,
  method: 'GET' | 'HEAD',
  repository: string,
  reference: string,
  o: { token: string; ip: string },
): Promise<Answer> {
  return call(method, `${emulator.registryUrl}/v2/${repository}/manifests/${reference}`, {
    bearer: o.token,
    headers: { ...client(o.ip), accept: MANIFEST_ACCEPT },
  })
}

const remaining = (answer: Answer): string | undefined => header(answer, 'ratelimit-remaining')

describe('registry front: challenge and token service', () => {
  it('challenges GET /v2/ with a Bearer realm on the token service and service="registry.docker.io"', async () => {
    const bare = await call('GET', `${hub.registryUrl}/v2/`)
    expect(bare.status).toBe(401)
    expect(header(bare, 'www-authenticate')).toBe(`Bearer realm="${hub.authUrl}/token",service="registry.docker.io"`)
    const scoped = await call('GET', `${hub.registryUrl}/v2/library/app/manifests/v1`)
    expect(header(scoped, 'www-authenticate')).toBe(
      `Bearer realm="${hub.authUrl}/token",service="registry.docker.io",scope="repository:library/app:pull"`,
    )
    const token = await registryToken(hub, 'library/app')
    expect((await call('GET', `${hub.registryUrl}/v2/`, { bearer: token })).status).toBe(200)
  })

  it('issues {token, access_token, expires_in, issued_at}; anonymous tokens carry pull on public repositories only', async () => {
    const scopes = 'scope=repository:library/app:pull,push&scope=repository:acme/private:pull'
    const url = `${hub.authUrl}/token?service=registry.docker.io&${scopes}`
    const answer = await call('GET', url)
    expect(answer.status).toBe(200)
    const body = json<{ token: string; access_token: string; expires_in: number; issued_at: string }>(answer)
    expect(body.access_token).toBe(body.token)
    expect(body.expires_in).toBe(300)
    expect(Math.abs(Date.parse(body.issued_at) - Date.now())).toBeLessThan(10_000)
    expect(jwtClaims(body.token).access).toEqual([{ type: 'repository', name: 'library/app', actions: ['pull'] }])
    expect(
      (
        await call('GET', `${hub.authUrl}/token?service=registry.docker.io&scope=repository:library/app:pull`, {
          basic: ['carol', 'wrong'],
        })
      ).status,
    ).toBe(401)
  })

  it('lets members of the namespace pull a private repository (password or PAT), and nobody else', async () => {
    for (const basic of [undefined, ['dave', 'dave-password'] as [string, string]]) {
      const token = await registryToken(hub, 'acme/private', basic ? { basic } : {})
      const denied = await manifest(hub, 'GET', 'acme/private', 'v1', { token, ip: '192.0.2.1' })
      expect(denied.status).toBe(401)
      expect(header(denied, 'www-authenticate')).toContain('error="insufficient_scope"')
      expect(json<{ errors: { code: string }[] }>(denied).errors[0]!.code).toBe('UNAUTHORIZED')
    }
    for (const secret of ['carol-password', 'dckr_pat_carol000000000000000000']) {
      const token = await registryToken(hub, 'acme/private', { basic: ['carol', secret] })
      const allowed = await manifest(hub, 'GET', 'acme/private', 'v1', { token, ip: '192.0.2.1' })
      expect(allowed.status).toBe(200)
      expect(header(allowed, 'docker-content-digest')).toBe(image.digest)
    }
    // An unknown repository gets the same answer as a private one: nothing granted.
    const unknown = await registryToken(hub, 'library/nope')
    expect(jwtClaims(unknown).access).toEqual([])
  })
})

describe('registry front: pull accounting', () => {
  it('answers ratelimit headers on HEAD and GET; HEAD costs nothing, each GET one pull', async () => {
    const ip = '192.0.2.10'
    const token = await registryToken(hub, 'library/app')
    const pullCountBefore = json<{ pull_count: number }>(
      await call('GET', `${hub.hubUrl}/v2/namespaces/library/repositories/app`),
    ).pull_count
    for (let i = 0; i < 2; i++) {
      const head = await manifest(hub, 'HEAD', 'library/app', 'v1', { token, ip })
      expect(head.status).toBe(200)
      expect(header(head, 'ratelimit-limit')).toBe(`20;w=${WINDOW}`)
      expect(remaining(head)).toBe(`20;w=${WINDOW}`)
      expect(header(head, 'docker-ratelimit-source')).toBe(ip)
      expect(header(head, 'docker-content-digest')).toBe(image.digest)
    }
    expect(hub.pulls(ip)).toBe(0)
    const seen: (string | undefined)[] = []
    for (let i = 0; i < 3; i++) {
      const get = await manifest(hub, 'GET', 'library/app', i === 2 ? image.digest : 'v1', { token, ip })
      expect(get.status).toBe(200)
      expect(get.body.equals(image.bytes)).toBe(true)
      seen.push(remaining(get))
    }
    expect(seen).toEqual([`19;w=${WINDOW}`, `18;w=${WINDOW}`, `17;w=${WINDOW}`])
    expect(remaining(await manifest(hub, 'HEAD', 'library/app', 'v1', { token, ip }))).toBe(`17;w=${WINDOW}`)
    expect(hub.pulls(ip)).toBe(3)
    expect(hub.quota(ip)).toMatchObject({ limit: 20, remaining: 17, windowSeconds: WINDOW })
    expect(hub.logs.registry.filter((entry) => entry.client === ip && entry.pulls === 1)).toHaveLength(3)
    // The Hub's pull_count moves with counted pulls.
    const pullCountAfter = json<{ pull_count: number }>(
      await call('GET', `${hub.hubUrl}/v2/namespaces/library/repositories/app`),
    ).pull_count
    expect(pullCountAfter - pullCountBefore).toBe(3)
    const tag = json<{ tag_last_pulled: string | null; images: { last_pulled: string | null }[] }>(
      await call('GET', `${hub.hubUrl}/v2/namespaces/library/repositories/app/tags/v1`),
    )
    expect(Date.now() - Date.parse(tag.tag_last_pulled!)).toBeLessThan(60_000)
    expect(tag.images[0]!.last_pulled).not.toBeNull()
    // Blob traffic and a missing manifest cost nothing.
    expect(
      (
        await call('GET', `${hub.registryUrl}/v2/library/app/blobs/${layer.digest}`, {
          bearer: token,
          headers: client(ip),
        })
      ).status,
    ).toBe(307)
    expect((await manifest(hub, 'GET', 'library/app', 'missing', { token, ip })).status).toBe(404)
    expect(hub.pulls(ip)).toBe(3)
  })

  it('counts a multi-arch pull as one pull per platform manifest fetched; the index GET itself is free', async () => {
    const ip = '192.0.2.11'
    const token = await registryToken(hub, 'library/multi')
    const index = await manifest(hub, 'GET', 'library/multi', 'v1', { token, ip })
    expect(index.status).toBe(200)
    expect(header(index, 'content-type')).toBe('application/vnd.oci.image.index.v1+json')
    expect(remaining(index)).toBe(`20;w=${WINDOW}`)
    expect(remaining(await manifest(hub, 'GET', 'library/multi', amd64.digest, { token, ip }))).toBe(`19;w=${WINDOW}`)
    expect(remaining(await manifest(hub, 'GET', 'library/multi', arm64.digest, { token, ip }))).toBe(`18;w=${WINDOW}`)
    expect(hub.pulls(ip)).toBe(2)
    // An attestation manifest is a manifest GET like any other.
    expect(remaining(await manifest(hub, 'GET', 'library/multi', attestation.digest, { token, ip }))).toBe(
      `17;w=${WINDOW}`,
    )

    const strict = await another({ countIndexGets: true, pullLimit: { anonymous: 20, windowSeconds: WINDOW } })
    const strictToken = await registryToken(strict, 'library/multi')
    expect(remaining(await manifest(strict, 'GET', 'library/multi', 'v1', { token: strictToken, ip }))).toBe(
      `19;w=${WINDOW}`,
    )
  })

  it('keys signed-in pulls on the account (its id as the source), apart from the IP', async () => {
    const ip = '192.0.2.12'
    const token = await registryToken(hub, 'library/app', { basic: ['dave', 'dave-password'] })
    const get = await manifest(hub, 'GET', 'library/app', 'v1', { token, ip })
    expect(header(get, 'ratelimit-limit')).toBe(`30;w=${WINDOW}`)
    expect(remaining(get)).toBe(`29;w=${WINDOW}`)
    expect(header(get, 'docker-ratelimit-source')).toBe(hub.sourceOf('dave'))
    expect(hub.sourceOf('dave')).toMatch(/^[0-9a-f]{32}$/)
    expect(hub.pulls('dave')).toBe(1)
    expect(hub.pulls(ip)).toBe(0)
  })

  it('gives paid (unlimited) users no ratelimit headers at all', async () => {
    const token = await registryToken(hub, 'library/app', { basic: ['paula', 'paula-password'] })
    for (const method of ['HEAD', 'GET'] as const) {
      const answer = await manifest(hub, method, 'library/app', 'v1', { token, ip: '192.0.2.13' })
      expect(answer.status).toBe(200)
      expect(Object.keys(answer.headers).filter((name) => name.includes('ratelimit'))).toEqual([])
    }
    expect(hub.quota('paula')).toBe('unlimited')
    expect(hub.pulls('paula')).toBe(1)
  })
})

describe('registry front: quota exhaustion and windows', () => {
  it('answers a GET past the quota with 429 TOOMANYREQUESTS and the documented message; HEAD still answers', async () => {
    const ip = '192.0.2.20'
    const token = await registryToken(hub, 'library/multi')
    for (let i = 0; i < 20; i++)
      expect((await manifest(hub, 'GET', 'library/multi', amd64.digest, { token, ip })).status).toBe(200)
    const refused = await manifest(hub, 'GET', 'library/multi', amd64.digest, { token, ip })
    expect(refused.status).toBe(429)
    expect(json(refused)).toEqual({ errors: [{ code: 'TOOMANYREQUESTS', message: PULL_LIMIT_MESSAGE }] })
    expect(PULL_LIMIT_MESSAGE).toBe(
      'You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: ' +
        'https://www.docker.com/increase-rate-limits',
    )
    expect(remaining(refused)).toBe(`0;w=${WINDOW}`)
    // The whole pull is refused at its first manifest, the index included.
    expect((await manifest(hub, 'GET', 'library/multi', 'v1', { token, ip })).status).toBe(429)
    const head = await manifest(hub, 'HEAD', 'library/multi', 'v1', { token, ip })
    expect(head.status).toBe(200)
    expect(remaining(head)).toBe(`0;w=${WINDOW}`)
    expect(hub.pulls(ip)).toBe(20)
    expect(hub.logs.registry.filter((entry) => entry.client === ip && entry.limited === 'pull-limit')).toHaveLength(2)
    // Other clients are not affected.
    expect((await manifest(hub, 'GET', 'library/multi', amd64.digest, { token, ip: '192.0.2.21' })).status).toBe(200)

    hub.advanceWindow(ip)
    const again = await manifest(hub, 'GET', 'library/multi', amd64.digest, { token, ip })
    expect(again.status).toBe(200)
    expect(remaining(again)).toBe(`19;w=${WINDOW}`)
  })

  it(
    'can leave out the ratelimit headers (Docker says they may be absent) while the quota still counts and ' +
      'refuses',
    async () => {
      const silent = await another({ pullLimit: { anonymous: 2, windowSeconds: WINDOW }, rateLimitHeaders: false })
      const ip = '192.0.2.23'
      const token = await registryToken(silent, 'library/app')
      const answers = [await manifest(silent, 'HEAD', 'library/app', 'v1', { token, ip })]
      for (let i = 0; i < 3; i++) answers.push(await manifest(silent, 'GET', 'library/app', 'v1', { token, ip }))
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429])
      expect(json(answers[3]!)).toEqual({ errors: [{ code: 'TOOMANYREQUESTS', message: PULL_LIMIT_MESSAGE }] })
      expect(
        answers.flatMap((answer) => Object.keys(answer.headers).filter((name) => name.includes('ratelimit'))),
      ).toEqual([])
      expect(silent.pulls(ip)).toBe(2)
    },
  )

  it('setQuota sets what is left of the window', async () => {
    const ip = '192.0.2.22'
    const token = await registryToken(hub, 'library/app')
    hub.setQuota(ip, { remaining: 1 })
    expect(remaining(await manifest(hub, 'HEAD', 'library/app', 'v1', { token, ip }))).toBe(`1;w=${WINDOW}`)
    expect((await manifest(hub, 'GET', 'library/app', 'v1', { token, ip })).status).toBe(200)
    expect((await manifest(hub, 'GET', 'library/app', 'v1', { token, ip })).status).toBe(429)
  })

  it('restores the quota when a real (short) window ends', async () => {
    const short = await another({ pullLimit: { anonymous: 2, windowSeconds: 2 } })
    const ip = '192.0.2.23'
    const token = await registryToken(short, 'library/app')
    for (let i = 0; i < 2; i++)
      expect((await manifest(short, 'GET', 'library/app', 'v1', { token, ip })).status).toBe(200)
    const refused = await manifest(short, 'GET', 'library/app', 'v1', { token, ip })
    expect(refused.status).toBe(429)
    expect(header(refused, 'ratelimit-limit')).toBe('2;w=2')
    const { resetsAt } = short.quota(ip) as { resetsAt: number }
    expect(resetsAt - Date.now()).toBeLessThanOrEqual(2_000)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, resetsAt + 50 - Date.now())))
    const restored = await manifest(short, 'GET', 'library/app', 'v1', { token, ip })
    expect(restored.status).toBe(200)
    expect(remaining(restored)).toBe('1;w=2')
  })

  it('follows an injected clock: windows end and tokens expire without waiting', async () => {
    const clock = createManualClock(Date.now())
    const ticking = await another({ clock, pullLimit: { anonymous: 1, windowSeconds: WINDOW } })
    const ip = '192.0.2.24'
    const token = await registryToken(ticking, 'library/app')
    expect((await manifest(ticking, 'GET', 'library/app', 'v1', { token, ip })).status).toBe(200)
    expect((await manifest(ticking, 'GET', 'library/app', 'v1', { token, ip })).status).toBe(429)
    expect(ticking.quota(ip)).toMatchObject({ remaining: 0, resetsAt: clock.now() + WINDOW * 1000 })
    clock.advance(WINDOW * 1000)
    expect((await manifest(ticking, 'GET', 'library/app', 'v1', { token, ip })).status).toBe(200)
    clock.advance(300_000)
    const expired = await manifest(ticking, 'HEAD', 'library/app', 'v1', { token, ip })
    expect(expired.status).toBe(401)
    expect(header(expired, 'www-authenticate')).toContain('error="invalid_token"')
  })
})

describe('abuse limiter', () => {
  it('answers a request flood with a bare 429 (plain text, Retry-After, no TOOMANYREQUESTS, no ratelimit headers)', async () => {
    const flood = await another({ abuseLimit: { requests: 5, perSeconds: 60 } })
    const ip = '192.0.2.30'
    const token = await registryToken(flood, 'library/app', { headers: client(ip) }) // request 1 of 5
    for (let i = 0; i < 4; i++)
      expect((await manifest(flood, 'HEAD', 'library/app', 'v1', { token, ip })).status).toBe(200)
    const bare = await manifest(flood, 'GET', 'library/app', 'v1', { token, ip })
    expect(bare.status).toBe(429)
    expect(header(bare, 'content-type')).toMatch(/^text\/plain/)
    expect(bare.text).not.toContain('TOOMANYREQUESTS')
    expect(bare.text).not.toContain('pull rate limit')
    expect(Number(header(bare, 'retry-after'))).toBeGreaterThan(0)
    expect(Object.keys(bare.headers).filter((name) => name.includes('ratelimit'))).toEqual([])
    // The same limit covers the token service and the Hub API.
    expect(
      (await call('GET', `${flood.authUrl}/token?service=registry.docker.io`, { headers: client(ip) })).status,
    ).toBe(429)
    expect(
      (await call('GET', `${flood.hubUrl}/v2/namespaces/library/repositories`, { headers: client(ip) })).status,
    ).toBe(429)
    expect(flood.pulls(ip)).toBe(0)
    // Per client: another address is served.
    expect((await manifest(flood, 'HEAD', 'library/app', 'v1', { token, ip: '192.0.2.31' })).status).toBe(200)
    flood.resetRequestLimits()
    expect((await manifest(flood, 'HEAD', 'library/app', 'v1', { token, ip })).status).toBe(200)
  })
})

describe('blob CDN', () => {
  const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

  it('redirects blob GET and HEAD to a signed CDN URL that serves the bytes without credentials', async () => {
    const token = await registryToken(hub, 'library/app')
    const blobUrl = `${hub.registryUrl}/v2/library/app/blobs/${layer.digest}`
    const redirect = await call('GET', blobUrl, { bearer: token })
    expect(redirect.status).toBe(307)
    const location = header(redirect, 'location')!
    expect(location.startsWith(`${hub.cdnUrl}/`)).toBe(true)
    expect((await call('HEAD', blobUrl, { bearer: token })).status).toBe(307)

    const served = await call('GET', location)
    expect(served.status).toBe(200)
    expect(sha256(served.body)).toBe(layer.digest)
    expect(header(served, 'content-length')).toBe(String(layer.size))
    const head = await call('HEAD', location)
    expect(head.status).toBe(200)
    expect(header(head, 'content-length')).toBe(String(layer.size))
    // A fetch-spec client follows the redirect and drops Authorization on the way to the other origin.
    const followed = await fetch(blobUrl, { headers: { authorization: `Bearer ${token}` } })
    expect(followed.status).toBe(200)
    expect(followed.url.startsWith(`${hub.cdnUrl}/`)).toBe(true)
    expect(sha256(Buffer.from(await followed.arrayBuffer()))).toBe(layer.digest)
    const part = await call('GET', location, { headers: { range: 'bytes=10-19' } })
    expect(part.status).toBe(206)
    expect(part.body.equals(layer.bytes.subarray(10, 20))).toBe(true)
    expect(header(part, 'content-range')).toBe(`bytes 10-19/${layer.size}`)
  })

  it('rejects a request that carries an Authorization header (400), and a bad signature (403)', async () => {
    const token = await registryToken(hub, 'library/app')
    const location = header(
      await call('GET', `${hub.registryUrl}/v2/library/app/blobs/${layer.digest}`, { bearer: token }),
      'location',
    )!
    hub.resetLogs()
    const leaked = await call('GET', location, { bearer: token })
    expect(leaked.status).toBe(400)
    expect((await call('GET', location, { basic: ['carol', 'carol-password'] })).status).toBe(400)
    expect(hub.logs.cdn.map((entry) => [entry.status, entry.authorization])).toEqual([
      [400, true],
      [400, true],
    ])
    const tampered = location.replace(
      /verify=(\d+)-([0-9a-f])/,
      (_, expires: string, first: string) => `verify=${expires}-${first === 'a' ? 'b' : 'a'}`,
    )
    expect(tampered).not.toBe(location)
    expect((await call('GET', tampered)).status).toBe(403)
    const longer = location.replace(/verify=(\d+)-/, (_, expires: string) => `verify=${Number(expires) + 3600}-`)
    expect((await call('GET', longer)).status).toBe(403)
    expect((await call('GET', location.split('?')[0]!)).status).toBe(403)
  })

  it('rejects an expired signed URL (403), and the front answers 404 for a blob the repository lacks', async () => {
    const clock = createManualClock(Date.now())
    const ticking = await another({ clock, cdnUrlLifetimeSeconds: 60 })
    const token = await registryToken(ticking, 'library/app')
    const location = header(
      await call('GET', `${ticking.registryUrl}/v2/library/app/blobs/${layer.digest}`, { bearer: token }),
      'location',
    )!
    expect((await call('HEAD', location)).status).toBe(200)
    clock.advance(61_000)
    expect((await call('GET', location)).status).toBe(403)

    const unknown = `sha256:${'0'.repeat(64)}`
    const missing = await call('GET', `${hub.registryUrl}/v2/library/app/blobs/${unknown}`, {
      bearer: await registryToken(hub, 'library/app'),
    })
    expect(missing.status).toBe(404)
    expect(json<{ errors: { code: string }[] }>(missing).errors[0]!.code).toBe('BLOB_UNKNOWN')
  })
})
