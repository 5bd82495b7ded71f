import type { JobDto } from '../../../../src-main/contract'
import { formatDateTime } from '../../../lib/format'
import { JOB_STATE_LABELS, jobActions } from '../model/job-view'
import { TableHead } from '../../../components/ui/table-head'

export interface JobListProps {
  jobs: readonly JobDto[]
  activeJobId?: string
  busy: boolean
  reportHref(jobId: string): string
  onShow(jobId: string): void
  onResume(jobId: string): void
}

export function JobList({ jobs, activeJobId, busy, reportHref, onShow, onResume }: JobListProps) {
  if (jobs.length === 0) return <p className="muted">No migration jobs yet.</p>
  return (
    <table className="data-table" data-testid="jobs-table">
      <TableHead columns={['Job', 'State', 'From → to', 'Created']} actions />
      <tbody>
        {jobs.map((job) => {
          const actions = jobActions(job)
          return (
            <tr
              key={job.id}
              data-testid="job-row"
              data-job-id={job.id}
              data-state={job.state}
              aria-current={job.id === activeJobId ? 'true' : undefined}
            >
              <th scope="row">
                <code>{job.id}</code>
              </th>
              <td title={job.problem}>{JOB_STATE_LABELS[job.state]}</td>
              <td>
                {job.from} → {job.to}
              </td>
              <td>{formatDateTime(job.createdAt)}</td>
              <td className="button-row">
                <button
                  type="button"
                  onClick={() => onShow(job.id)}
                  disabled={job.id === activeJobId}
                  aria-label={`Show job ${job.id}`}
                >
                  Show
                </button>
                {actions.resume && (
                  <button
                    type="button"
                    onClick={() => onResume(job.id)}
                    disabled={busy}
                    aria-label={`Resume job ${job.id}`}
                    data-testid="job-row-resume"
                  >
                    Resume
                  </button>
                )}
                {actions.report && (
                  <a href={reportHref(job.id)} aria-label={`Report of job ${job.id}`}>
                    Report
                  </a>
                )}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
