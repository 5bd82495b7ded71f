import { useEffect, useMemo, useRef, useState } from 'react'
import type { CallArgs, JobDto } from '../../../src-main/contract'
import { ErrorMessage } from '../../components/ui/error-message'
import { PageHeader } from '../../components/ui/page-header'
import { useCancelJob } from '../../features/migrate/api/use-cancel-job'
import { useJobs } from '../../features/migrate/api/use-jobs'
import { useMigrationPlan } from '../../features/migrate/api/use-migration-plan'
import { usePauseJob } from '../../features/migrate/api/use-pause-job'
import { useResumeJob } from '../../features/migrate/api/use-resume-job'
import { useStartMigration } from '../../features/migrate/api/use-start-migration'
import { JobList } from '../../features/migrate/components/job-list'
import { JobProgress } from '../../features/migrate/components/job-progress'
import { MigrationSettingsForm } from '../../features/migrate/components/migration-settings-form'
import { PlanView } from '../../features/migrate/components/plan-view'
import { SelectionSummary } from '../../features/migrate/components/selection-summary'
import { describeSettings, readSettingsForm } from '../../features/migrate/model/settings-form'
import { useNow } from '../../lib/use-now'
import { useStore } from '../../stores/external-store'
import { useJobFromEvents } from '../../stores/job-events-store'
import { useAppStores } from '../app-stores'
import { hrefFor } from '../router'

type MigrationArgs = CallArgs<'migrate.plan'>

