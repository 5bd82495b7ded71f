import type { AccountsDto, AppInfo, CompareDto, CompareRepositoryDto, CompareTagDto, HubQuotaDto, JobDto, PlanDto, ProgressDto, ReportDto, TagStateDto } from '../../../../src-main/contract'

export const JOB_ID = '20261127-101500-ab12'

export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return { version: '0.1.0', transport: 'http', demo: false, secretStorage: { description: 'the GNOME keyring', secure: true }, ...overrides }
}

export function accounts(overrides: Partial<AccountsDto> = {}): AccountsDto {
  return {
    hub: [{ name: 'work', username: 'alice', addedAt: '2026-11-01T10:00:00Z', verifiedAt: '2026-11-01T10:00:00Z' }],
    dockerConfigUser: 'alice',
    awsProfiles: [
      { name: 'prod', region: 'eu-west-1', kind: 'sso' },
      { name: 'dev', kind: 'keys' },
    ],
    ...overrides,
  }
}

export function hubQuota(account: string, remaining = 97): HubQuotaDto {
  return { account, quota: { kind: 'limited', limit: 100, remaining, windowSeconds: 21_600 }, checkedAt: '2026-11-27T10:00:00Z' }
}

export function compareTag(tag: string, state: TagStateDto, overrides: Partial<CompareTagDto> = {}): CompareTagDto {
  const hubDigest = state === 'ecr-only' ? undefined : `sha256:${'a'.repeat(63)}${tag.length % 10}`
  const ecrDigest = state === 'hub-only' ? undefined : state === 'differs' ? `sha256:${'b'.repeat(64)}` : (hubDigest ?? `sha256:${'c'.repeat(64)}`)
  return {
    tag,
    state,
    hubDigest,
    ecrDigest,
    platforms: ['linux/amd64', 'linux/arm64'],
    hubSizeBytes: state === 'ecr-only' ? undefined : 12_345_678,
    ecrSizeBytes: state === 'hub-only' ? undefined : 12_300_000,
    lastPushed: '2026-11-20T08:00:00Z',
    lastPulled: state === 'hub-only' ? undefined : '2026-11-25T08:00:00Z',
    ...overrides,
  }
}

export function compareRepository(hub: string | undefined, tags: CompareTagDto[], ecr = hub ? `mirror/${hub}` : 'mirror/orphan'): CompareRepositoryDto {
  const counts: Record<TagStateDto, number> = { both: 0, 'hub-only': 0, differs: 0, 'ecr-only': 0 }
  for (const tag of tags) counts[tag.state] += 1
  return { hub, ecr, ecrExists: counts.both + counts.differs + counts['ecr-only'] > 0, tags, counts }
}

/** Three repositories, every state: web (1.0 in sync, 1.1 missing, latest differs), api (2.0 missing, old only in ECR), tools (empty in ECR). */
export function smallComparison(): CompareDto {
  return {
    namespace: 'acme',
    registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    repositories: [
      compareRepository('acme/web', [compareTag('1.0', 'both'), compareTag('1.1', 'hub-only'), compareTag('latest', 'differs')]),
      compareRepository('acme/api', [compareTag('2.0', 'hub-only'), compareTag('old', 'ecr-only')]),
      compareRepository('acme/tools', [compareTag('v3', 'hub-only')]),
    ],
  }
}

/** `repositories` × `tagsEach` tags: 5,000 × 10 is the 50,000-tag case. */
export function largeComparison(repositories: number, tagsEach: number): CompareDto {
  const states: TagStateDto[] = ['both', 'hub-only', 'differs', 'both', 'hub-only']
  return {
    namespace: 'big',
    registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    repositories: Array.from({ length: repositories }, (_, r) =>
      compareRepository(
        `big/repo-${String(r).padStart(4, '0')}`,
        Array.from({ length: tagsEach }, (_, t) => compareTag(`v${t}`, states[(r + t) % states.length]!)),
      ),
    ),
  }
}

