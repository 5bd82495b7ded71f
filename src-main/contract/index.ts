import { z } from 'zod'
import { CALL_NAME_LIST, type ListedCallName } from './call-names'
import { ACCOUNT_NAME, AWS_REGION, JOB_ID } from './patterns'

/**
 * The one contract between the UI and the backend: every call (arguments validated with zod where they
 * arrive) and every event, with the DTOs the UI sees. Electron IPC and `crossdock ui`'s HTTP carry the same
 * calls. Nothing here is a secret, except the token of `accounts.addHub`, which only ever travels inward.
 */

const name = z.string().trim().min(1).max(256)
const awsTarget = z.object({
  profile: name.optional(),
  region: z.string().regex(AWS_REGION, 'an AWS Region such as eu-west-1'),
})
const jobId = z.string().regex(JOB_ID, 'a job id')
const empty = z.object({}).strict()

/** What a migration creates ECR repositories with; a job keeps them in its spec. */
export const repositorySettingsSchema = z.object({
  immutableTags: z.boolean(),
  /** Tags excepted from the repository's tag mutability: ECR wildcards (`latest`, `dev-*`), at most five. */
  mutabilityExceptions: z.array(z.string().min(1)).max(5).optional(),
  scanOnPush: z.boolean(),
  encryption: z.union([
    z.object({ type: z.literal('AES256') }),
    z.object({ type: z.literal('KMS'), kmsKey: z.string().min(1).optional() }),
  ]),
  /**
   * The lifecycle rules Crossdock offers as templates: keep only the newest N images (tagged or not), expire untagged
   * ones after N days.
   */
  lifecycle: z
    .object({
      keepLastImages: z.number().int().positive().optional(),
      expireUntaggedAfterDays: z.number().int().positive().optional(),
    })
    .optional(),
  tags: z.record(z.string().min(1), z.string()).optional(),
})

export type RepositorySettings = z.output<typeof repositorySettingsSchema>

/** What a cost estimate assumes; every price can be overridden (`overrides`: a figure's id → its value). */
export const costAssumptionsSchema = z.object({
  hubPlan: z.enum(['personal', 'pro', 'team', 'business']),
  hubSeats: z.number().int().min(1).max(100_000),
  hubBilling: z.enum(['monthly', 'annual']),
  /** Monthly pulls per repository (`namespace/name`); a repository left out uses Docker Hub's pull history. */
  monthlyPulls: z.record(z.string(), z.number().min(0)).default({}),
  /** Monthly pulls of every repository not in `monthlyPulls` (instead of its history). */
  pullsPerRepository: z.number().min(0).optional(),
  /** Where the pulls will come from, as shares of all pulls (the rest are same-Region AWS compute). */
  crossRegionShare: z.number().min(0).max(1),
  internetShare: z.number().min(0).max(1),
  /** Of the same-Region pulls, the share that passes a NAT gateway (billed per GB by the VPC). */
  natGatewayShare: z.number().min(0).max(1),
  enhancedScanning: z.boolean(),
  /** Growth of storage and pulls per month, in percent, for the 12-month projection. */
  monthlyGrowthPercent: z.number().min(-100).max(1000),
  overrides: z.record(z.string(), z.number().min(0)).default({}),
})

export const DEFAULT_COST_ASSUMPTIONS: z.input<typeof costAssumptionsSchema> = {
  hubPlan: 'team',
  hubSeats: 1,
  hubBilling: 'annual',
  crossRegionShare: 0,
  internetShare: 0,
  natGatewayShare: 0,
  enhancedScanning: false,
  monthlyGrowthPercent: 0,
}

export const whatIfSchema = z.object({
  nodes: z.number().int().min(1).max(1_000_000),
  deploysPerDay: z.number().min(0).max(100_000),
  imagesPerDeploy: z.number().int().min(1).max(1000),
  /** Platform manifests each image pull fetches (Docker Hub counts each). */
  platformsPerImage: z.number().int().min(1).max(16).default(1),
  /** Layers a node fetches per image (each a GetDownloadUrlForLayer call). */
  layersPerImage: z.number().int().min(1).max(500).default(8),
  /** How long a rollout takes: all nodes pull within it. */
  rolloutSeconds: z.number().min(1).max(86_400).default(60),
})