function newestFirst(jobs: readonly JobDto[]): JobDto[] {
  return [...jobs].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

export function MigrateRoute() {
  const stores = useAppStores()
  const selection = useStore(stores.migration)
  const form = useStore(stores.migrateForm)
  const planRequest = useStore(stores.migratePlan)
  const activeJob = useStore(stores.activeJob)
  const read = useMemo(() => readSettingsForm(form), [form])
  const plan = useMigrationPlan(planRequest)
  const jobs = useJobs()
  const start = useStartMigration(stores.jobs)
  const pause = usePauseJob(stores.jobs)
  const resume = useResumeJob(stores.jobs)
  const cancel = useCancelJob(stores.jobs)

  const eventJob = useJobFromEvents(stores.jobs, activeJob?.id)
  const job = eventJob ?? jobs.data?.find((candidate) => candidate.id === activeJob?.id)
  const now = useNow(1_000, job?.state === 'waiting-quota')
  const busy = pause.isPending || resume.isPending || cancel.isPending
  const jobHeading = useRef<HTMLHeadingElement>(null)
  // A job started or resumed here: once its panel shows, move focus (and the view) to it.
  const [reveal, setReveal] = useState<string>()
  useEffect(() => {
    if (!reveal || job?.id !== reveal) return
    jobHeading.current?.focus()
    jobHeading.current?.scrollIntoView?.({ block: 'start' })
    setReveal(undefined)
  }, [reveal, job?.id])

  const args: MigrationArgs | undefined =
    selection && read.ok
      ? {
          ...selection.compare,
          selection: selection.selection,
          settings: read.settings,
          ...(read.lambdaPlatform ? { lambdaPlatform: read.lambdaPlatform } : {}),
          referrers: read.referrers,
        }
      : undefined
  // Start runs exactly what was planned; changed settings need a new plan first.
  const planIsCurrent =
    plan.data !== undefined && planRequest !== undefined && JSON.stringify(planRequest.args) === JSON.stringify(args)
  const startedFromPlan = planRequest !== undefined && activeJob?.planId === planRequest.id
  // A keep-last rule below what a new repository gets: starting needs an explicit yes, for this plan only.
  const expiring = plan.data?.expiringRepositories ?? []
  const [expiryAcceptedFor, setExpiryAcceptedFor] = useState<number>()
  const expiryAccepted = planRequest !== undefined && expiryAcceptedFor === planRequest.id
  const canStart = planIsCurrent && !startedFromPlan && (expiring.length === 0 || expiryAccepted)

  const planNow = (): void => {
    if (args) stores.migratePlan.set((previous) => ({ id: (previous?.id ?? 0) + 1, args }))
  }

  const startNow = (): void => {
    if (!planRequest || !canStart) return
    const plannedBytes = plan.data?.totals.bytes
    const planId = planRequest.id
    start.mutate(expiring.length > 0 ? { ...planRequest.args, acceptLifecycleExpiry: true } : planRequest.args, {
      onSuccess: (started) => {
        stores.activeJob.set({ id: started.id, plannedBytes, planId })
        setReveal(started.id)
      },
    })
  }

  const resumeJob = (jobId: string): void => {
    resume.mutate(
      { jobId },
      {
        onSuccess: () => {
          stores.activeJob.set((previous) => (previous?.id === jobId ? previous : { id: jobId }))
          setReveal(jobId)
        },
      },
    )
  }

  const allJobs = newestFirst(jobs.data ?? [])
  const interrupted = allJobs.filter((candidate) => candidate.state === 'interrupted')

  return (
    <>
      <PageHeader title="Migrate" />
      {interrupted.length > 0 && (
        <p className="hint warning" data-testid="interrupted-jobs">
          {interrupted.length === 1 ? 'A job was interrupted' : `${interrupted.length} jobs were interrupted`} (for
          example when Crossdock closed): resume to finish; what ECR already holds is skipped.
        </p>
      )}
      {selection ? (
        <>
          <SelectionSummary
            namespace={selection.compare.namespace}
            target={
              selection.compare.aws.region + (selection.compare.prefix ? ` under ${selection.compare.prefix}` : '')
            }
            repositories={selection.selection}
          />
          <MigrationSettingsForm
            form={form}
            errors={read.ok ? {} : read.errors}
            canPlan={args !== undefined}
            planning={plan.isFetching}
            onChange={(change) => stores.migrateForm.set((previous) => ({ ...previous, ...change }))}
            onPlan={planNow}
          />
        </>
      ) : (
        <p className="card" data-testid="migrate-no-selection">
          Nothing is selected yet: choose repositories and tags on <a href={hrefFor('compare')}>Compare</a>, then
          “Migrate selected”.
        </p>
      )}
      <ErrorMessage error={plan.error} testId="plan-error" />
      {plan.data && read.ok && (
        <>
          <PlanView plan={plan.data} settingsText={describeSettings(read.settings)} />
          {expiring.length > 0 && (
            <label className="hint warning" data-testid="migrate-accept-expiry">
              <input
                type="checkbox"
                checked={expiryAccepted}
                onChange={(event) => setExpiryAcceptedFor(event.currentTarget.checked ? planRequest?.id : undefined)}
              />{' '}
              Start anyway: ECR may expire migrated images in{' '}
              {expiring
                .map(
                  (repository) =>
                    `${repository.repository} (${repository.images} images, keeps ${repository.keepLast})`,
                )
                .join(', ')}
            </label>
          )}
          <div className="button-row">
            <button
              type="button"
              className="primary"
              onClick={startNow}
              disabled={!canStart || start.isPending}
              data-testid="migrate-start"
            >
              {start.isPending ? 'Starting…' : 'Start migration'}
            </button>
            {!planIsCurrent && !plan.isFetching && (
              <span className="hint warning">The settings changed since this plan: plan again to start.</span>
            )}
            {planIsCurrent && startedFromPlan && (
              <span className="hint">Started as job {activeJob?.id}; plan again for another run.</span>
            )}
          </div>
        </>
      )}
      <ErrorMessage error={start.error} testId="start-error" />
      {job && (
        <JobProgress
          job={job}
          headingRef={jobHeading}
          plannedBytes={activeJob?.plannedBytes}
          now={now}
          busy={busy}
          reportHref={hrefFor('report', job.id)}
          onPause={() => pause.mutate({ jobId: job.id })}
          onResume={() => resumeJob(job.id)}
          onCancel={() => cancel.mutate({ jobId: job.id })}
          onRetryFailed={() => resumeJob(job.id)}
        />
      )}
      <ErrorMessage error={pause.error ?? resume.error ?? cancel.error} testId="job-error" />
      <section className="stack" aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">Jobs</h2>
        <ErrorMessage error={jobs.error} />
        <JobList
          jobs={allJobs}
          activeJobId={job?.id}
          busy={busy}
          reportHref={(jobId) => hrefFor('report', jobId)}
          onShow={(jobId) => stores.activeJob.set({ id: jobId })}
          onResume={resumeJob}
        />
      </section>
    </>
  )
}
