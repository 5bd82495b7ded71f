import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createManualClock,
  startDockerHubEmulator,
  type DockerHubEmulator,
  type SeedRepository,
} from '../../../support/dockerhub'
import {
  buildImage,
  buildIndex,
  getManifestDigest,
  pushManifestTree,
  pushRawManifest,
  type BuiltManifest,
} from '../../../support/images'
import { call, header, hubToken, json, jwtClaims } from './http'

// The Hub API side of the emulator, checked against the Hub API reference (docker/docs reference/api/hub/latest.yaml)
// and facts §2–3: sign-in, paging, private repositories, tag details computed from the backing registry, API limit.

const ALICE = { password: 'alice-password', pat: 'dckr_pat_alice0000000000000000000' }
const BOB = { password: 'bob-password' }
const BASE_TIME = Date.parse('2026-01-01T00:00:00Z')

interface RepoEntry {
  name: string
  namespace: string
  is_private: boolean
  pull_count: number
  last_updated: string
  date_registered: string
  repository_type: string
  status_description: string
  description: string
  star_count: number
}

interface Page<T> {
  count: number
  next: string | null
  previous: string | null
  results: T[]
}

interface TagEntry {
  name: string
  full_size: number
  digest: string
  media_type: string
  tag_status: string
  tag_last_pushed: string
  tag_last_pulled: string | null
  images: {
    architecture: string
    os: string
    variant: string | null
    digest: string
    size: number
    status: string
    last_pushed: string
  }[]
}

const acmeRepositories: SeedRepository[] = Array.from({ length: 250 }, (_, i) => ({
  namespace: 'acme',
  name: `repo-${String(i).padStart(3, '0')}`,
  isPrivate: i % 10 === 0,
  description: `repository ${i}`,
  pullCount: (i * 37) % 101,
  lastUpdated: new Date(BASE_TIME + i * 60_000),
}))

const single = buildImage({ format: 'docker', seed: 'hub-api-single' })
const multi = buildIndex({
  format: 'oci',
  attestations: true,
  children: [
    buildImage({
      format: 'oci',
      seed: 'hub-api-amd64',
      platform: { os: 'linux', architecture: 'amd64' },
      layerSize: 3000,
    }),
    buildImage({
      format: 'oci',
      seed: 'hub-api-arm64',
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
      layerSize: 5000,
    }),
  ],
})
const TAG_COUNT = 300
const tagName = (i: number): string => `t${String(i).padStart(3, '0')}`
const layerBytes = (image: BuiltManifest): number => image.blobs.slice(1).reduce((sum, blob) => sum + blob.size, 0)

let hub: DockerHubEmulator

beforeAll(async () => {
  hub = await startDockerHubEmulator({
    seed: {
      users: [
        { username: 'alice', password: ALICE.password, accessTokens: [ALICE.pat], fullName: 'Alice A' },
        { username: 'bob', password: BOB.password },
      ],
      orgs: [{ name: 'acme', members: ['alice'], fullName: 'Acme Inc' }],
      repositories: [
        ...acmeRepositories,
        {
          namespace: 'alice',
          name: 'many',
          tags: Object.fromEntries(
            Array.from({ length: TAG_COUNT }, (_, i) => [tagName(i), { lastPushed: new Date(BASE_TIME + i * 60_000) }]),
          ),
        },
        { namespace: 'alice', name: 'multi', tags: { v1: { lastPushed: new Date(Date.now() - 86_400_000) } } },
        { namespace: 'alice', name: 'secret', isPrivate: true },
      ],
    },
  })
  await pushManifestTree(hub.registry.url, 'alice/many', single, tagName(0))
  for (let i = 1; i < TAG_COUNT; i++)
    await pushRawManifest(hub.registry.url, 'alice/many', tagName(i), single.mediaType, single.bytes)
  await pushManifestTree(hub.registry.url, 'alice/multi', multi, 'v1')
  await pushManifestTree(hub.registry.url, 'alice/secret', single, 'v1')
})

afterAll(async () => {
  await hub?.stop()
})

async function collect<T>(first: string, bearer?: string): Promise<{ pages: Page<T>[]; items: T[] }> {
  const pages: Page<T>[] = []
  let url: string | null = first
  while (url) {
    const answer = await call('GET', url, { bearer })
    expect(answer.status, answer.text).toBe(200)
    const page = json<Page<T>>(answer)
    pages.push(page)
    url = page.next
  }
  return { pages, items: pages.flatMap((page) => page.results) }
}

