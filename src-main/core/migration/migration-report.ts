import type { ErrorCode } from '../lib/errors'
import type { EcrRegistryEndpoint } from '../ecr/ecr-registry-endpoint'
import { consumerSnippets, type ConsumerSnippets } from './consumer-snippets'
import type { TagOutcome } from './copy-engine'
import type { JobRecord } from './job-store'
import type { MigrationPlan, PlannedTag, TargetRepositoryState } from './migration-plan'
import { describeJobEnds, type MigrationSpec } from './migration-spec'

/** A tag's outcome as the journal has it. */
export interface JournalTag {
  type: 'tag'
  source: string
  destination: string
  digest?: string
  outcome: TagOutcome
  error?: { code: ErrorCode; message: string }
}

export type EntryOutcome = 'copied' | 'already-in-ecr' | 'conflict' | 'unsupported' | 'failed' | 'not-copied'

export interface ReportEntry {
  source: string
  destination: string
  outcome: EntryOutcome
  /** Why, for anything but `copied`. */
  reason?: string
  sourceDigest?: string
  /** What ECR holds under the tag, read back after the run. */
  destinationDigest?: string
  /** ECR holds exactly the source's digest under the tag. */
  verified: boolean
  lambda: PlannedTag['lambda']
  /** For a Lambda-ready `TAG-ARCH` copy: the multi-platform tag it was taken from. */
  platformCopyOf?: string
}

/**
 * The cutover after the copy, as the `refs` commands (and the Cutover view) recorded it for this job: the team's
 * files scanned, the references rewritten, the running workloads read. Kept beside the report (`cutover.json`),
 * since a resume writes the report again.
 */
export interface CutoverRecord {
  scan?: {
    at: string
    paths: string[]
    files: number
    references: number
    /** References written as Docker Hub images, whatever ECR holds. */
    stillOnDockerHub: number
    byStatus: Record<string, number>
  }
  rewrite?: { at: string; references: number; files: string[]; commit?: string }
  live?: { at: string; total: number; stillOnDockerHub: string[] }
}

export interface MigrationReport {
  job: { id: string; createdAt: string; state: string; runs: number }
  generatedAt: string
  from: string
  to: { registry: string; accountId: string; region: string; prefix: string }
  summary: Record<EntryOutcome, number> & { verified: number }
  repositories: { source: string; target: string; created: boolean }[]
  entries: ReportEntry[]
  warnings: string[]
  snippets: ConsumerSnippets
  cutover?: CutoverRecord
}

export interface ReportInput {
  job: JobRecord<MigrationSpec>
  /** The job's first plan: its intent. */
  plan: MigrationPlan
  journal: readonly JournalTag[]
  /** ECR as read after the run. */
  verified: ReadonlyMap<string, TargetRepositoryState>
  registry: EcrRegistryEndpoint
  region: string
  now?: Date
}

/**
 * Every source reference → its ECR reference with both digests, judged by what ECR holds after the run (so
 * a tag copied by a run that was killed before journalling it still counts), plus snippets for consumers.
 */
export function buildMigrationReport(input: ReportInput): MigrationReport {
  const { job, plan, registry } = input
  const lastOutcome = new Map(input.journal.map((event) => [event.destination, event]))
  const entries: ReportEntry[] = []
  for (const repository of plan.repositories) {
    const inEcr = input.verified.get(repository.target)?.tags
    for (const tag of repository.tags) {
      const source = `docker.io/${repository.source}:${tag.tag}`
      const destination = `${registry.host}/${repository.target}:${tag.tag}`
      const journalled = lastOutcome.get(destination)
      const sourceDigest = journalled?.digest ?? tag.digest
      entries.push(entry(tag, source, destination, sourceDigest, inEcr?.get(tag.tag), journalled))
      if (tag.lambdaTag) {
        const single = `${registry.host}/${repository.target}:${tag.lambdaTag.tag}`
        const copy = entry(
          { ...tag, action: 'copy', lambda: { compatible: true } },
          `docker.io/${repository.source}@${tag.lambdaTag.digest}`,
          single,
          tag.lambdaTag.digest,
          inEcr?.get(tag.lambdaTag.tag),
          lastOutcome.get(single),
        )
        entries.push({ ...copy, platformCopyOf: destination })
      }
    }
  }
  const summary = {
    copied: 0,
    'already-in-ecr': 0,
    conflict: 0,
    unsupported: 0,
    failed: 0,
    'not-copied': 0,
    verified: 0,
  }
  for (const e of entries) {
    summary[e.outcome]++
    if (e.verified) summary.verified++
  }
  const spec = job.spec
  return {
    job: { id: job.id, createdAt: job.createdAt, state: job.state, runs: job.runs },
    generatedAt: (input.now ?? new Date()).toISOString(),
    from: describeJobEnds(spec).from,
    to: { registry: registry.host, accountId: registry.accountId, region: input.region, prefix: spec.to.prefix },
    summary,
    repositories: plan.repositories.map(({ source, target, create }) => ({ source, target, created: create })),
    entries,
    warnings: plan.warnings,
    snippets: consumerSnippets({
      registry: registry.host,
      accountId: registry.accountId,
      region: input.region,
      repositories: plan.repositories.map((r) => r.target),
      example:
        entries.find((e) => e.verified)?.destination ?? entries[0]?.destination ?? `${registry.host}/REPOSITORY:TAG`,
      lambdaExample: entries.find((e) => e.verified && e.lambda.compatible)?.destination,
    }),
  }
}

function entry(
  tag: PlannedTag,
  source: string,
  destination: string,
  sourceDigest: string | undefined,
  destinationDigest: string | undefined,
  journalled: JournalTag | undefined,
): ReportEntry {
  const verified = sourceDigest !== undefined && destinationDigest === sourceDigest
  const base = { source, destination, sourceDigest, destinationDigest, verified, lambda: tag.lambda }
  const readBack =
    `ECR's read-back after the run shows ` +
    `${destinationDigest ? `${destinationDigest} under this tag` : 'no such tag'}, not ${sourceDigest}; crossdock ` +
    `resume copies it again`
  switch (tag.action) {
    case 'skip':
      if (!verified) return { ...base, outcome: 'not-copied', reason: `it was in ECR when planned, but ${readBack}` }
      return { ...base, outcome: 'already-in-ecr', reason: tag.reason }
    case 'conflict':
    case 'unsupported':
      return { ...base, outcome: tag.action, reason: tag.reason }
    case 'copy':
      if (verified) return { ...base, outcome: 'copied' }
      if (journalled?.outcome === 'failed')
        return { ...base, outcome: 'failed', reason: `${journalled.error?.code}: ${journalled.error?.message}` }
      if (journalled)
        return {
          ...base,
          outcome: 'not-copied',
          reason: `${journalled.outcome === 'copied' ? 'copied' : 'found in ECR'} during the run, but ${readBack}`,
        }
      return {
        ...base,
        outcome: 'not-copied',
        reason: 'the job stopped before this tag was copied; crossdock resume finishes it',
      }
  }
}