const compareArgs = z.object({
  namespace: name,
  hubAccount: name.optional(),
  aws: awsTarget,
  prefix: z.string().max(200).default(''),
  dropNamespace: z.boolean().default(false),
})

const migrationArgs = compareArgs.extend({
  /** Repositories (`namespace/name`) to migrate, each with the tags chosen (all when left out). */
  selection: z.array(z.object({ repository: name, tags: z.array(name).optional() })).min(1),
  settings: repositorySettingsSchema,
  lambdaPlatform: z
    .string()
    .regex(/^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/)
    .optional(),
  referrers: z.boolean().default(false),
  /**
   * Start even where the keep-last rule is below the images a new repository gets (the plan's `expiringRepositories`).
   */
  acceptLifecycleExpiry: z.boolean().default(false),
})

/** Where the images went and how to check them: what every cutover call shares. */
const cutoverMapping = z.object({
  /** Migration jobs whose reports say where each repository went. */
  jobs: z.array(jobId).max(50).default([]),
  /** Prefix rules `docker.io/NAMESPACE=REGISTRY/PATH`, checked where they arrive in the backend. */
  map: z.array(z.string().min(3).max(1024)).max(50).default([]),
  /** Do not ask the registries: Docker Hub references are `unknown`. */
  offline: z.boolean().default(false),
  hubAccount: name.optional(),
  /** The AWS profile whose credentials read the ECR targets. */
  awsProfile: name.optional(),
})

/** Folders (or files) on this machine, as absolute paths; the backend checks they exist before reading any. */
const cutoverPaths = cutoverMapping.extend({
  paths: z.array(z.string().min(1).max(4096)).min(1).max(20),
})

const cutoverRewrite = cutoverPaths.extend({
  includeUnverified: z.boolean().default(false),
  pinDigest: z.boolean().default(false),
})

export const calls = {
  /** Which backend and transport this is, and how secrets are kept here. */
  'app.info': { args: empty },
  /** The system's folder picker (desktop app only): the folders chosen, none when cancelled. */
  'app.pickFolders': { args: empty },
  /** Saved Docker Hub accounts, the Docker config's own docker.io user, AWS profiles, and the chosen AWS target. */
  'accounts.list': { args: empty },
  /** Signs in to Docker Hub with the token (a refused sign-in saves nothing), then keeps it encrypted. */
  'accounts.addHub': {
    args: z.object({
      name: z.string().regex(ACCOUNT_NAME, 'letters, digits, dots, dashes or underscores'),
      username: name,
      token: z.string().min(1).max(4096),
      save: z.boolean().default(true),
    }),
  },
  'accounts.removeHub': { args: z.object({ name }) },
  /** Checks an AWS profile and Region: the account and registry they reach. */
  'accounts.verifyAws': { args: awsTarget },
  /** The Docker Hub pull quota of an account (or anonymous), read with a free HEAD. */
  'limits.hub': { args: z.object({ hubAccount: name.optional() }) },
  /** Docker Hub and ECR side by side for a namespace. */
  'compare.run': { args: compareArgs },
  /** The dry run of a migration: nothing is pulled or written. */
  'migrate.plan': { args: migrationArgs },
  /** Starts a migration job; progress arrives as events. */
  'migrate.start': { args: migrationArgs },
  /** Stops starting new transfers; those in flight finish. */
  'jobs.pause': { args: z.object({ jobId }) },
  /** Continues a paused job, or runs an interrupted, cancelled or failed one again (what ECR holds is skipped). */
  'jobs.resume': { args: z.object({ jobId }) },
  'jobs.cancel': { args: z.object({ jobId }) },
  'jobs.list': { args: empty },
  'jobs.report': { args: z.object({ jobId }) },
  /** Monthly cost on each side from the namespace's real sizes and pulls, the difference, a projection. */
  'costs.estimate': {
    args: compareArgs.extend({
      selection: z.array(name).optional(),
      assumptions: costAssumptionsSchema.prefault(DEFAULT_COST_ASSUMPTIONS),
    }),
  },
  /** Docker Hub quotas (anonymous and each account), and the ECR API quotas with a migration's peak rates. */
  'limits.overview': { args: empty },
  /** A workload's pulls against Docker Hub's limits and ECR's API quotas. */
  'limits.whatIf': { args: whatIfSchema },
  /** Every image reference in the folders, and whether each still pulls from Docker Hub. */
  'cutover.scan': { args: cutoverPaths },
  /** The rewrite as a diff per file, each move labelled; nothing is written. */
  'cutover.preview': { args: cutoverRewrite },
  /** Writes the rewrite of exactly the files the user confirmed (refused when the plan no longer matches them). */
  'cutover.apply': { args: cutoverRewrite.extend({ files: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }) },
  /** The running workloads (ECS services and CodeBuild projects, Kubernetes) and which still pull from Docker Hub. */
  'cutover.live': {
    args: cutoverMapping.extend({
      ecs: awsTarget.extend({ clusters: z.array(name).max(100).default([]) }).optional(),
      kubernetes: z.object({ context: name.optional(), namespace: name.optional() }).optional(),
      /** Folders whose files define the workloads: each image is linked to the files that name it. */
      paths: z.array(z.string().min(1).max(4096)).max(20).default([]),
    }),
  },
  // The zod-free list must name exactly these calls: a missing name fails `Record`, an extra one the excess check.
} as const satisfies Record<ListedCallName, { args: z.ZodType }>