describe('Hub API: sign-in', () => {
  it('POST /v2/auth/token takes a password or a personal access token and returns a short-lived JWT', async () => {
    for (const secret of [ALICE.password, ALICE.pat]) {
      const answer = await call('POST', `${hub.hubUrl}/v2/auth/token`, { json: { identifier: 'alice', secret } })
      expect(answer.status).toBe(200)
      const body = json<{ access_token: string }>(answer)
      expect(Object.keys(body)).toEqual(['access_token'])
      const claims = jwtClaims(body.access_token)
      // "This expires in 10 minutes" (AuthCreateTokenResponse).
      expect((claims.exp as number) - (claims.iat as number)).toBe(600)
      expect(claims.username).toBe('alice')
    }
  })

  it('refuses wrong credentials with 401', async () => {
    const wrong = await call('POST', `${hub.hubUrl}/v2/auth/token`, { json: { identifier: 'alice', secret: 'nope' } })
    expect(wrong.status).toBe(401)
    expect(json(wrong).detail).toBeTruthy()
    const missing = await call('POST', `${hub.hubUrl}/v2/auth/token`, {
      json: { username: 'alice', password: ALICE.password },
    })
    expect(missing.status).toBe(400)
  })

  it('still serves the deprecated POST /v2/users/login, answering {token}', async () => {
    const answer = await call('POST', `${hub.hubUrl}/v2/users/login`, {
      json: { username: 'alice', password: ALICE.pat },
    })
    expect(answer.status).toBe(200)
    const { token } = json<{ token: string }>(answer)
    const me = await call('GET', `${hub.hubUrl}/v2/user/`, { bearer: token })
    expect(me.status).toBe(200)
    expect(json(me)).toMatchObject({ username: 'alice', full_name: 'Alice A', type: 'User' })
    const refused = await call('POST', `${hub.hubUrl}/v2/users/login`, {
      json: { username: 'alice', password: 'nope' },
    })
    expect(refused.status).toBe(401)
    expect(json(refused)).toEqual({ detail: 'Incorrect authentication credentials' })
  })

  it('lists the organisations a user belongs to, and refuses that to anonymous callers and to a bad token', async () => {
    const token = await hubToken(hub, 'alice', ALICE.password)
    const orgs = await call('GET', `${hub.hubUrl}/v2/user/orgs/?page_size=100`, { bearer: token })
    expect(orgs.status).toBe(200)
    expect(json<Page<{ orgname: string; full_name: string }>>(orgs)).toMatchObject({
      count: 1,
      next: null,
      previous: null,
      results: [{ orgname: 'acme', full_name: 'Acme Inc' }],
    })
    const bobs = await call('GET', `${hub.hubUrl}/v2/user/orgs/`, {
      bearer: await hubToken(hub, 'bob', BOB.password),
    })
    expect(json<Page<unknown>>(bobs).count).toBe(0)
    expect((await call('GET', `${hub.hubUrl}/v2/user/orgs/`)).status).toBe(401)
    expect((await call('GET', `${hub.hubUrl}/v2/namespaces/acme/repositories`, { bearer: `${token}x` })).status).toBe(
      401,
    )
  })
})