export function plan(): PlanDto {
  return {
    registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    repositories: [
      {
        source: 'acme/web',
        target: 'mirror/acme/web',
        create: false,
        tags: [
          { tag: '1.0', action: 'skip', reason: 'already in ECR with the same digest', sizeBytes: 12_000_000, platforms: ['linux/amd64'], pulls: 0, lambda: { compatible: true } },
          { tag: 'latest', action: 'conflict', reason: 'immutable tag with another digest', sizeBytes: 12_000_000, platforms: ['linux/amd64'], pulls: 0, lambda: { compatible: true } },
        ],
      },
      {
        source: 'acme/tools',
        target: 'mirror/acme/tools',
        create: true,
        tags: [{ tag: 'v3', action: 'copy', reason: 'missing in ECR', sizeBytes: 50_000_000, platforms: ['linux/amd64', 'linux/arm64'], pulls: 3, lambda: { compatible: false, reason: 'multi-platform index' } }],
      },
    ],
    totals: { repositoriesToCreate: 1, tagsToCopy: 1, tagsUpToDate: 1, conflicts: 1, unsupported: 0, pulls: 3, bytes: 50_000_000 },
    warnings: ['acme/web:latest is immutable in ECR with another digest'],
    quota: { kind: 'limited', limit: 100, remaining: 97, windowSeconds: 21_600 },
    estimate: { seconds: 125, quotaWaitSeconds: 0, assumption: 'At 40 MB/s from Docker Hub.' },
  }
}

export function progress(overrides: Partial<ProgressDto> = {}): ProgressDto {
  return {
    tagsPlanned: 4,
    tagsCopied: 0,
    tagsSkipped: 0,
    tagsFailed: 0,
    blobsUploaded: 0,
    blobsMounted: 0,
    blobsPresent: 0,
    bytesUploaded: 0,
    bytesTransferred: 0,
    bytesPerSecond: 0,
    elapsedSeconds: 0,
    ...overrides,
  }
}

export function job(overrides: Partial<JobDto> = {}): JobDto {
  return {
    id: JOB_ID,
    state: 'running',
    createdAt: '2026-11-27T10:15:00Z',
    runs: 1,
    from: 'docker.io/acme',
    to: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror',
    progress: progress(),
    ...overrides,
  }
}

export function report(overrides: Partial<ReportDto> = {}): ReportDto {
  return {
    job: { id: JOB_ID, createdAt: '2026-11-27T10:15:00Z', state: 'finished', runs: 1 },
    generatedAt: '2026-11-27T10:20:00Z',
    from: 'docker.io/acme',
    to: { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', accountId: '123456789012', region: 'eu-west-1', prefix: 'mirror' },
    summary: { copied: 1, 'already-in-ecr': 1, conflict: 0, unsupported: 0, failed: 0, 'not-copied': 0, verified: 2 },
    repositories: [{ source: 'acme/tools', target: 'mirror/acme/tools', created: true }],
    entries: [
      { source: 'docker.io/acme/tools:v3', destination: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/tools:v3', outcome: 'copied', sourceDigest: `sha256:${'1'.repeat(64)}`, destinationDigest: `sha256:${'1'.repeat(64)}`, verified: true, lambda: { compatible: true } },
      { source: 'docker.io/acme/web:1.0', destination: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/web:1.0', outcome: 'already-in-ecr', sourceDigest: `sha256:${'2'.repeat(64)}`, destinationDigest: `sha256:${'2'.repeat(64)}`, verified: false, lambda: { compatible: true } },
    ],
    warnings: [],
    snippets: {
      ecs: '"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/tools:v3"',
      eks: 'image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/tools:v3',
      codebuild: 'aws ecr get-login-password | docker login',
      iamActions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      iamPolicy: '{"Version":"2012-10-17"}',
    },
    markdown: '# Migration report\n',
    html: '<!doctype html><title>Migration report</title>',
    ...overrides,
  }
}
