import { describe, expect, it } from 'vitest'
import {
  planMigration,
  tagIsImmutable,
  type TargetRepositoryState,
} from '../../../../src-main/core/migration/migration-plan'
import type { ListedTag } from '../../../../src-main/core/migration/tag-selection'

const INDEX = 'application/vnd.oci.image.index.v1+json'
const IMAGE = 'application/vnd.docker.distribution.manifest.v2+json'
const SCHEMA1 = 'application/vnd.docker.distribution.manifest.v1+prettyjws'
const d = (n: number) => `sha256:${String(n).padStart(64, '0')}`
const linux = (architecture: string, digest: string, size = 100) => ({
  os: 'linux',
  architecture,
  digest,
  sizeBytes: size,
})
const attestation = (digest: string) => ({ os: 'unknown', architecture: 'unknown', digest, sizeBytes: 1 })

function plan(
  tags: ListedTag[],
  target?: TargetRepositoryState,
  lambdaPlatform?: { os: string; architecture: string },
) {
  return planMigration({
    sources: [{ repository: 'acme/web', tags }],
    names: new Map([['acme/web', 'mirror/acme/web']]),
    targets: new Map(target ? [['mirror/acme/web', target]] : []),
    lambdaPlatform,
  })
}

describe('planMigration', () => {
  it('copies what ECR lacks, skips equal digests, and charges one pull per image and per platform of an index', () => {
    const result = plan(
      [
        { name: 'same', digest: d(1), mediaType: IMAGE, sizeBytes: 10 },
        { name: 'new', digest: d(2), mediaType: IMAGE, sizeBytes: 20 },
        { name: 'alias', digest: d(2), mediaType: IMAGE, sizeBytes: 20 },
        {
          name: 'multi',
          digest: d(3),
          mediaType: INDEX,
          manifests: 4,
          sizeBytes: 40,
          platforms: [linux('amd64', d(4)), linux('arm64', d(5)), attestation(d(6)), attestation(d(7))],
        },
        { name: 'moved', digest: d(8), mediaType: IMAGE, sizeBytes: 5 },
      ],
      {
        immutableTags: false,
        mutabilityExceptions: [],
        tags: new Map([
          ['same', d(1)],
          ['moved', d(9)],
        ]),
      },
    )
    const byTag = Object.fromEntries(result.repositories[0]!.tags.map((t) => [t.tag, t]))
    expect(result.repositories[0]!.create).toBe(false)
    expect(byTag.same).toMatchObject({ action: 'skip', pulls: 0 })
    expect(byTag.new).toMatchObject({ action: 'copy', pulls: 1, reason: 'missing in ECR' })
    expect(byTag.alias).toMatchObject({ action: 'copy', pulls: 0 })
    expect(byTag.multi).toMatchObject({ action: 'copy', pulls: 4, platforms: ['linux/amd64', 'linux/arm64'] })
    expect(byTag.moved).toMatchObject({ action: 'copy', reason: `digest differs (ECR holds ${d(9)})` })
    // The alias shares everything with `new`: its bytes count once.
    expect(result.totals).toEqual({
      repositoriesToCreate: 0,
      tagsToCopy: 4,
      tagsUpToDate: 1,
      conflicts: 0,
      unsupported: 0,
      pulls: 6,
      bytes: 65,
    })
  })

  it('lists an immutable tag holding another digest as a conflict, and lets an excluded tag be copied', () => {
    const target = {
      immutableTags: true,
      mutabilityExceptions: ['latest*'],
      tags: new Map([
        ['1.0', d(9)],
        ['latest', d(9)],
      ]),
    }
    const result = plan(
      [
        { name: '1.0', digest: d(1), mediaType: IMAGE },
        { name: 'latest', digest: d(1), mediaType: IMAGE },
      ],
      target,
    )
    expect(result.repositories[0]!.tags.map((t) => t.action)).toEqual(['conflict', 'copy'])
    expect(result.totals.conflicts).toBe(1)
    expect(result.warnings).toEqual([
      `docker.io/acme/web:1.0: conflict: immutable in ECR, where it holds ${d(9)}; left untouched.`,
    ])
  })

  it('refuses Docker schema 1 with what to do, and creates a repository ECR lacks', () => {
    const result = plan([{ name: 'ancient', digest: d(1), mediaType: SCHEMA1 }])
    expect(result.repositories[0]).toMatchObject({
      create: true,
      tags: [{ action: 'unsupported', reason: expect.stringContaining('rebuild and push it again') }],
    })
    expect(result.totals).toMatchObject({ repositoriesToCreate: 1, unsupported: 1, tagsToCopy: 0 })
  })

  it('says which tags Lambda can run, and plans a TAG-ARCH copy of the chosen platform', () => {
    const result = plan(
      [
        { name: 'single', digest: d(1), mediaType: IMAGE, sizeBytes: 100, platforms: [linux('amd64', d(1))] },
        { name: 'huge', digest: d(2), mediaType: IMAGE, sizeBytes: 11 * 1024 ** 3 },
        {
          name: 'multi',
          digest: d(3),
          mediaType: INDEX,
          platforms: [linux('amd64', d(4)), { ...linux('arm64', d(5)), variant: 'v8' }],
        },
        { name: 'attested', digest: d(6), mediaType: INDEX, platforms: [linux('amd64', d(7)), attestation(d(8))] },
      ],
      undefined,
      { os: 'linux', architecture: 'arm64' },
    )
    const [single, huge, multi, attested] = result.repositories[0]!.tags
    expect(single!.lambda).toEqual({ compatible: true })
    expect(huge!.lambda).toEqual({ compatible: false, reason: 'larger than Lambda’s 10 GB image limit' })
    expect(multi!.lambda).toMatchObject({ compatible: false, reason: expect.stringContaining('multi-platform index') })
    expect(multi!.lambdaTag).toEqual({ tag: 'multi-arm64-v8', digest: d(5) })
    expect(attested!.lambda).toMatchObject({ compatible: false, reason: expect.stringContaining('attestations') })
    // No arm64 image in it: nothing to copy for Lambda.
    expect(attested!.lambdaTag).toBeUndefined()
    expect(result.warnings.join('\n')).toContain('attested: carries build attestations')
  })

  it(
    'warns when a keep-last rule is below the images a new repository gets (alias tags are one image; Lambda copies ' +
      'count)',
    () => {
      const tags: ListedTag[] = [
        { name: '1.0', digest: d(1), mediaType: IMAGE },
        { name: 'latest', digest: d(1), mediaType: IMAGE },
        {
          name: 'multi',
          digest: d(3),
          mediaType: INDEX,
          manifests: 2,
          platforms: [linux('amd64', d(4)), linux('arm64', d(5))],
        },
      ]
      const planned = (keepLastImages: number, target?: TargetRepositoryState) =>
        planMigration({
          sources: [{ repository: 'acme/web', tags }],
          names: new Map([['acme/web', 'mirror/acme/web']]),
          targets: new Map(target ? [['mirror/acme/web', target]] : []),
          lambdaPlatform: { os: 'linux', architecture: 'arm64' },
          keepLastImages,
        })
      // 1.0 and latest (one image), multi, and multi-arm64 for Lambda: three images.
      expect(planned(3).expiringRepositories).toEqual([])
      const short = planned(2)
      expect(short.expiringRepositories).toEqual([{ repository: 'mirror/acme/web', images: 3, keepLast: 2 }])
      expect(short.warnings).toContain(
        'mirror/acme/web gets 3 images but its lifecycle policy keeps the last 2: ECR would expire migrated images. ' +
          'Raise keep-last to at least 3, or confirm the expiry to start anyway.',
      )
      // The policy is only set on repositories the migration creates: an existing one is not at risk from it.
      expect(
        planned(1, { immutableTags: false, mutabilityExceptions: [], tags: new Map() }).expiringRepositories,
      ).toEqual([])
    },
  )
})

describe('tagIsImmutable (ECR exclusion filters flip the repository setting)', () => {
  it.each<[boolean, string[], string, boolean]>([
    [true, [], 'v1', true],
    [false, [], 'v1', false],
    [true, ['latest', 'dev-*'], 'dev-42', false],
    [true, ['latest', 'dev-*'], 'latest', false],
    [true, ['latest', 'dev-*'], 'latest2', true],
    [false, ['release-*'], 'release-1.0', true],
    [false, ['*.*'], 'v1x0', false],
  ])('immutable=%s filters=%j tag %s → %s', (immutableTags, mutabilityExceptions, tag, expected) => {
    expect(tagIsImmutable({ immutableTags, mutabilityExceptions }, tag)).toBe(expected)
  })
})
