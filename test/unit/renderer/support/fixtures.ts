import type {
  AccountsDto,
  AppInfo,
  CallArgs,
  CompareDto,
  CompareRepositoryDto,
  CompareTagDto,
  CostEstimateDto,
  CostLineDto,
  CutoverLiveDto,
  CutoverPreviewDto,
  CutoverScanDto,
  FigureDto,
  FileRewriteDto,
  HubQuotaDto,
  JobDto,
  LimitsOverviewDto,
  PlanDto,
  ProgressDto,
  ReferenceDto,
  ReportDto,
  TagStateDto,
  WhatIfDto,
} from '../../../../src-main/contract'

export const JOB_ID = '20261127-101500-ab12'

export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return {
    version: '0.1.0',
    transport: 'http',
    demo: false,
    secretStorage: { description: 'the GNOME keyring', secure: true },
    canPickFolders: false,
    ...overrides,
  }
}

export function accounts(overrides: Partial<AccountsDto> = {}): AccountsDto {
  return {
    hub: [
      {
        name: 'work',
        kind: 'dockerhub',
        username: 'alice',
        addedAt: '2026-11-01T10:00:00Z',
        verifiedAt: '2026-11-01T10:00:00Z',
        saved: true,
      },
    ],
    dockerConfigUser: 'alice',
    awsProfiles: [
      { name: 'prod', region: 'eu-west-1', kind: 'sso' },
      { name: 'dev', kind: 'keys' },
    ],
    ...overrides,
  }
}

export function hubQuota(account: string, remaining = 97): HubQuotaDto {
  return {
    account,
    quota: { kind: 'limited', limit: 100, remaining, windowSeconds: 21_600 },
    checkedAt: '2026-11-27T10:00:00Z',
  }
}

export function compareTag(tag: string, state: TagStateDto, overrides: Partial<CompareTagDto> = {}): CompareTagDto {
  const hubDigest = state === 'ecr-only' ? undefined : `sha256:${'a'.repeat(63)}${tag.length % 10}`
  const ecrDigest =
    state === 'hub-only'
      ? undefined
      : state === 'differs'
        ? `sha256:${'b'.repeat(64)}`
        : (hubDigest ?? `sha256:${'c'.repeat(64)}`)
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

export function compareRepository(
  hub: string | undefined,
  tags: CompareTagDto[],
  ecr = hub ? `mirror/${hub}` : 'mirror/orphan',
): CompareRepositoryDto {
  const counts: Record<TagStateDto, number> = { both: 0, 'hub-only': 0, differs: 0, 'ecr-only': 0 }
  for (const tag of tags) counts[tag.state] += 1
  return { hub, ecr, ecrExists: counts.both + counts.differs + counts['ecr-only'] > 0, tags, counts }
}

/**
 * Three repositories, every state: web (1.0 in sync, 1.1 missing, latest differs), api (2.0 missing, old only in ECR),
 * tools (empty in ECR).
 */
export function smallComparison(): CompareDto {
  return {
    namespace: 'acme',
    registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    repositories: [
      compareRepository('acme/web', [
        compareTag('1.0', 'both'),
        compareTag('1.1', 'hub-only'),
        compareTag('latest', 'differs'),
      ]),
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
          {
            tag: '1.0',
            action: 'skip',
            reason: 'already in ECR with the same digest',
            sizeBytes: 12_000_000,
            platforms: ['linux/amd64'],
            pulls: 0,
            lambda: { compatible: true },
          },
          {
            tag: 'latest',
            action: 'conflict',
            reason: 'immutable tag with another digest',
            sizeBytes: 12_000_000,
            platforms: ['linux/amd64'],
            pulls: 0,
            lambda: { compatible: true },
          },
        ],
      },
      {
        source: 'acme/tools',
        target: 'mirror/acme/tools',
        create: true,
        tags: [
          {
            tag: 'v3',
            action: 'copy',
            reason: 'missing in ECR',
            sizeBytes: 50_000_000,
            platforms: ['linux/amd64', 'linux/arm64'],
            pulls: 3,
            lambda: { compatible: false, reason: 'multi-platform index' },
          },
        ],
      },
    ],
    totals: {
      repositoriesToCreate: 1,
      tagsToCopy: 1,
      tagsUpToDate: 1,
      conflicts: 1,
      unsupported: 0,
      pulls: 3,
      bytes: 50_000_000,
    },
    warnings: ['acme/web:latest is immutable in ECR with another digest'],
    expiringRepositories: [],
    quota: { kind: 'limited', limit: 100, remaining: 97, windowSeconds: 21_600 },
    estimate: { seconds: 125, quotaWaitSeconds: 0, assumption: 'At 40 MB/s from Docker Hub.' },
    monthlyCostDelta: {
      amount: 0.005,
      storageBytes: 50_000_000,
      figure: {
        id: 'ecr.storagePerGbMonth',
        value: 0.1,
        unit: 'USD/GB-month',
        source: 'aws.amazon.com/ecr/pricing',
        asOf: '2026-11-26',
      },
    },
  }
}

