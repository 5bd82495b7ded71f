import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ListImagesCommand,
  type ECRClient,
} from '@aws-sdk/client-ecr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createManualClock, startEcrEmulator, type EcrEmulator, type ManualClock } from '../../../support/ecr'
import { buildImage, buildIndex, pushManifestTree, pushStreamedBlob, type BuiltManifest } from '../../../support/images'
import { call, client, errorCode, failure, header, registryLogin, type Answer } from './http'

// The registry side (ACCOUNT.dkr.ecr.REGION.amazonaws.com) against facts §5–6.9 of registries-and-pricing.md and
// AWS image-tag-mutability.html, driven with plain HTTP and the test image helpers; what it records is read back
// through the real SDK.

type Login = { user: string; password: string }

let ecr: EcrEmulator
let sdk: ECRClient
let login: Login
let timed: EcrEmulator
let clock: ManualClock
let timedLogin: Login

const image = buildImage({ format: 'docker', seed: 'ecr-app', layers: 2, layerSize: 3000 })
const other = buildImage({ format: 'oci', seed: 'ecr-other', layers: 1, layerSize: 5000 })
const multi = buildIndex({
  format: 'oci',
  attestations: true,
  children: [
    buildImage({ format: 'oci', seed: 'ecr-amd64', layerSize: 4000, platform: { os: 'linux', architecture: 'amd64' } }),
    buildImage({ format: 'oci', seed: 'ecr-arm64', layerSize: 9000, platform: { os: 'linux', architecture: 'arm64' } }),
  ],
})
const layerSum = (m: BuiltManifest): number => m.blobs.slice(1).reduce((sum, b) => sum + b.size, 0)

async function create(
  name: string,
  settings: Partial<ConstructorParameters<typeof CreateRepositoryCommand>[0]> = {},
  target = sdk,
): Promise<void> {
  await target.send(new CreateRepositoryCommand({ repositoryName: name, ...settings }))
}

function putManifest(
  e: EcrEmulator,
  auth: Login,
  repository: string,
  reference: string,
  m: BuiltManifest,
): Promise<Answer> {
  return call('PUT', `${e.registryUrl}/v2/${repository}/manifests/${reference}`, {
    auth,
    headers: { 'content-type': m.mediaType },
    body: m.bytes,
  })
}

beforeAll(async () => {
  ecr = await startEcrEmulator({
    putImageRate: false,
    templates: [
      {
        prefix: 'auto',
        appliedFor: ['CREATE_ON_PUSH'],
        imageTagMutability: 'IMMUTABLE',
        resourceTags: [{ Key: 'origin', Value: 'template' }],
      },
      { prefix: 'replicated', appliedFor: ['REPLICATION'] },
    ],
  })
  sdk = client(ecr)
  login = await registryLogin(ecr)
  // A second emulator over the same backing registry, on a clock the tests move.
  clock = createManualClock(Date.now())
  timed = await startEcrEmulator({ registry: ecr.registry, clock, tokenLifetimeSeconds: 30 })
  timedLogin = await registryLogin(timed)
})

afterAll(async () => {
  await timed?.stop()
  await ecr?.stop()
})

