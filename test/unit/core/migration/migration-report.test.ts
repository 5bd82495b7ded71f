import { describe, expect, it } from 'vitest'
import type { JobRecord } from '../../../../src-main/core/migration/job-store'
import type { MigrationPlan, PlannedTag } from '../../../../src-main/core/migration/migration-plan'
import { buildMigrationReport, type JournalTag } from '../../../../src-main/core/migration/migration-report'
import type { MigrationSpec } from '../../../../src-main/core/migration/migration-spec'
import { reportHtml, reportMarkdown } from '../../../../src-main/core/migration/report-document'

const d = (n: number) => `sha256:${String(n).padStart(64, '0')}`
const HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
const tag = (
  name: string,
  action: PlannedTag['action'],
  digest: string,
  extra: Partial<PlannedTag> = {},
): PlannedTag => ({
  tag: name,
  action,
  reason: action,
  digest,
  sizeBytes: 1,
  platforms: [],
  pulls: 1,
  lambda: { compatible: true },
  ...extra,
})
const plan: MigrationPlan = {
  repositories: [
    {
      source: 'acme/web',
      target: 'mirror/web',
      create: true,
      tags: [
        tag('copied-then-journalled', 'copy', d(1)),
        tag('copied-but-killed-before-journal', 'copy', d(2)),
        tag('failed', 'copy', d(3)),
        tag('left', 'copy', d(4)),
        tag('there', 'skip', d(5)),
        tag('locked', 'conflict', d(6), { reason: 'immutable in ECR' }),
        tag('multi', 'copy', d(7), {
          lambda: { compatible: false, reason: 'a multi-platform index' },
          lambdaTag: { tag: 'multi-amd64', digest: d(8) },
        }),
      ],
    },
  ],
  totals: { repositoriesToCreate: 1, tagsToCopy: 5, tagsUpToDate: 1, conflicts: 1, unsupported: 0, pulls: 5, bytes: 5 },
  warnings: ['a <warning> | with pipes'],
  expiringRepositories: [],
}
const job: JobRecord<MigrationSpec> = {
  version: 1,
  id: '20261127-000000-abcd',
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
  state: 'failed',
  runs: 2,
  spec: {
    from: { namespace: 'acme' },
    to: { region: 'eu-west-1', prefix: 'mirror' },
    dropNamespace: false,
    tags: {},
    settings: { immutableTags: false, scanOnPush: false, encryption: { type: 'AES256' } },
    referrers: false,
    acceptLifecycleExpiry: false,
  },
}
const journal: JournalTag[] = [
  {
    type: 'tag',
    source: 'docker.io/acme/web:copied-then-journalled',
    destination: `${HOST}/mirror/web:copied-then-journalled`,
    digest: d(1),
    outcome: 'copied',
  },
  {
    type: 'tag',
    source: 'docker.io/acme/web:failed',
    destination: `${HOST}/mirror/web:failed`,
    digest: d(3),
    outcome: 'failed',
    error: { code: 'DENIED', message: 'no' },
  },
]
const inEcr = new Map([
  ['copied-then-journalled', d(1)],
  ['copied-but-killed-before-journal', d(2)],
  ['there', d(5)],
  ['locked', d(99)],
  ['multi', d(7)],
  ['multi-amd64', d(8)],
])

const report = buildMigrationReport({
  job,
  plan,
  journal,
  verified: new Map([['mirror/web', { immutableTags: false, mutabilityExceptions: [], tags: inEcr }]]),
  registry: { accountId: '123456789012', host: HOST, url: new URL(`https://${HOST}`) },
  region: 'eu-west-1',
  now: new Date('2026-11-27T01:00:00Z'),
})

describe('buildMigrationReport', () => {
  it('judges each tag by what ECR holds after the run, the journal only for why it failed', () => {
    const outcome = Object.fromEntries(
      report.entries.map((e) => [e.destination.slice(HOST.length + '/mirror/web:'.length), [e.outcome, e.verified]]),
    )
    expect(outcome).toEqual({
      'copied-then-journalled': ['copied', true],
      'copied-but-killed-before-journal': ['copied', true],
      failed: ['failed', false],
      left: ['not-copied', false],
      there: ['already-in-ecr', true],
      locked: ['conflict', false],
      multi: ['copied', true],
      'multi-amd64': ['copied', true],
    })
    expect(report.entries.find((e) => e.outcome === 'failed')?.reason).toBe('DENIED: no')
    expect(report.entries.find((e) => e.outcome === 'conflict')).toMatchObject({
      sourceDigest: d(6),
      destinationDigest: d(99),
    })
    expect(report.entries.find((e) => e.destination.endsWith(':multi-amd64'))).toMatchObject({
      source: `docker.io/acme/web@${d(8)}`,
      platformCopyOf: `${HOST}/mirror/web:multi`,
      lambda: { compatible: true },
    })
    expect(report.summary).toEqual({
      copied: 4,
      'already-in-ecr': 1,
      conflict: 1,
      unsupported: 0,
      failed: 1,
      'not-copied': 1,
      verified: 5,
    })
  })

  it("says why a tag the run copied, or found, is missing from ECR's read-back", () => {
    const lost = buildMigrationReport({
      job,
      plan,
      journal,
      verified: new Map([
        [
          'mirror/web',
          {
            immutableTags: false,
            mutabilityExceptions: [],
            tags: new Map<string, string>(
              [...inEcr, ['copied-then-journalled', d(42)] as const].filter(([name]) => name !== 'there'),
            ),
          },
        ],
      ]),
      registry: { accountId: '123456789012', host: HOST, url: new URL(`https://${HOST}`) },
      region: 'eu-west-1',
    })
    const reason = (name: string) => lost.entries.find((e) => e.destination === `${HOST}/mirror/web:${name}`)
    expect(reason('copied-then-journalled')).toMatchObject({
      outcome: 'not-copied',
      verified: false,
      reason:
        `copied during the run, but ECR's read-back after the run shows ${d(42)} under this tag, not ${d(1)}; ` +
        `crossdock resume copies it again`,
    })
    expect(reason('there')).toMatchObject({
      outcome: 'not-copied',
      reason:
        `it was in ECR when planned, but ECR's read-back after the run shows no such tag, not ${d(5)}; ` +
        `crossdock resume copies it again`,
    })
  })

  it('points the snippets at a verified image, and Lambda at one Lambda can run', () => {
    expect(report.snippets.ecs).toContain(`"image": "${HOST}/mirror/web:copied-then-journalled"`)
    expect(report.snippets.lambda).toContain(`ImageUri: ${HOST}/mirror/web:copied-then-journalled`)
    expect(JSON.parse(report.snippets.iamPolicy).Statement[1].Resource).toEqual([
      'arn:aws:ecr:eu-west-1:123456789012:repository/mirror/web',
    ])
  })
})

describe('report documents', () => {
  it('Markdown keeps table cells intact', () => {
    const markdown = reportMarkdown(report)
    expect(markdown.startsWith('# Migration 20261127-000000-abcd\n')).toBe(true)
    expect(markdown).toContain(`| docker.io/acme/web:failed | ${HOST}/mirror/web:failed | failed: DENIED: no |`)
    expect(markdown).toContain('a <warning> | with pipes')
  })

  it('HTML escapes everything and loads nothing', () => {
    const html = reportHtml(report)
    expect(html).toContain('a &#60;warning&#62; | with pipes')
    expect(html).not.toContain('<warning>')
    expect(html).toContain("default-src 'none'")
    expect(html).not.toMatch(/<script|<link|src=/i)
  })
})