export type CallName = keyof typeof calls
export type CallArgs<C extends CallName> = z.input<(typeof calls)[C]['args']>
export type ParsedArgs<C extends CallName> = z.output<(typeof calls)[C]['args']>

// ---- DTOs -----------------------------------------------------------------------------------------------

export interface AppInfo {
  version: string
  transport: 'ipc' | 'http'
  /** A local sandbox of emulated Docker Hub and ECR, not real accounts. */
  demo: boolean
  /** Where saved tokens are kept, and whether that is real protection (Linux `basic_text` is not). */
  secretStorage: { description: string; secure: boolean }
  /** The desktop app offers the system's folder picker (`app.pickFolders`); in a browser, paths are typed. */
  canPickFolders: boolean
}

export interface HubAccountDto {
  name: string
  kind: 'dockerhub'
  username: string
  addedAt: string
  verifiedAt?: string
  /** Kept across restarts (its token in the vault), or for this session only. */
  saved: boolean
}

export interface AwsProfileDto {
  name: string
  region?: string
  kind: 'sso' | 'keys' | 'role' | 'process' | 'other'
}

export interface AwsTargetDto {
  profile?: string
  region: string
  accountId: string
  /** `ACCOUNT.dkr.ecr.REGION.amazonaws.com`. */
  registry: string
}

export interface AccountsDto {
  hub: HubAccountDto[]
  /** The docker.io user of ~/.docker/config.json, used when no saved account is chosen. */
  dockerConfigUser?: string
  awsProfiles: AwsProfileDto[]
}

export type QuotaDto =
  | { kind: 'unlimited' }
  | { kind: 'limited'; limit: number; remaining: number; windowSeconds: number; source?: string }

export interface HubQuotaDto {
  account: string
  quota: QuotaDto
  checkedAt: string
  /** `limits.hub` only: what the account can see, its own namespace and its organisations' (none anonymous). */
  namespaces?: string[]
}

export type TagStateDto = 'both' | 'hub-only' | 'ecr-only' | 'differs'

export interface CompareTagDto {
  tag: string
  state: TagStateDto
  hubDigest?: string
  ecrDigest?: string
  platforms: string[]
  hubSizeBytes?: number
  ecrSizeBytes?: number
  lastPushed?: string
  lastPulled?: string
}

