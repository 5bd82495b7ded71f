import type { Job } from '../core/migration/job-store'
import type { MigrationPlan } from '../core/migration/migration-plan'
import { planJob, runJob, type MigrationServices } from '../core/migration/migration-run'
import { parseMigrationSpec, type MigrationSpec } from '../core/migration/migration-spec'
import { parsePlatforms } from '../core/migration/platform-filter'
import { probePullQuota } from '../core/dockerhub/quota-probe'
import { loadPriceTables } from '../core/pricing/price-tables'
import { withMigrationServices } from '../core/use-cases/connections'
import type { UseCaseContext } from '../core/use-cases/context'
import { createMigrationJob, jobStoreOf } from '../core/use-cases/jobs'
import { previewMigration } from '../core/use-cases/plan'
import { cliContext, hubIdentityNotice } from './cli-context'
import { parseEcrTarget } from './ecr-host'
import { describeMigrationPlan, describePlanTotals, describeRunEnd } from './migrate-output'
import { progressOutput } from './progress-output'
import { quotaWaitNotice } from './registry-options'
import { parsePrefix, tagFilter } from './sync-command'
import { repositorySettings, type RepositorySettingsFlags } from './repository-settings-flags'
import { UsageError } from './usage-error'

export interface MigrateFlags extends RepositorySettingsFlags {
  from: string
  to: string
  profile?: string
  account?: string
  dropNamespace?: boolean
  tags?: string
  excludeTags?: string
  pushedWithin?: number
  latest?: number
  lambdaPlatform?: string
  referrers?: boolean
  jobs?: number
  dryRun?: boolean
  /** Run even where the keep-last rule would let ECR expire migrated images. */
  force?: boolean
  json?: boolean
  hubApi?: string
  hubRegistry?: string
}

/** Flags a resume may change: where to reach things, never what the job does. */
export type ResumeFlags = Pick<MigrateFlags, 'hubRegistry' | 'hubApi' | 'json'>

export interface MigrateIo {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  signal: AbortSignal
}

/** `migrate`: plan Docker Hub → ECR, then (unless --dry-run) run it as a resumable job. */
export async function migrate(
  flags: MigrateFlags,
  io: MigrateIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const spec = migrationSpec(flags, env)
  const context = cliContext(flags, env)
  if (!flags.dryRun) {
    return withServices(context, spec, io, async (services) => {
      const job = await createMigrationJob(jobStoreOf(context), spec, async () => (await planJob(spec, services)).plan)
      io.stderr.write(`Job ${job.record.id} (if it stops, crossdock resume ${job.record.id} finishes it)\n`)
      return runWithServices(job, flags, io, services)
    })
  }
  return withServices(context, spec, io, async (services) => {
    const { plan, quota } = await previewMigration(spec, services, loadPriceTables())
    io.stdout.write(
      flags.json
        ? `${JSON.stringify({ plan, quota }, null, 2)}\n`
        : describeMigrationPlan(plan, quota, services.registry.host),
    )
    return 0
  })
}

/** `resume JOB_ID`: run the job again; what is in ECR already is skipped, so it finishes where it stopped. */
export async function resume(
  id: string,
  flags: ResumeFlags,
  io: MigrateIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const context = cliContext(flags, env)
  // The job is this process's until it ends; another runner's refusal changes nothing on disk.
  const job = await jobStoreOf(context).claim(id)
  if (job.record.state === 'finished') {
    io.stderr.write(`Job ${id} has finished; crossdock report ${id} shows what it did.\n`)
    return 0
  }
  return withServices(context, job.record.spec, io, (services) => runWithServices(job, flags, io, services))
}

async function runWithServices(
  job: Job<MigrationSpec>,
  flags: ResumeFlags,
  io: MigrateIo,
  services: MigrationServices,
): Promise<number> {
  const progress = progressOutput(io.stderr, flags.json ? 'none' : 'auto')
  let outcome: Awaited<ReturnType<typeof runJob>>
  try {
    const announcePlan = async (plan: MigrationPlan): Promise<void> => {
      const quota = await probePullQuota(services.source('docker.io'), io.signal)
      io.stderr.write(`${describePlanTotals(plan, quota)}\n`)
    }
    outcome = await runJob(job, {
      ...services,
      onPlan: flags.json ? undefined : announcePlan,
      onProgress: (snapshot) => progress.update(snapshot),
    })
  } finally {
    progress.stop()
  }
  if (flags.json)
    io.stdout.write(
      `${JSON.stringify({ job: job.record.id, state: outcome.state, summary: outcome.report?.summary }, null, 2)}\n`,
    )
  else io.stdout.write(describeRunEnd(job.record.id, outcome.state, outcome.report))
  return (
    { finished: 0, incomplete: 1, failed: 1, cancelled: 130 }[
      outcome.state as 'finished' | 'incomplete' | 'failed' | 'cancelled'
    ] ?? 1
  )
}

/** Signs in to both sides (the spec's Docker Hub account, named first; AWS credentials → the account's ECR). */
export async function withServices<T>(
  context: UseCaseContext,
  spec: MigrationSpec,
  io: MigrateIo,
  use: (services: MigrationServices) => Promise<T>,
): Promise<T> {
  const identity = await context.accounts.identity(spec.hubAccount)
  io.stderr.write(`${hubIdentityNotice(identity)}\n`)
  const callbacks = {
    identity,
    onQuotaWait: quotaWaitNotice(io.stderr),
    onWarning: (message: string) => io.stderr.write(`warning: ${message}\n`),
    signal: io.signal,
  }
  return withMigrationServices(context, spec, callbacks, use)
}

/** The job's spec from the command line, checked before anything is listed or written. */
export function migrationSpec(flags: MigrateFlags, env: NodeJS.ProcessEnv = process.env): MigrationSpec {
  const from = parsePrefix(flags.from)
  const [namespace, ...rest] = from.path.split('/')
  if (from.registry !== 'docker.io' || !namespace)
    throw new UsageError(`--from must be docker.io/NAMESPACE or docker.io/NAMESPACE/REPOSITORY (got "${flags.from}").`)
  if (flags.lambdaPlatform !== undefined && parsePlatforms(flags.lambdaPlatform).length !== 1)
    throw new UsageError('--lambda-platform takes one platform, e.g. linux/amd64.')
  const target = parseEcrTarget(flags.to)
  tagFilter(flags) // a bad pattern fails here, before a job exists
  return parseMigrationSpec({
    from: { namespace, ...(rest.length > 0 ? { repository: rest.join('/') } : {}) },
    to: target,
    dropNamespace: flags.dropNamespace ?? false,
    tags: {
      include: flags.tags,
      exclude: flags.excludeTags,
      pushedWithinDays: flags.pushedWithin,
      latest: flags.latest,
    },
    settings: repositorySettings(flags),
    referrers: flags.referrers ?? false,
    acceptLifecycleExpiry: flags.force ?? false,
    lambdaPlatform: flags.lambdaPlatform,
    jobs: flags.jobs,
    awsProfile: flags.profile,
    hubAccount: flags.account ?? env.CROSSDOCK_HUB_ACCOUNT,
  })
}