export function progress(overrides: Partial<ProgressDto> = {}): ProgressDto {
  return {
    tagsTotal: 4,
    tagsCopied: 0,
    tagsSkipped: 0,
    tagsFailed: 0,
    blobsUploaded: 0,
    blobsMounted: 0,
    blobsPresent: 0,
    manifestsPushed: 0,
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
    to: {
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      accountId: '123456789012',
      region: 'eu-west-1',
      prefix: 'mirror',
    },
    summary: { copied: 1, 'already-in-ecr': 1, conflict: 0, unsupported: 0, failed: 0, 'not-copied': 0, verified: 2 },
    repositories: [{ source: 'acme/tools', target: 'mirror/acme/tools', created: true }],
    entries: [
      {
        source: 'docker.io/acme/tools:v3',
        destination: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/tools:v3',
        outcome: 'copied',
        sourceDigest: `sha256:${'1'.repeat(64)}`,
        destinationDigest: `sha256:${'1'.repeat(64)}`,
        verified: true,
        lambda: { compatible: true },
      },
      {
        source: 'docker.io/acme/web:1.0',
        destination: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/web:1.0',
        outcome: 'already-in-ecr',
        sourceDigest: `sha256:${'2'.repeat(64)}`,
        destinationDigest: `sha256:${'2'.repeat(64)}`,
        verified: false,
        lambda: { compatible: true },
      },
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

type CostAssumptions = NonNullable<CallArgs<'costs.estimate'>['assumptions']>

export const PRICE_TABLES = { ecr: '2026-11-26', dockerHub: '2026-11-20' }

const TABLE_FIGURES: FigureDto[] = [
  {
    id: 'ecr.storagePerGbMonth',
    value: 0.1,
    unit: 'USD/GB-month',
    source: 'aws.amazon.com/ecr/pricing (Mar 2026)',
    asOf: PRICE_TABLES.ecr,
  },
  {
    id: 'ecr.crossRegionPerGb',
    value: 0.02,
    unit: 'USD/GB',
    source: 'finops.com.py ($0.02/GB out); conflicting: cloudburn $0.09, wring "$0.01-0.02"',
    asOf: PRICE_TABLES.ecr,
    uncertain: true,
  },
  {
    id: 'ecr.internetPerGb',
    value: 0.09,
    unit: 'USD/GB',
    source: 'cloudburn.io (Mar 2026): $0.09/GB up to 10 TB',
    asOf: PRICE_TABLES.ecr,
  },
  {
    id: 'ecr.enhancedScanPerImage',
    value: 0.09,
    unit: 'USD/image',
    source: 'Amazon Inspector pricing',
    asOf: PRICE_TABLES.ecr,
  },
  {
    id: 'dockerHub.team.annualPrice',
    value: 15,
    unit: 'USD/user/month',
    source: 'docker.com/pricing/faq',
    asOf: PRICE_TABLES.dockerHub,
  },
]

/** A figure as the estimate used it: the table's, or the user's override. */
function usedFigure(id: string, assumptions: CostAssumptions): FigureDto {
  const figure = TABLE_FIGURES.find((candidate) => candidate.id === id)!
  const override = assumptions.overrides?.[id]
  return override === undefined ? figure : { ...figure, value: override, overridden: true }
}

const GB = 1e9
/** Two repositories: acme/web (2.5 GB, pulls from history) and acme/api (1 GB, an estimate); 0.2 GB a pull. */
const REPOSITORIES = [
  {
    repository: 'acme/web',
    uniqueLayerBytes: 2.5 * GB,
    images: 12,
    historyPulls: 3000 as number | undefined,
    defaultPulls: 3000,
  },
  { repository: 'acme/api', uniqueLayerBytes: 1 * GB, images: 4, historyPulls: undefined, defaultPulls: 500 },
]
const GB_PER_PULL = 0.2

/** What `costs.estimate` answers for these assumptions: a small model that follows them, so a change shows. */
export function costEstimate(
  assumptions: CostAssumptions = {
    hubPlan: 'team',
    hubSeats: 1,
    hubBilling: 'annual',
    crossRegionShare: 0,
    internetShare: 0,
    natGatewayShare: 0,
    enhancedScanning: false,
    monthlyGrowthPercent: 0,
  },
): CostEstimateDto {
  const figure = (id: string) => usedFigure(id, assumptions)
  const rows = REPOSITORIES.map((repository) => {
    const typed = assumptions.monthlyPulls?.[repository.repository]
    const monthlyPulls = typed ?? repository.historyPulls ?? repository.defaultPulls
    const storage = (repository.uniqueLayerBytes / GB) * figure('ecr.storagePerGbMonth').value
    const gb = monthlyPulls * GB_PER_PULL
    const transfer =
      gb * assumptions.crossRegionShare * figure('ecr.crossRegionPerGb').value +
      gb * assumptions.internetShare * figure('ecr.internetPerGb').value
    const scanning = assumptions.enhancedScanning ? repository.images * figure('ecr.enhancedScanPerImage').value : 0
    const pullsFrom: 'history' | 'estimate' =
      typed === undefined && repository.historyPulls !== undefined ? 'history' : 'estimate'
    return {
      repository: repository.repository,
      uniqueLayerBytes: repository.uniqueLayerBytes,
      images: repository.images,
      monthlyPulls,
      pullsFrom,
      storage,
      transfer,
      scanning,
      total: storage + transfer + scanning,
    }
  })
  const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0)
  const pulledGb = sum((row) => row.monthlyPulls) * GB_PER_PULL
  const line = (id: string, label: string, quantity: number, unit: string, figureId: string): CostLineDto => ({
    id,
    label,
    quantity,
    unit,
    amount: quantity * figure(figureId).value,
    figure: figure(figureId),
  })
  const ecrLines = [
    line('ecr.storage', 'Storage', sum((row) => row.uniqueLayerBytes) / GB, 'GB-month', 'ecr.storagePerGbMonth'),
    line(
      'ecr.transfer.crossRegion',
      'Transfer to other Regions',
      pulledGb * assumptions.crossRegionShare,
      'GB',
      'ecr.crossRegionPerGb',
    ),
    line(
      'ecr.transfer.internet',
      'Transfer to the internet',
      pulledGb * assumptions.internetShare,
      'GB',
      'ecr.internetPerGb',
    ),
    ...(assumptions.enhancedScanning
      ? [
          line(
            'ecr.scanning',
            'Enhanced scanning',
            sum((row) => row.images),
            'images',
            'ecr.enhancedScanPerImage',
          ),
        ]
      : []),
  ]
  const hubLines = [
    line('dockerHub.seats', 'Team seats', assumptions.hubSeats, 'seat-months', 'dockerHub.team.annualPrice'),
  ]
  const ecrTotal = ecrLines.reduce((total, entry) => total + entry.amount, 0)
  const hubTotal = hubLines.reduce((total, entry) => total + entry.amount, 0)
  const growth = 1 + assumptions.monthlyGrowthPercent / 100
  return {
    currency: 'USD',
    tables: PRICE_TABLES,
    region: 'eu-west-1',
    ecr: { total: ecrTotal, lines: ecrLines },
    dockerHub: {
      total: hubTotal,
      lines: hubLines,
      plan: assumptions.hubPlan,
      seats: assumptions.hubSeats,
      billing: assumptions.hubBilling,
      pullLimit: { pulls: 25_000, windowHours: 24 },
      advice: 'At 40 pulls per 6 h (about 7 an hour), Team has no pull limit (fair use).',
    },
    monthlyDifference: ecrTotal - hubTotal,
    projection: Array.from({ length: 12 }, (_, index) => ({
      month: index + 1,
      ecr: ecrTotal * growth ** index,
      dockerHub: hubTotal,
    })),
    perRepository: rows,
    migration: { dockerHubPulls: 16, storageAddedBytes: 3.5 * GB, monthlyStorageAdded: 0.35, transfer: 0 },
    notes: [
      'Layers shared between repositories are stored once per repository in ECR.',
      'Pulls from AWS compute in the same Region are free from ECR.',
    ],
    assumptions: { monthlyPulls: {}, overrides: {}, ...assumptions },
    figures: TABLE_FIGURES.map((entry) => figure(entry.id)),
  }
}

/** A time `minutesAgo` before now, as the backend stamps a quota check. */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString()
}

export function limitsOverview(checkedAt = minutesAgo(1)): LimitsOverviewDto {
  const source = 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html'
  return {
    hub: [
      { account: 'anonymous', quota: { kind: 'limited', limit: 100, remaining: 91, windowSeconds: 21_600 }, checkedAt },
      {
        account: 'work (alice)',
        quota: { kind: 'limited', limit: 200, remaining: 200, windowSeconds: 21_600, source: 'alice' },
        checkedAt,
      },
      { account: 'paid (bob)', quota: { kind: 'unlimited' }, checkedAt },
    ],
    ecr: [
      {
        api: 'PutImage',
        perSecond: 10,
        quotaCode: 'L-AD52DFB2',
        usedBy: 'one per manifest written',
        migrationPeak: 10,
        source,
        asOf: '2026-11-26',
      },
      {
        api: 'InitiateLayerUpload',
        perSecond: 100,
        quotaCode: 'L-95B28F8D',
        usedBy: 'one per blob uploaded',
        migrationPeak: 24,
        source,
        asOf: '2026-11-26',
      },
      {
        api: 'GetDownloadUrlForLayer',
        perSecond: 3000,
        quotaCode: 'L-1D2D7A2B',
        usedBy: 'one per layer a node pulls',
        source,
        asOf: '2026-11-26',
      },
    ],
    hubLimits: [
      {
        id: 'dockerHub.anonymousPullLimit',
        value: 100,
        unit: 'pulls per IPv4 address or IPv6 /64 per 6 h',
        source: 'docker/docs pulls.md',
        asOf: '2026-11-26',
      },
      {
        id: 'dockerHub.personal.pullLimit',
        value: 200,
        unit: 'pulls per user per 6 h',
        source: 'docker/docs pulls.md',
        asOf: '2026-11-26',
      },
    ],
  }
}

/**
 * What `limits.whatIf` answers: pulls per 6 h against 100 (anonymous), 200 (personal) and none (paid); ECR layer URLs
 * at the rollout's peak.
 */
export function whatIf(args: CallArgs<'limits.whatIf'>): WhatIfDto {
  const platforms = args.platformsPerImage ?? 1
  const layers = args.layersPerImage ?? 8
  const rollout = args.rolloutSeconds ?? 60
  const pullsPer6h = (args.nodes * args.deploysPerDay * args.imagesPerDeploy * platforms) / 4
  const hub = (identity: string, limit: number | undefined) => {
    const over = limit !== undefined && pullsPer6h > limit
    return {
      identity,
      ...(limit === undefined ? {} : { limit }),
      verdict: over ? ('over' as const) : ('fine' as const),
      message: over ? `${Math.ceil(pullsPer6h)} pulls in 6 h is more than ${limit}.` : 'Within the limit.',
    }
  }
  const layerPeak = (args.nodes * args.imagesPerDeploy * layers) / rollout
  const throttled = layerPeak > 3000
  return {
    pullsPer6h,
    dockerHub: [hub('anonymous', 100), hub('personal', 200), hub('paid plan', undefined)],
    ecr: [
      {
        api: 'GetDownloadUrlForLayer',
        peakPerSecond: layerPeak,
        quota: 3000,
        verdict: throttled ? 'throttled' : 'fine',
        message: throttled ? 'Nodes will be throttled: stagger the rollout.' : 'Within the quota.',
      },
    ],
  }
}

// ---- Cutover ------------------------------------------------------------------------------------------------

export const CUTOVER_ROOT = '/work/shop'
export const ECR_REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'

export function reference(
  fields: Pick<ReferenceDto, 'file' | 'line' | 'column' | 'text' | 'status'> & Partial<ReferenceDto>,
): ReferenceDto {
  return { root: CUTOVER_ROOT, place: 'image', ...fields }
}

/**
 * Eight references in four files, every status but `unknown`: the Dockerfile has a migrated and a not-migrated one,
 * the Deployment one not migrated, one elsewhere (ghcr.io) and one through a Docker Hub mirror, the Helm values a
 * templated one, the compose file one of each Docker Hub kind.
 */
export function cutoverScan(): CutoverScanDto {
  const references: ReferenceDto[] = [
    reference({
      file: 'Dockerfile',
      line: 1,
      column: 6,
      text: 'acme/web:1.0',
      reference: 'docker.io/acme/web:1.0',
      place: 'dockerfile:FROM',
      status: 'migrated',
      target: `${ECR_REGISTRY}/mirror/acme/web:1.0`,
    }),
    reference({
      file: 'Dockerfile',
      line: 4,
      column: 6,
      text: 'acme/api:2.3.0',
      reference: 'docker.io/acme/api:2.3.0',
      place: 'dockerfile:FROM',
      status: 'not-migrated',
      target: `${ECR_REGISTRY}/mirror/acme/api:2.3.0`,
      fix: "crossdock migrate --from docker.io/acme/api --to ecr://eu-west-1/mirror --tags '2.3.0'",
    }),
    reference({
      file: 'k8s/deploy.yaml',
      line: 18,
      column: 18,
      text: 'ghcr.io/acme/proxy:2',
      reference: 'ghcr.io/acme/proxy:2',
      place: 'k8s:Deployment/web:containers[1]',
      status: 'not-docker-hub',
    }),
    reference({
      file: 'k8s/deploy.yaml',
      line: 16,
      column: 18,
      text: 'acme/worker:v7',
      reference: 'docker.io/acme/worker:v7',
      place: 'k8s:Deployment/web:containers[0]',
      status: 'not-migrated',
      target: `${ECR_REGISTRY}/mirror/acme/worker:v7`,
      note: 'Docker Hub has no such image readable here (not found)',
    }),
    reference({
      file: 'k8s/deploy.yaml',
      line: 22,
      column: 18,
      text: 'mirror.gcr.io/library/redis:7',
      reference: 'mirror.gcr.io/library/redis:7',
      place: 'k8s:Deployment/web:initContainers[0]',
      status: 'hub-mirror',
      note: 'docker.io/library/redis:7 through mirror.gcr.io',
    }),
    reference({
      file: 'helm/values.yaml',
      line: 3,
      column: 15,
      text: '{{ .Values.global.imageRegistry }}/acme/api',
      place: 'helm:image',
      status: 'templated',
      confidence: 'likely',
    }),
    reference({
      file: 'compose.yaml',
      line: 4,
      column: 12,
      text: 'acme/docs:stable',
      reference: 'docker.io/acme/docs:stable',
      place: 'compose:services.docs.image',
      status: 'migrated',
      target: `${ECR_REGISTRY}/mirror/acme/docs:stable`,
    }),
    reference({
      file: 'compose.yaml',
      line: 9,
      column: 12,
      text: 'nginx',
      reference: 'docker.io/library/nginx:latest',
      place: 'compose:services.proxy.image',
      status: 'not-migrated',
      note: 'no --job or --map rule says where it goes',
    }),
  ]
  return { references, stillOnDockerHub: 5 }
}

/** The Dockerfile's diff: web:1.0 moves; api:2.3.0 too when unverified targets are included. */
function dockerfileDiff(includeUnverified: boolean): string {
  const api = includeUnverified
    ? ['-FROM acme/api:2.3.0', `+FROM ${ECR_REGISTRY}/mirror/acme/api:2.3.0`]
    : [' FROM acme/api:2.3.0']
  return [
    '===================================================================',
    '--- a/Dockerfile',
    '+++ b/Dockerfile',
    '@@ -1,4 +1,4 @@',
    '-FROM acme/web:1.0 AS base',
    `+FROM ${ECR_REGISTRY}/mirror/acme/web:1.0 AS base`,
    ' # -- build stage',
    ' RUN make',
    ...api,
    '',
  ].join('\n')
}

/** What `cutover.preview` answers: the Dockerfile and the compose file change, the Deployment cannot. */
export function cutoverPreview(args: { includeUnverified?: boolean } = {}): CutoverPreviewDto {
  const unverified = args.includeUnverified ?? false
  const dockerfile: FileRewriteDto = {
    root: CUTOVER_ROOT,
    file: 'Dockerfile',
    diff: dockerfileDiff(unverified),
    edits: [
      {
        line: 1,
        column: 6,
        text: 'acme/web:1.0',
        rewritten: `${ECR_REGISTRY}/mirror/acme/web:1.0`,
        verdict: 'safe',
        chosen: true,
      },
      {
        line: 4,
        column: 6,
        text: 'acme/api:2.3.0',
        rewritten: `${ECR_REGISTRY}/mirror/acme/api:2.3.0`,
        verdict: 'needs-copy',
        why: 'mirror/acme/api:2.3.0 is not in ECR yet',
        chosen: unverified,
      },
    ],
  }
  const compose: FileRewriteDto = {
    root: CUTOVER_ROOT,
    file: 'compose.yaml',
    diff: [
      '===================================================================',
      '--- a/compose.yaml',
      '+++ b/compose.yaml',
      '@@ -3,2 +3,2 @@',
      '   docs:',
      '-    image: acme/docs:stable\r',
      `+    image: ${ECR_REGISTRY}/mirror/acme/docs:stable\r`,
      '',
    ].join('\n'),
    edits: [
      {
        line: 4,
        column: 12,
        text: 'acme/docs:stable',
        rewritten: `${ECR_REGISTRY}/mirror/acme/docs:stable`,
        verdict: 'safe',
        chosen: true,
      },
    ],
  }
  const deployment: FileRewriteDto = {
    root: CUTOVER_ROOT,
    file: 'k8s/deploy.yaml',
    diff: '',
    edits: [
      {
        line: 16,
        column: 18,
        text: 'acme/worker:v7',
        verdict: 'would-break',
        why: 'Docker Hub has no such image to copy',
        chosen: false,
      },
    ],
  }
  return { files: [dockerfile, compose, deployment] }
}

/** Three workloads, two of them still on Docker Hub (one with a Docker Hub pull secret). */
export function cutoverLive(): CutoverLiveDto {
  return {
    workloads: [
      {
        workload: 'k8s:Deployment/shop/web',
        container: 'web',
        image: 'acme/web:1.0',
        reference: 'docker.io/acme/web:1.0',
        status: 'migrated',
        target: `${ECR_REGISTRY}/mirror/acme/web:1.0`,
        pullsWithDockerHubSecret: true,
        definedIn: [{ file: `${CUTOVER_ROOT}/k8s/deploy.yaml`, line: 16 }],
      },
      {
        workload: 'k8s:Deployment/shop/web',
        container: 'migrate',
        image: 'ghcr.io/acme/migrate:3',
        status: 'not-docker-hub',
        pullsWithDockerHubSecret: true,
      },
      {
        workload: 'ecs:prod/billing',
        container: 'billing',
        image: `${ECR_REGISTRY}/mirror/acme/billing:0.9`,
        status: 'not-docker-hub',
        pullsWithDockerHubSecret: false,
      },
      {
        workload: 'k8s:CronJob/ops/nightly',
        container: 'report',
        image: 'docker.io/acme/report:2',
        reference: 'docker.io/acme/report:2',
        status: 'not-migrated',
        target: `${ECR_REGISTRY}/mirror/acme/report:2`,
        fix: "crossdock migrate --from docker.io/acme/report --to ecr://eu-west-1/mirror --tags '2'",
        pullsWithDockerHubSecret: false,
      },
    ],
    stillOnDockerHub: 2,
    total: 3,
  }
}