export interface CompareRepositoryDto {
  /** Docker Hub `namespace/name`, when on Docker Hub. */
  hub?: string
  /** The ECR repository it maps to (or holds it). */
  ecr?: string
  /** Whether the ECR repository exists. */
  ecrExists: boolean
  private?: boolean
  tags: CompareTagDto[]
  counts: Record<TagStateDto, number>
}

export interface CompareDto {
  namespace: string
  registry: string
  repositories: CompareRepositoryDto[]
}

export type TagActionDto = 'copy' | 'skip' | 'conflict' | 'unsupported'

export interface PlannedTagDto {
  tag: string
  action: TagActionDto
  reason: string
  digest?: string
  ecrDigest?: string
  sizeBytes: number
  platforms: string[]
  pulls: number
  lambda: { compatible: boolean; reason?: string }
  lambdaTag?: { tag: string; digest: string }
}

export interface PlanDto {
  registry: string
  repositories: { source: string; target: string; create: boolean; tags: PlannedTagDto[] }[]
  totals: {
    repositoriesToCreate: number
    tagsToCopy: number
    tagsUpToDate: number
    conflicts: number
    unsupported: number
    pulls: number
    bytes: number
  }
  warnings: string[]
  /**
   * New repositories whose keep-last rule would let ECR expire migrated images: starting needs `acceptLifecycleExpiry`.
   */
  expiringRepositories: { repository: string; images: number; keepLast: number }[]
  quota: QuotaDto
  /** At an assumed rate (said in `assumption`), plus any wait for the pull quota. */
  estimate: { seconds: number; quotaWaitSeconds: number; assumption: string }
  /** What the migration adds to the monthly ECR bill: storage for the bytes it copies, at the dated price. */
  monthlyCostDelta: { amount: number; storageBytes: number; figure: FigureDto }
}

/** The copy engine's counters, as its progress events carry them. */
export interface ProgressDto {
  tagsTotal: number
  tagsCopied: number
  tagsSkipped: number
  tagsFailed: number
  blobsUploaded: number
  blobsMounted: number
  blobsPresent: number
  manifestsPushed: number
  bytesUploaded: number
  bytesTransferred: number
  bytesPerSecond: number
  elapsedSeconds: number
}

/**
 * `incomplete`: ECR's read-back after the run did not find every tag (resume it); `damaged`: its record cannot be read.
 */
export type JobStateDto =
  | 'planned'
  | 'running'
  | 'paused'
  | 'waiting-quota'
  | 'finished'
  | 'incomplete'
  | 'failed'
  | 'cancelled'
  | 'interrupted'
  | 'damaged'

export interface JobDto {
  id: string
  state: JobStateDto
  createdAt: string
  runs: number
  from: string
  to: string
  progress?: ProgressDto
  /** While the Docker Hub quota is spent: when pulls are expected again. */
  quotaWait?: { until: string; remaining: number; limit: number }
  /** Per tag as the run goes: `source → destination` outcomes so far. */
  tags?: JobTagDto[]
  /** Why the job cannot go on as it is: its record is damaged, or its last run failed outside any tag. */
  problem?: string
}

export interface JobTagDto {
  source: string
  destination: string
  outcome: 'copied' | 'skipped' | 'failed'
  error?: { code: string; message: string }
}

export interface ReportEntryDto {
  source: string
  destination: string
  outcome: 'copied' | 'already-in-ecr' | 'conflict' | 'unsupported' | 'failed' | 'not-copied'
  reason?: string
  sourceDigest?: string
  destinationDigest?: string
  verified: boolean
  lambda: { compatible: boolean; reason?: string }
  platformCopyOf?: string
}

