import type { CallResult, PlanDto } from '../contract'
import type { JobRunner } from '../core/migration/job-runner'
import { planJob } from '../core/migration/migration-run'
import { reportHtml, reportMarkdown } from '../core/migration/report-document'
import type { PriceTables } from '../core/pricing/price-tables'
import { withMigrationServices } from '../core/use-cases/connections'
import type { UseCaseContext } from '../core/use-cases/context'
import { createMigrationJob, jobStoreOf, readJobReport } from '../core/use-cases/jobs'
import { previewMigration } from '../core/use-cases/plan'
import type { Calls } from './calls'
import { migrationSpecOf } from './migration-spec-of'

type MigrationCalls =
  | 'migrate.plan'
  | 'migrate.start'
  | 'jobs.pause'
  | 'jobs.resume'
  | 'jobs.cancel'
  | 'jobs.list'
  | 'jobs.report'

/** Plan, start and steer migration jobs (run by `runner` in this process), and read their reports. */
export function migrationCalls(context: UseCaseContext, runner: JobRunner, tables: PriceTables): Calls<MigrationCalls> {
  const jobs = jobStoreOf(context)
  return {
    'migrate.plan': async (args): Promise<PlanDto> => {
      const spec = migrationSpecOf(args)
      return withMigrationServices(context, spec, {}, async (services) => {
        const { plan, quota, estimate, monthlyCostDelta } = await previewMigration(spec, services, tables)
        return { registry: services.registry.host, ...plan, quota, estimate, monthlyCostDelta }
      })
    },

    'migrate.start': async (args) => {
      const spec = migrationSpecOf(args)
      const job = await createMigrationJob(jobs, spec, () =>
        withMigrationServices(context, spec, {}, async (services) => (await planJob(spec, services)).plan),
      )
      return runner.start(job)
    },
    'jobs.pause': async ({ jobId }) => runner.pause(jobId),
    'jobs.resume': async ({ jobId }) => runner.resume(jobId),
    'jobs.cancel': async ({ jobId }) => runner.cancel(jobId),
    'jobs.list': async () => runner.list(),

    'jobs.report': async ({ jobId }): Promise<CallResult<'jobs.report'>> => {
      const { report } = await readJobReport(jobs, jobId, 'resume it to finish it')
      return { ...report, markdown: reportMarkdown(report), html: reportHtml(report) }
    },
  }
}
