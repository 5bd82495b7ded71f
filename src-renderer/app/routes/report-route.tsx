import { ErrorMessage } from '../../components/ui/error-message'
import { PageHeader } from '../../components/ui/page-header'
import { useJobs } from '../../features/migrate/api/use-jobs'
import { useJobReport } from '../../features/report/api/use-job-report'
import { ReportPicker } from '../../features/report/components/report-picker'
import { ReportView, type ReportFormat } from '../../features/report/components/report-view'
import type { ReportDto } from '../../../src-main/contract'
import { downloadText } from '../../lib/download'
import { navigate } from '../router'

function exportReport(report: ReportDto, format: ReportFormat): void {
  if (format === 'md') downloadText('report.md', report.markdown, 'text/markdown;charset=utf-8')
  else if (format === 'html') downloadText('report.html', report.html, 'text/html;charset=utf-8')
  else
    downloadText(
      'report.json',
      `${JSON.stringify({ ...report, markdown: undefined, html: undefined }, null, 2)}\n`,
      'application/json',
    )
}

export function ReportRoute({ jobId }: { jobId?: string }) {
  const jobs = useJobs()
  const newest = [...(jobs.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  const selected = jobId ?? newest[0]?.id
  const report = useJobReport(selected)
  return (
    <>
      <PageHeader title="Report">
        {newest.length > 0 && <ReportPicker jobs={newest} jobId={selected} onChange={(id) => navigate('report', id)} />}
      </PageHeader>
      <ErrorMessage error={jobs.error ?? report.error} testId="report-error" />
      {jobs.data && newest.length === 0 && (
        <p className="muted">No migration jobs yet: a report appears here once a job has run.</p>
      )}
      {report.isFetching && !report.data && (
        <p role="status" className="muted">
          Loading the report…
        </p>
      )}
      {report.data && <ReportView report={report.data} onExport={(format) => exportReport(report.data, format)} />}
    </>
  )
}