export interface ReportDto {
  job: { id: string; createdAt: string; state: string; runs: number }
  generatedAt: string
  from: string
  to: { registry: string; accountId: string; region: string; prefix: string }
  summary: Record<ReportEntryDto['outcome'], number> & { verified: number }
  repositories: { source: string; target: string; created: boolean }[]
  entries: ReportEntryDto[]
  warnings: string[]
  snippets: { ecs: string; eks: string; lambda?: string; codebuild: string; iamActions: string[]; iamPolicy: string }
  /** How far the cutover has come, as `refs scan`, `refs rewrite` and `refs live` (or the Cutover view) recorded it. */
  cutover?: {
    scan?: {
      at: string
      paths: string[]
      files: number
      references: number
      stillOnDockerHub: number
      byStatus: Record<string, number>
    }
    rewrite?: { at: string; references: number; files: string[]; commit?: string }
    live?: { at: string; total: number; stillOnDockerHub: string[] }
  }
  /** The same report as Markdown and as a standalone HTML page, for export. */
  markdown: string
  html: string
}

/** A price or limit as the dated tables give it, and whether the user replaced it. */
export interface FigureDto {
  id: string
  value: number
  unit: string
  source: string
  asOf: string
  uncertain?: boolean
  overridden?: boolean
}

/** One line of a bill: quantity × unit price, traceable to the table entry it used. */
export interface CostLineDto {
  id: string
  label: string
  quantity: number
  unit: string
  amount: number
  figure: FigureDto
}

export interface CostSideDto {
  total: number
  lines: CostLineDto[]
}

export interface CostEstimateDto {
  currency: 'USD'
  /** The dates of the tables used. */
  tables: { dockerHub: string; ecr: string }
  region: string
  ecr: CostSideDto
  dockerHub: CostSideDto & {
    plan: string
    seats: number
    billing: string
    pullLimit?: { pulls: number; windowHours: number }
    advice: string
  }
  /** ECR minus Docker Hub, per month: negative means ECR costs less. */
  monthlyDifference: number
  projection: { month: number; ecr: number; dockerHub: number }[]
  perRepository: {
    repository: string
    uniqueLayerBytes: number
    images: number
    monthlyPulls: number
    pullsFrom: 'estimate' | 'history'
    storage: number
    transfer: number
    scanning: number
    total: number
  }[]
  /** What the migration itself costs: the pulls it spends, the storage it adds, the transfer it causes. */
  migration: { dockerHubPulls: number; storageAddedBytes: number; monthlyStorageAdded: number; transfer: number }
  /** Plain words on what the model assumes (cross-repository layer sharing, free tiers, NAT). */
  notes: string[]
  assumptions: z.output<typeof costAssumptionsSchema>
  figures: FigureDto[]
}

export interface EcrQuotaDto {
  api: string
  perSecond: number
  quotaCode: string
  /** What a migration or a cluster spends it on. */
  usedBy: string
  /** The highest rate a Crossdock migration asks of it, per second. */
  migrationPeak?: number
  source: string
  asOf: string
}

export interface LimitsOverviewDto {
  hub: HubQuotaDto[]
  ecr: EcrQuotaDto[]
  /** Docker Hub's published limits, per plan, for context. */
  hubLimits: FigureDto[]
}

export interface WhatIfDto {
  pullsPer6h: number
  /** Against each kind of Docker Hub identity: how many of the limit the workload needs. */
  dockerHub: { identity: string; limit?: number; verdict: 'fine' | 'over'; message: string }[]
  ecr: { api: string; peakPerSecond: number; quota: number; verdict: 'fine' | 'throttled'; message: string }[]
}

export type ReferenceStatusDto = 'migrated' | 'not-migrated' | 'unknown' | 'not-docker-hub' | 'hub-mirror' | 'templated'

export interface ReferenceDto {
  /** The folder given, and the file relative to it. */
  root: string
  file: string
  line: number
  column: number
  text: string
  reference?: string
  place: string
  status: ReferenceStatusDto
  target?: string
  note?: string
  fix?: string
  confidence?: 'certain' | 'likely'
}

export interface CutoverScanDto {
  references: ReferenceDto[]
  /** Docker Hub references (unknown, not migrated, or migrated but still written as Docker Hub). */
  stillOnDockerHub: number
}