describe('authentication', () => {
  it('challenges like ECR without credentials and accepts AWS:<token>', async () => {
    const none = await call('GET', `${ecr.registryUrl}/v2/`)
    expect(none.status).toBe(401)
    expect(header(none, 'www-authenticate')).toBe(`Basic realm="${ecr.registryUrl}/",service="ecr.amazonaws.com"`)
    expect(errorCode(none)).toBe('DENIED')
    expect((await call('GET', `${ecr.registryUrl}/v2/`, { auth: login })).status).toBe(200)
    expect(
      (await call('GET', `${ecr.registryUrl}/v2/`, { auth: { user: 'someone', password: login.password } })).status,
    ).toBe(401)
    expect((await call('GET', `${ecr.registryUrl}/v2/`, { auth: { user: 'AWS', password: 'made-up' } })).status).toBe(
      401,
    )
    // A token of one emulator is not valid at another.
    expect((await call('GET', `${ecr.registryUrl}/v2/`, { auth: timedLogin })).status).toBe(401)
  })

  it('refuses an expired token with 401 DENIED, and a fresh token works', async () => {
    const fresh = await registryLogin(timed)
    expect((await call('GET', `${timed.registryUrl}/v2/`, { auth: fresh })).status).toBe(200)
    clock.advance(31_000)
    const expired = await call('GET', `${timed.registryUrl}/v2/`, { auth: fresh })
    expect(expired.status).toBe(401)
    expect(JSON.parse(expired.text)).toEqual({
      errors: [{ code: 'DENIED', message: 'Your authorization token has expired. Reauthenticate and try again.' }],
    })
    expect(header(expired, 'www-authenticate')).toContain('service="ecr.amazonaws.com"')
    timedLogin = await registryLogin(timed)
    expect((await call('GET', `${timed.registryUrl}/v2/`, { auth: timedLogin })).status).toBe(200)
  })

  it('can answer an expired token with 403 instead, as users report ECR doing', async () => {
    const strict = await startEcrEmulator({
      registry: ecr.registry,
      clock,
      tokenLifetimeSeconds: 5,
      expiredTokenStatus: 403,
    })
    try {
      const token = await registryLogin(strict)
      clock.advance(6_000)
      const expired = await call('GET', `${strict.registryUrl}/v2/`, { auth: token })
      expect(expired.status).toBe(403)
      expect(errorCode(expired)).toBe('DENIED')
    } finally {
      await strict.stop()
    }
  })
})

describe('repositories', () => {
  it('answers NAME_UNKNOWN for a repository that was never created', async () => {
    const registryId = `'${ecr.accountId}'`
    for (const [method, path] of [
      ['POST', 'blobs/uploads/'],
      ['GET', 'manifests/latest'],
      ['GET', 'tags/list'],
    ] as const) {
      const answer = await call(method, `${ecr.registryUrl}/v2/never/created/${path}`, { auth: login })
      expect(answer.status, `${method} ${path}`).toBe(404)
      expect(JSON.parse(answer.text)).toEqual({
        errors: [
          {
            code: 'NAME_UNKNOWN',
            message: `The repository with name 'never/created' does not exist in the registry with id ${registryId}`,
          },
        ],
      })
    }
    expect(ecr.repository('never/created')).toBeUndefined()
  })

  it('creates a repository on first push when a CREATE_ON_PUSH template covers it, with its settings', async () => {
    await pushManifestTree(ecr.registryUrl, 'auto/app', image, 'v1', login)
    const out = await sdk.send(new DescribeRepositoriesCommand({ repositoryNames: ['auto/app'] }))
    expect(out.repositories![0]).toMatchObject({ repositoryName: 'auto/app', imageTagMutability: 'IMMUTABLE' })
    expect(ecr.repository('auto/app')).toMatchObject({
      createdOnPush: true,
      tags: [{ Key: 'origin', Value: 'template' }],
    })
    // A read does not create; nor does a push outside the prefix or under a REPLICATION-only template.
    expect((await call('GET', `${ecr.registryUrl}/v2/auto/read/manifests/v1`, { auth: login })).status).toBe(404)
    for (const name of ['autonomous/app', 'replicated/app']) {
      const refused = await call('POST', `${ecr.registryUrl}/v2/${name}/blobs/uploads/`, { auth: login })
      expect(errorCode(refused), name).toBe('NAME_UNKNOWN')
    }
    expect(ecr.repository('auto/read')).toBeUndefined()
  })

  it("rewrites the backing registry's Location to the registry origin", async () => {
    await create('locations')
    const started = await call('POST', `${ecr.registryUrl}/v2/locations/blobs/uploads/`, { auth: login })
    expect(started.status).toBe(202)
    expect(header(started, 'location')!.startsWith(`${ecr.registryUrl}/v2/locations/blobs/uploads/`)).toBe(true)
  })

  it('logs the body bytes each upload request brought, so tests can tell bytes sent twice', async () => {
    await create('counted')
    ecr.resetLogs()
    await pushManifestTree(ecr.registryUrl, 'counted', image, 'v1', login)
    const uploads = ecr.logs.registry.filter((e) => e.path.startsWith('/v2/counted/blobs/uploads/'))
    const sent = uploads.reduce((sum, e) => sum + (e.bytesReceived ?? 0), 0)
    expect(sent).toBe(image.blobs.reduce((sum, b) => sum + b.bytes.length, 0))
    expect(
      ecr.logs.registry.filter((e) => e.path.includes('/manifests/')).every((e) => e.bytesReceived === undefined),
    ).toBe(true)
  })
})

