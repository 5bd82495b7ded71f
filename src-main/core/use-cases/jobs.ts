import { CrossdockError } from '../lib/errors'
import { JobStore } from '../migration/job-store'
import type { CutoverRecord, MigrationReport } from '../migration/migration-report'
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
  const report = JSON.parse(text) as MigrationReport
  const cutover = job.readFile(CUTOVER_FILE)
  if (cutover === undefined) return { report, text }
  const withCutover = { ...report, cutover: JSON.parse(cutover) as CutoverRecord }
  return { report: withCutover, text: `${JSON.stringify(withCutover, null, 2)}\n` }
}

const CUTOVER_FILE = 'cutover.json'

/**
 * Adds what a `refs` command found to the cutover record of each job it took its mapping from, so the jobs' reports
 * say how far the move of the team's files and workloads has come.
 */
export function recordCutover(
  jobs: JobStore<MigrationSpec>,
  ids: readonly string[],
  update: Partial<CutoverRecord>,
): void {
  for (const id of ids) {
    const job = jobs.open(id)
    const before = job.readFile(CUTOVER_FILE)
    const record: CutoverRecord = { ...(before === undefined ? {} : JSON.parse(before)), ...update }
    job.writeFile(CUTOVER_FILE, `${JSON.stringify(record, null, 2)}\n`)
  }
}
