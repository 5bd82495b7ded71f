import type { Ref } from 'react'
import type { JobDto, ProgressDto } from '../../../../src-main/contract'
import { Stat, StatList } from '../../../components/ui/stat'
import { formatBytes, formatClock, formatCount, formatCountdown, formatDuration, formatRate } from '../../../lib/format'
import { isActive, JOB_STATE_LABELS, jobActions, jobEtaSeconds, jobFraction } from '../model/job-view'
import { TableHead } from '../../../components/ui/table-head'

export interface JobProgressProps {
  job: JobDto
  /** Lets the view move focus to the panel when a job starts. */
  headingRef?: Ref<HTMLHeadingElement>
  /** The plan's bytes, for a byte-based ETA. */
  plannedBytes?: number
  /** The current time, for the quota countdown. */
  now: number
  busy: boolean
  reportHref: string
  onPause(): void
  onResume(): void
  onCancel(): void
  onRetryFailed(): void
}

function progressText(job: JobDto, progress: ProgressDto, plannedBytes: number | undefined): string {
  const settled = progress.tagsCopied + progress.tagsSkipped + progress.tagsFailed
  // Indexes, attestations and retried blobs can move more than the plan counted: then "of N" would mislead.
  const ofPlanned =
    plannedBytes !== undefined && progress.bytesTransferred <= plannedBytes ? ` of ${formatBytes(plannedBytes)}` : ''
  const eta = jobEtaSeconds(job, plannedBytes)
  const left = eta === undefined ? '' : eta < 1 ? ' · almost done' : ` · about ${formatDuration(eta)} left`
  const tags = `${formatCount(settled)} of ${formatCount(progress.tagsTotal)} tags`
  const bytes = `${formatBytes(progress.bytesTransferred)}${ofPlanned} transferred`
  return `${tags} · ${bytes} · ${formatRate(progress.bytesPerSecond)}${left}`
}

/** Tag rows shown: the failed ones first, then the latest outcomes. */
const TAG_ROWS = 200

export function JobProgress({
  job,
  headingRef,
  plannedBytes,
  now,
  busy,
  reportHref,
  onPause,
  onResume,
  onCancel,
  onRetryFailed,
}: JobProgressProps) {
  const progress = job.progress
  const actions = jobActions(job)
  const fraction = jobFraction(job)
  const tags = job.tags ?? []
  const failed = tags.filter((tag) => tag.outcome === 'failed')
  const shownTags = [
    ...failed,
    ...tags.filter((tag) => tag.outcome !== 'failed').slice(-Math.max(0, TAG_ROWS - failed.length)),
  ].slice(0, TAG_ROWS)

  return (
    <section className="card stack" aria-labelledby="job-heading" data-testid="job-panel" data-job-id={job.id}>
      <h2 id="job-heading" ref={headingRef} tabIndex={-1}>
        Job <code>{job.id}</code>
      </h2>
      <p className="muted">
        {job.from} → {job.to}
        {job.runs > 1 && ` · run ${job.runs}`}
      </p>
      <p className={`job-state job-state-${job.state}`} data-testid="job-state" data-state={job.state}>
        {JOB_STATE_LABELS[job.state]}
      </p>
      {job.problem && (
        <p className="hint warning" role="alert" data-testid="job-problem">
          {job.problem}
        </p>
      )}
      {job.state === 'waiting-quota' && job.quotaWait && (
        <p className="quota-wait" data-testid="job-quota-wait">
          Waiting for Docker Hub quota until {formatClock(job.quotaWait.until)} (resumes in{' '}
          <span data-testid="job-quota-countdown">{formatCountdown(Date.parse(job.quotaWait.until) - now)}</span>);{' '}
          {job.quotaWait.remaining} of {job.quotaWait.limit} pulls left.
        </p>
      )}
      <progress
        className="job-bar"
        max={1}
        value={fraction}
        aria-label="Migration progress"
        data-testid="job-progress"
      />
      <p role="status" aria-atomic="true" data-testid="job-progress-text">
        {progress ? progressText(job, progress, plannedBytes) : isActive(job.state) ? 'Starting…' : ''}
      </p>
      {progress && (
        <StatList label="Job counts">
          <Stat label="Copied" value={formatCount(progress.tagsCopied)} testId="job-copied" />
          <Stat label="Skipped (already in ECR)" value={formatCount(progress.tagsSkipped)} testId="job-skipped" />
          <Stat label="Failed" value={formatCount(progress.tagsFailed)} testId="job-failed" />
          <Stat
            label="Blobs uploaded / mounted / present"
            value={[progress.blobsUploaded, progress.blobsMounted, progress.blobsPresent].map(formatCount).join(' / ')}
          />
          <Stat label="Elapsed" value={formatDuration(progress.elapsedSeconds)} />
        </StatList>
      )}
      <div className="button-row">
        {actions.pause && (
          <button type="button" onClick={onPause} disabled={busy} data-testid="job-pause">
            Pause
          </button>
        )}
        {actions.resume && (
          <button type="button" className="primary" onClick={onResume} disabled={busy} data-testid="job-resume">
            Resume
          </button>
        )}
        {actions.cancel && (
          <button type="button" className="danger" onClick={onCancel} disabled={busy} data-testid="job-cancel">
            Cancel
          </button>
        )}
        {actions.retryFailed && (
          <button type="button" className="primary" onClick={onRetryFailed} disabled={busy} data-testid="job-retry">
            Retry failed
          </button>
        )}
        {actions.report && (
          <a href={reportHref} className="button-link" data-testid="job-report-link">
            Open the report
          </a>
        )}
      </div>
      {tags.length > 0 && (
        <table className="data-table" data-testid="job-tags">
          <caption>
            Tags so far
            {tags.length > shownTags.length &&
              ` (the failed and the latest ${formatCount(shownTags.length)} of ${formatCount(tags.length)})`}
          </caption>
          <TableHead columns={['Docker Hub', 'Amazon ECR', 'Outcome', 'Error']} />
          <tbody>
            {shownTags.map((tag) => (
              <tr key={`${tag.source}\u0000${tag.destination}`} data-testid="job-tag-row" data-outcome={tag.outcome}>
                <td>
                  <code>{tag.source}</code>
                </td>
                <td>
                  <code>{tag.destination}</code>
                </td>
                <td>{tag.outcome}</td>
                <td>{tag.error ? `${tag.error.message} (${tag.error.code})` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
