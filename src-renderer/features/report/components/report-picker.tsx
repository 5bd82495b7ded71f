import type { JobDto } from '../../../../src-main/contract'
import { formatDateTime } from '../../../lib/format'

export function ReportPicker({
  jobs,
  jobId,
  onChange,
}: {
  jobs: readonly JobDto[]
  jobId?: string
  onChange(jobId: string): void
}) {
  return (
    <label>
      Job
      <select value={jobId ?? ''} onChange={(event) => onChange(event.target.value)} data-testid="report-job-select">
        {!jobId && <option value="">Choose a job</option>}
        {jobs.map((job) => (
          <option key={job.id} value={job.id}>
            {job.id} · {job.state} · {job.from} → {job.to} · {formatDateTime(job.createdAt)}
          </option>
        ))}
      </select>
    </label>
  )
}
