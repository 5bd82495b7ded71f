import { CrossdockError } from '../lib/errors'
import { JobStore } from '../migration/job-store'
import type { MigrationReport } from '../migration/migration-report'
import type { MigrationPlan } from '../migration/migration-plan'
import { refuseLifecycleExpiryBeforeStart } from '../migration/migration-run'
import { parseMigrationSpec, type MigrationSpec } from '../migration/migration-spec'
import type { UseCaseContext } from './context'

/** The migration jobs of the context's jobs directory. */
export function jobStoreOf(context: Pick<UseCaseContext, 'jobsDirectory'>): JobStore<MigrationSpec> {
  return new JobStore(context.jobsDirectory, parseMigrationSpec)
}

/**
 * `migrate` and `migrate.start`: the job for a spec, written only once nothing refuses it (a keep-last rule that
 * would expire migrated images is checked against `plan`, asked for only when there is such a rule).
 */
export async function createMigrationJob(
  jobs: JobStore<MigrationSpec>,
  spec: MigrationSpec,
  plan: () => Promise<MigrationPlan>,
) {
  await refuseLifecycleExpiryBeforeStart(spec, plan)
  return jobs.create(spec)
}

/** `report` and `jobs.report`: a job's report, or why it has none yet and what finishes it. */
export async function readJobReport(
  jobs: JobStore<MigrationSpec>,
  id: string,
  howToFinish: string,
): Promise<{ report: MigrationReport; text: string }> {
  const job = jobs.open(id)
  const text = job.readFile('report.json')
  if (text === undefined)
    throw new CrossdockError(
      'NAME_UNKNOWN',
      `Job ${id} has no report yet (it is ${await job.displayState()}); ${howToFinish}.`,
    )
  return { report: JSON.parse(text) as MigrationReport, text }
}