export interface RewriteEditDto {
  line: number
  column: number
  text: string
  rewritten?: string
  verdict: 'safe' | 'needs-copy' | 'would-break'
  why?: string
  /** Part of the rewrite (safe, or needs-copy with includeUnverified). */
  chosen: boolean
}

export interface FileRewriteDto {
  root: string
  file: string
  /** The unified diff of the rewrite; empty when the file does not change. */
  diff: string
  edits: RewriteEditDto[]
  problem?: string
}

export interface CutoverPreviewDto {
  files: FileRewriteDto[]
}

export interface LiveWorkloadDto {
  workload: string
  container: string
  image: string
  reference?: string
  status: ReferenceStatusDto
  target?: string
  fix?: string
  pullsWithDockerHubSecret: boolean
  /** The files (of `paths`) that name the same image, absolute, with the line. */
  definedIn?: { file: string; line: number }[]
}

export interface CutoverLiveDto {
  workloads: LiveWorkloadDto[]
  /** Workloads with an image still on Docker Hub: zero is done. */
  stillOnDockerHub: number
  total: number
}

export interface CallResults {
  'app.info': AppInfo
  'app.pickFolders': { paths: string[] }
  'accounts.list': AccountsDto
  'accounts.addHub': HubAccountDto
  'accounts.removeHub': { removed: string }
  'accounts.verifyAws': AwsTargetDto
  'limits.hub': HubQuotaDto
  'compare.run': CompareDto
  'migrate.plan': PlanDto
  'migrate.start': JobDto
  'jobs.pause': JobDto
  'jobs.resume': JobDto
  'jobs.cancel': JobDto
  'jobs.list': JobDto[]
  'jobs.report': ReportDto
  'costs.estimate': CostEstimateDto
  'limits.overview': LimitsOverviewDto
  'limits.whatIf': WhatIfDto
  'cutover.scan': CutoverScanDto
  'cutover.preview': CutoverPreviewDto
  'cutover.apply': { written: string[] }
  'cutover.live': CutoverLiveDto
}

export type CallResult<C extends CallName> = CallResults[C]

// ---- Events ---------------------------------------------------------------------------------------------

export interface Events {
  /** A job's state, progress (at most ten times a second) and tags so far. */
  job: JobDto
}

export type EventName = keyof Events

// ---- Errors and envelopes -------------------------------------------------------------------------------

/** What crosses instead of an exception: never a stack, never a secret. */
export interface ErrorDto {
  code: string
  message: string
  retryable: boolean
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorDto }

/** The backend both transports bind: one async function per call, and one event subscription. */
export type Backend = { [C in CallName]: (args: ParsedArgs<C>) => Promise<CallResult<C>> } & {
  subscribe(listener: <E extends EventName>(event: E, payload: Events[E]) => void): () => void
}

/** The UI's view of the backend, as `window.crossdock` (Electron) or the HTTP bridge offers it. */
export type CrossdockApi = { [C in CallName]: (args: CallArgs<C>) => Promise<Envelope<CallResult<C>>> } & {
  subscribe(listener: <E extends EventName>(event: E, payload: Events[E]) => void): () => void
}

/** Validates a call's arguments where they arrive; a failure names the call and the field. */
export function parseArgs<C extends CallName>(
  call: C,
  args: unknown,
): { ok: true; value: ParsedArgs<C> } | { ok: false; error: ErrorDto } {
  const schema = calls[call]?.args as unknown as z.ZodType<ParsedArgs<C>> | undefined
  if (!schema)
    return { ok: false, error: { code: 'USAGE', message: `There is no call named ${String(call)}.`, retryable: false } }
  const parsed = schema.safeParse(args ?? {})
  if (parsed.success) return { ok: true, value: parsed.data }
  const issue = parsed.error.issues[0]
  return {
    ok: false,
    error: {
      code: 'USAGE',
      message: `${call}: ${issue?.path.join('.') || 'arguments'}: ${issue?.message}`,
      retryable: false,
    },
  }
}

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.hasOwn(calls, value)
}

export const CALL_NAMES: CallName[] = [...CALL_NAME_LIST]