describe('Hub API: repositories', () => {
  it('pages 250 repositories 100 at a time: 3 pages, absolute next/previous links, count on every page', async () => {
    const token = await hubToken(hub, 'alice', ALICE.pat)
    const first = `${hub.hubUrl}/v2/namespaces/acme/repositories?page_size=100`
    const { pages, items } = await collect<RepoEntry>(first, token)
    expect(pages.map((page) => page.results.length)).toEqual([100, 100, 50])
    expect(pages.every((page) => page.count === 250)).toBe(true)
    expect(pages[0]!.previous).toBeNull()
    expect(pages[0]!.next).toBe(`${hub.hubUrl}/v2/namespaces/acme/repositories?page_size=100&page=2`)
    expect(pages[1]!.previous).toBe(`${hub.hubUrl}/v2/namespaces/acme/repositories?page_size=100&page=1`)
    expect(pages[2]!.next).toBeNull()
    expect(new Set(items.map((item) => item.name)).size).toBe(250)
    expect(items.map((item) => item.name)).toEqual(acmeRepositories.map((repository) => repository.name))
    expect(items[1]).toMatchObject({
      name: 'repo-001',
      namespace: 'acme',
      repository_type: 'image',
      status_description: 'active',
      is_private: false,
      description: 'repository 1',
      pull_count: 37,
      star_count: 0,
      last_updated: new Date(BASE_TIME + 60_000).toISOString(),
    })
    expect(items.filter((item) => item.is_private)).toHaveLength(25)
  })

  it('answers 404 past the last page, and 400 for page_size over 100, a bad page or an unknown ordering', async () => {
    const base = `${hub.hubUrl}/v2/namespaces/acme/repositories`
    expect((await call('GET', `${base}?page_size=100&page=4`)).status).toBe(404)
    expect((await call('GET', `${base}?page_size=101`)).status).toBe(400)
    expect((await call('GET', `${base}?page=0`)).status).toBe(400)
    const ordering = await call('GET', `${base}?ordering=stars`)
    expect(ordering.status).toBe(400)
    expect(json(ordering)).toMatchObject({ text: 'Invalid ordering value' })
    expect((await call('GET', `${hub.hubUrl}/v2/namespaces/nobody-here/repositories`)).status).toBe(404)
  })

  it('defaults to 10 a page, filters by partial name, and orders by pull_count or last_updated', async () => {
    const base = `${hub.hubUrl}/v2/namespaces/acme/repositories`
    const defaults = json<Page<RepoEntry>>(await call('GET', base))
    expect(defaults.results).toHaveLength(10)
    const filtered = json<Page<RepoEntry>>(await call('GET', `${base}?name=repo-24&page_size=100`))
    // repo-240 is private, so anonymous callers see nine.
    expect(filtered.results.map((item) => item.name)).toEqual(Array.from({ length: 9 }, (_, i) => `repo-24${i + 1}`))
    const byPulls = json<Page<RepoEntry>>(await call('GET', `${base}?ordering=-pull_count&page_size=100`))
    const pulls = byPulls.results.map((item) => item.pull_count)
    expect(pulls).toEqual([...pulls].sort((a, b) => b - a))
    const newest = json<Page<RepoEntry>>(await call('GET', `${base}?ordering=-last_updated&page_size=1`))
    expect(newest.results[0]!.name).toBe('repo-249')
  })

  it('hides private repositories from anonymous callers and from users outside the namespace', async () => {
    const base = `${hub.hubUrl}/v2/namespaces/acme/repositories?page_size=100`
    const bob = await hubToken(hub, 'bob', BOB.password)
    for (const bearer of [undefined, bob]) {
      const { pages, items } = await collect<RepoEntry>(base, bearer)
      expect(pages[0]!.count).toBe(225)
      expect(items.some((item) => item.is_private)).toBe(false)
      for (const path of [
        'acme/repositories/repo-000',
        'acme/repositories/repo-000/tags',
        'alice/repositories/secret/tags',
        'alice/repositories/secret/tags/v1',
      ]) {
        expect((await call('GET', `${hub.hubUrl}/v2/namespaces/${path}`, { bearer })).status).toBe(404)
      }
    }
    const alice = await hubToken(hub, 'alice', ALICE.password)
    const own = await call('GET', `${hub.hubUrl}/v2/namespaces/acme/repositories/repo-000`, { bearer: alice })
    expect(own.status).toBe(200)
    expect(json(own)).toMatchObject({
      name: 'repo-000',
      namespace: 'acme',
      is_private: true,
      permissions: { read: true, write: true, admin: true },
    })
    const secretTags = await call('GET', `${hub.hubUrl}/v2/namespaces/alice/repositories/secret/tags`, {
      bearer: alice,
    })
    expect(json<Page<TagEntry>>(secretTags).results.map((tag) => tag.name)).toEqual(['v1'])
    // A repository nobody seeded looks exactly like a private one.
    expect(
      (await call('GET', `${hub.hubUrl}/v2/namespaces/acme/repositories/no-such-repo`, { bearer: alice })).status,
    ).toBe(404)
  })
})