describe('images as the API reports them', () => {
  beforeAll(async () => {
    await create('images/app')
    await pushManifestTree(ecr.registryUrl, 'images/app', image, 'v1', login)
    await pushManifestTree(ecr.registryUrl, 'images/app', other, 'v2', login)
    await putManifest(ecr, login, 'images/app', 'latest', other)
    await pushManifestTree(ecr.registryUrl, 'images/app', multi, 'multi', login)
  })

  it(
    'DescribeImages gives digest, tags, compressed size, push time and media type; an index reports its largest ' +
      'child',
    async () => {
      const out = await sdk.send(
        new DescribeImagesCommand({
          repositoryName: 'images/app',
          imageIds: [{ imageTag: 'v1' }, { imageTag: 'v2' }, { imageTag: 'multi' }],
        }),
      )
      const [one, two, index] = out.imageDetails!
      expect(one).toMatchObject({
        registryId: ecr.accountId,
        repositoryName: 'images/app',
        imageDigest: image.digest,
        imageTags: ['v1'],
        imageSizeInBytes: layerSum(image),
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      })
      expect(one!.imagePushedAt).toBeInstanceOf(Date)
      expect(one!.lastRecordedPullTime).toBeUndefined()
      expect(two!.imageTags!.sort()).toEqual(['latest', 'v2'])
      const [amd64, arm64] = multi.children
      expect(index).toMatchObject({
        imageDigest: multi.digest,
        imageManifestMediaType: 'application/vnd.oci.image.index.v1+json',
      })
      expect(index!.imageSizeInBytes).toBe(Math.max(layerSum(amd64!), layerSum(arm64!)))
      expect(index!.imageSizeInBytes).toBe(layerSum(arm64!))
    },
  )

  it('records the last pull when a manifest is GET through the registry', async () => {
    const before = Date.now()
    const got = await call('GET', `${ecr.registryUrl}/v2/images/app/manifests/v1`, {
      auth: login,
      headers: { accept: image.mediaType },
    })
    expect(got.status).toBe(200)
    const out = await sdk.send(
      new DescribeImagesCommand({ repositoryName: 'images/app', imageIds: [{ imageDigest: image.digest }] }),
    )
    expect(out.imageDetails![0]!.lastRecordedPullTime!.getTime()).toBeGreaterThanOrEqual(before - 1)
  })

  it('ListImages lists one id per tag and untagged digests, filtered by tagStatus, with paging', async () => {
    const all = await sdk.send(new ListImagesCommand({ repositoryName: 'images/app' }))
    const tagged = all
      .imageIds!.filter((id) => id.imageTag)
      .map((id) => id.imageTag)
      .sort()
    expect(tagged).toEqual(['latest', 'multi', 'v1', 'v2'])
    // The index's children (two images, two attestations) were pushed by digest only.
    const untagged = await sdk.send(
      new ListImagesCommand({ repositoryName: 'images/app', filter: { tagStatus: 'UNTAGGED' } }),
    )
    expect(untagged.imageIds!.map((id) => id.imageDigest).sort()).toEqual(multi.children.map((c) => c.digest).sort())
    expect(untagged.imageIds!.every((id) => id.imageTag === undefined)).toBe(true)
    const onlyTagged = await sdk.send(
      new ListImagesCommand({ repositoryName: 'images/app', filter: { tagStatus: 'TAGGED' } }),
    )
    expect(onlyTagged.imageIds).toHaveLength(4)
    const paged: string[] = []
    let nextToken: string | undefined
    do {
      const page = await sdk.send(new ListImagesCommand({ repositoryName: 'images/app', maxResults: 3, nextToken }))
      expect(page.imageIds!.length).toBeLessThanOrEqual(3)
      paged.push(...page.imageIds!.map((id) => `${id.imageDigest}:${id.imageTag ?? ''}`))
      nextToken = page.nextToken
    } while (nextToken)
    expect(paged).toHaveLength(all.imageIds!.length)
    const describedPages = await sdk.send(new DescribeImagesCommand({ repositoryName: 'images/app', maxResults: 2 }))
    expect(describedPages.imageDetails).toHaveLength(2)
    expect(describedPages.nextToken).toBeTruthy()
    const taggedDetails = await sdk.send(
      new DescribeImagesCommand({ repositoryName: 'images/app', filter: { tagStatus: 'TAGGED' } }),
    )
    expect(taggedDetails.imageDetails!.map((d) => d.imageDigest).sort()).toEqual(
      [image.digest, other.digest, multi.digest].sort(),
    )
  })

  it('BatchGetImage returns the exact manifests and ImageNotFound failures', async () => {
    const out = await sdk.send(
      new BatchGetImageCommand({
        repositoryName: 'images/app',
        imageIds: [
          { imageTag: 'v1' },
          { imageDigest: multi.digest },
          { imageTag: 'missing' },
          { imageTag: 'v1', imageDigest: other.digest },
        ],
      }),
    )
    expect(out.images!.map((i) => i.imageManifest)).toEqual([
      image.bytes.toString('utf8'),
      multi.bytes.toString('utf8'),
    ])
    expect(out.images![0]).toMatchObject({
      imageId: { imageTag: 'v1', imageDigest: image.digest },
      imageManifestMediaType: image.mediaType,
    })
    expect(out.failures).toEqual([
      { imageId: { imageTag: 'missing' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' },
      {
        imageId: { imageTag: 'v1', imageDigest: other.digest },
        failureCode: 'ImageTagDoesNotMatchDigest',
        failureReason: 'Invalid image digest or tag',
      },
    ])
  })

  it('DescribeImages refuses a missing image and a missing repository', async () => {
    const e = await failure(
      sdk.send(new DescribeImagesCommand({ repositoryName: 'images/app', imageIds: [{ imageTag: 'nope' }] })),
    )
    expect(e.name).toBe('ImageNotFoundException')
    const r = await failure(sdk.send(new ListImagesCommand({ repositoryName: 'images/none' })))
    expect(r.name).toBe('RepositoryNotFoundException')
  })
})

describe('tag immutability', () => {
  it('refuses any push to an existing tag of an IMMUTABLE repository, the same digest included', async () => {
    await create('immutable', { imageTagMutability: 'IMMUTABLE' })
    await pushManifestTree(ecr.registryUrl, 'immutable', image, 'v1', login)
    await pushManifestTree(ecr.registryUrl, 'immutable', other, undefined, login)
    for (const m of [image, other]) {
      const refused = await putManifest(ecr, login, 'immutable', 'v1', m)
      expect(refused.status).toBe(400)
      expect(JSON.parse(refused.text)).toEqual({
        errors: [
          {
            code: 'TAG_INVALID',
            message:
              "The image tag 'v1' already exists in the 'immutable' repository and cannot be overwritten because the " +
              'repository is immutable.',
          },
        ],
      })
    }
    expect((await putManifest(ecr, login, 'immutable', 'v2', other)).status).toBe(201)
    expect((await putManifest(ecr, login, 'immutable', image.digest, image)).status).toBe(201)
    expect(ecr.image('immutable', 'v1')!.digest).toBe(image.digest)
  })

  it('lets exclusion filters flip the setting per tag', async () => {
    await create('immutable-except', {
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest*' }],
    })
    await pushManifestTree(ecr.registryUrl, 'immutable-except', image, undefined, login)
    await pushManifestTree(ecr.registryUrl, 'immutable-except', other, undefined, login)
    for (const tag of ['v1', 'latest', 'latest-dev'])
      expect((await putManifest(ecr, login, 'immutable-except', tag, image)).status).toBe(201)
    expect((await putManifest(ecr, login, 'immutable-except', 'latest', other)).status).toBe(201)
    expect((await putManifest(ecr, login, 'immutable-except', 'latest-dev', other)).status).toBe(201)
    expect(errorCode(await putManifest(ecr, login, 'immutable-except', 'v1', other))).toBe('TAG_INVALID')

    await create('mutable-except', {
      imageTagMutability: 'MUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'release-*' }],
    })
    await pushManifestTree(ecr.registryUrl, 'mutable-except', image, undefined, login)
    await pushManifestTree(ecr.registryUrl, 'mutable-except', other, undefined, login)
    for (const tag of ['dev', 'release-1'])
      expect((await putManifest(ecr, login, 'mutable-except', tag, image)).status).toBe(201)
    expect((await putManifest(ecr, login, 'mutable-except', 'dev', other)).status).toBe(201)
    expect(errorCode(await putManifest(ecr, login, 'mutable-except', 'release-1', other))).toBe('TAG_INVALID')
  })

  it('moves a tag in a MUTABLE repository and untags the old image', async () => {
    await create('mutable')
    await pushManifestTree(ecr.registryUrl, 'mutable', image, 'v1', login)
    await pushManifestTree(ecr.registryUrl, 'mutable', other, 'v1', login)
    const out = await sdk.send(new ListImagesCommand({ repositoryName: 'mutable', filter: { tagStatus: 'UNTAGGED' } }))
    expect(out.imageIds).toEqual([{ imageDigest: image.digest }])
  })
})

describe('PutImage rate limit', () => {
  it('answers 429 TOOMANYREQUESTS past 10 manifest PUTs per second', async () => {
    await create('rate', {}, client(timed))
    await pushManifestTree(timed.registry.url, 'rate', image)
    const answers = await Promise.all(
      Array.from({ length: 13 }, () => putManifest(timed, timedLogin, 'rate', image.digest, image)),
    )
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(10)
    const refused = answers.filter((a) => a.status === 429)
    expect(refused).toHaveLength(3)
    expect(JSON.parse(refused[0]!.text)).toEqual({ errors: [{ code: 'TOOMANYREQUESTS', message: 'Rate exceeded' }] })
    // Reads are not PutImage calls.
    expect(
      (
        await call('GET', `${timed.registryUrl}/v2/rate/manifests/${image.digest}`, {
          auth: timedLogin,
          headers: { accept: image.mediaType },
        })
      ).status,
    ).toBe(200)
    clock.advance(200)
    const refilled = await Promise.all(
      Array.from({ length: 3 }, () => putManifest(timed, timedLogin, 'rate', image.digest, image)),
    )
    expect(refilled.map((a) => a.status).sort()).toEqual([201, 201, 429])
  })
})

describe('cross-repository mount', () => {
  const layer = image.blobs[1]!
  const mount = (to: string, from: string, digest = layer.digest): Promise<Answer> =>
    call('POST', `${ecr.registryUrl}/v2/${to}/blobs/uploads/?mount=${digest}&from=${from}`, { auth: login })

  beforeAll(async () => {
    await create('mount/src')
    await create('mount/dst')
    await create('mount/kms', { encryptionConfiguration: { encryptionType: 'KMS' } })
    await pushManifestTree(ecr.registryUrl, 'mount/src', image, 'v1', login)
  })

  it('answers 202 with an upload session while BLOB_MOUNTING is off', async () => {
    const answer = await mount('mount/dst', 'mount/src')
    expect(answer.status).toBe(202)
    expect(header(answer, 'location')).toContain('/v2/mount/dst/blobs/uploads/')
    expect((await call('HEAD', `${ecr.registryUrl}/v2/mount/dst/blobs/${layer.digest}`, { auth: login })).status).toBe(
      404,
    )
  })

  it('mounts (201) with BLOB_MOUNTING on, only a blob a source manifest references, only between equal encryption', async () => {
    ecr.setBlobMounting(true)
    try {
      // A blob uploaded to the source but referenced by no manifest there is not mounted (containers-roadmap#2860).
      const loose = await pushStreamedBlob(ecr.registryUrl, 'mount/src', { seed: 'ecr-loose', size: 1000 }, login)
      expect(
        (await call('HEAD', `${ecr.registryUrl}/v2/mount/src/blobs/${loose.digest}`, { auth: login })).status,
      ).toBe(200)
      expect((await mount('mount/dst', 'mount/src', loose.digest)).status).toBe(202)
      expect((await mount('mount/kms', 'mount/src')).status).toBe(202)
      expect((await mount('mount/dst', 'never/created')).status).toBe(202)
      const mounted = await mount('mount/dst', 'mount/src')
      expect(mounted.status).toBe(201)
      expect(header(mounted, 'docker-content-digest')).toBe(layer.digest)
      expect(header(mounted, 'location')).toBe(`${ecr.registryUrl}/v2/mount/dst/blobs/${layer.digest}`)
    } finally {
      ecr.setBlobMounting(false)
    }
  })
})

describe('blob downloads', () => {
  const layer = image.blobs[1]!

  beforeAll(async () => {
    await create('blobs')
    await pushManifestTree(ecr.registryUrl, 'blobs', image, 'v1', login)
  })

  it('redirects a blob GET to a pre-signed URL on the storage origin, which refuses an Authorization header', async () => {
    const redirect = await call('GET', `${ecr.registryUrl}/v2/blobs/blobs/${layer.digest}`, { auth: login })
    expect(redirect.status).toBe(307)
    const location = header(redirect, 'location')!
    expect(location.startsWith(`${ecr.storageUrl}/`)).toBe(true)
    const withAuth = await call('GET', location, { auth: login })
    expect(withAuth.status).toBe(400)
    expect(withAuth.text).toContain('Only one auth mechanism allowed')
    const plain = await call('GET', location)
    expect(plain.status).toBe(200)
    // A later expiry than was signed: the signature no longer matches.
    const tampered = await call(
      'GET',
      location.replace(/verify=(\d+)-/, (_, n: string) => `verify=${Number(n) + 3600}-`),
    )
    expect(tampered.status).toBe(403)
    expect(ecr.logs.storage.filter((e) => e.authorization)).toHaveLength(1)
  })

  it('streams the exact bytes and refuses an expired URL with 403', async () => {
    await pushManifestTree(timed.registry.url, 'blobs-timed', image)
    await create('blobs-timed', {}, client(timed))
    const redirect = await call('GET', `${timed.registryUrl}/v2/blobs-timed/blobs/${layer.digest}`, {
      auth: timedLogin,
    })
    const location = header(redirect, 'location')!
    const res = await fetch(location)
    expect(Buffer.from(await res.arrayBuffer()).equals(layer.bytes)).toBe(true)
    clock.advance(601_000)
    try {
      const expired = await call('GET', location)
      expect(expired.status).toBe(403)
      expect(expired.text).toContain('Request has expired')
    } finally {
      clock.set(Date.now())
    }
  })

  it("answers the registry's 404 for an unknown blob", async () => {
    const unknown = `sha256:${'0'.repeat(64)}`
    const answer = await call('GET', `${ecr.registryUrl}/v2/blobs/blobs/${unknown}`, { auth: login })
    expect(answer.status).toBe(404)
    expect(errorCode(answer)).toBe('BLOB_UNKNOWN')
  })
})