describe('Hub API: tags', () => {
  it('pages 300 tags 100 at a time, newest push first, with the registry digest and layer sizes', async () => {
    const { pages, items } = await collect<TagEntry>(
      `${hub.hubUrl}/v2/namespaces/alice/repositories/many/tags?page_size=100`,
    )
    expect(pages.map((page) => page.results.length)).toEqual([100, 100, 100])
    expect(pages.every((page) => page.count === TAG_COUNT)).toBe(true)
    expect(items.map((tag) => tag.name)).toEqual(
      Array.from({ length: TAG_COUNT }, (_, i) => tagName(TAG_COUNT - 1 - i)),
    )
    const registryDigest = await getManifestDigest(hub.registry.url, 'alice/many', tagName(7))
    expect(registryDigest).toBe(single.digest)
    for (const tag of items) {
      expect(tag.digest).toBe(single.digest)
      expect(tag.full_size).toBe(layerBytes(single))
      expect(tag.images).toHaveLength(1)
      expect(tag.images[0]).toMatchObject({
        architecture: 'amd64',
        os: 'linux',
        variant: null,
        digest: single.digest,
        size: layerBytes(single),
        status: 'inactive',
      })
    }
    expect(items.at(-1)).toMatchObject({
      tag_last_pushed: new Date(BASE_TIME).toISOString(),
      tag_last_pulled: null,
      tag_status: 'inactive',
    })
    expect(
      (await call('GET', `${hub.hubUrl}/v2/namespaces/alice/repositories/many/tags?page_size=100&page=4`)).status,
    ).toBe(404)
  })

  it('describes a multi-platform tag per platform, attestation manifests included as unknown/unknown', async () => {
    const answer = await call('GET', `${hub.hubUrl}/v2/namespaces/alice/repositories/multi/tags/v1`)
    expect(answer.status).toBe(200)
    const tag = json<TagEntry>(answer)
    const [amd64, arm64, ...attestations] = multi.children
    expect(tag).toMatchObject({
      name: 'v1',
      digest: multi.digest,
      media_type: 'application/vnd.oci.image.index.v1+json',
      full_size: layerBytes(amd64!),
      tag_status: 'active',
    })
    expect(tag.images.map((image) => [image.os, image.architecture, image.variant, image.digest, image.size])).toEqual([
      ['linux', 'amd64', null, amd64!.digest, layerBytes(amd64!)],
      ['linux', 'arm64', 'v8', arm64!.digest, layerBytes(arm64!)],
      ...attestations.map((attestation) => ['unknown', 'unknown', null, attestation.digest, layerBytes(attestation)]),
    ])
  })
})

describe('Hub API: token lifetime', () => {
  it('refuses an expired access token with 401, so that clients sign in again', async () => {
    const clock = createManualClock(Date.now())
    const ticking = await startDockerHubEmulator({
      registry: hub.registry,
      clock,
      seed: { users: [{ username: 'alice', password: 'x' }] },
    })
    try {
      const token = await hubToken(ticking, 'alice', 'x')
      expect((await call('GET', `${ticking.hubUrl}/v2/user`, { bearer: token })).status).toBe(200)
      clock.advance(600_000)
      const expired = await call('GET', `${ticking.hubUrl}/v2/user`, { bearer: token })
      expect(expired.status).toBe(401)
      // A token from another emulator (another signing key) is refused the same way.
      expect(
        (await call('GET', `${hub.hubUrl}/v2/user`, { bearer: await hubToken(ticking, 'alice', 'x') })).status,
      ).toBe(401)
    } finally {
      await ticking.stop()
    }
  })
})

describe('Hub API: its own rate limit', () => {
  it('sends X-RateLimit-* on every answer and 429 with Retry-After once the per-minute limit is spent', async () => {
    const clock = createManualClock(Date.now())
    const limited = await startDockerHubEmulator({
      registry: hub.registry,
      clock,
      hubApiLimit: { requests: 3, perSeconds: 60 },
      seed: { users: [{ username: 'alice', password: 'x' }], repositories: [{ namespace: 'alice', name: 'app' }] },
    })
    try {
      const url = `${limited.hubUrl}/v2/namespaces/alice/repositories`
      const remaining: string[] = []
      for (let i = 0; i < 3; i++) {
        const answer = await call('GET', url)
        expect(answer.status).toBe(200)
        expect(header(answer, 'x-ratelimit-limit')).toBe('3')
        expect(Number(header(answer, 'x-ratelimit-reset'))).toBe(Math.ceil((clock.now() + 60_000) / 1000))
        remaining.push(header(answer, 'x-ratelimit-remaining')!)
      }
      expect(remaining).toEqual(['2', '1', '0'])
      clock.advance(20_000)
      const refused = await call('GET', url)
      expect(refused.status).toBe(429)
      expect(header(refused, 'retry-after')).toBe('40')
      expect(json(refused)).toEqual({ detail: 'Rate limit exceeded', error: false })
      // Sign-in is an API call like any other.
      expect(
        (await call('POST', `${limited.hubUrl}/v2/auth/token`, { json: { identifier: 'alice', secret: 'x' } })).status,
      ).toBe(429)
      clock.advance(40_000)
      expect((await call('GET', url)).status).toBe(200)
      expect(limited.logs.hub.filter((entry) => entry.limited === 'hub-api')).toHaveLength(2)
    } finally {
      await limited.stop()
    }
  })
})
