import type { ReportDto } from '../../../../src-main/contract'
import { Stat, StatList } from '../../../components/ui/stat'
import { formatCount, formatDateTime } from '../../../lib/format'
import { ReportEntriesTable } from './report-entries-table'
import { SnippetBlock } from './snippet-block'

export type ReportFormat = 'md' | 'html' | 'json'

export interface ReportViewProps {
  report: ReportDto
  onExport(format: ReportFormat): void
}

export function ReportView({ report, onExport }: ReportViewProps) {
  const { summary, snippets } = report
  return (
    <div className="stack" data-testid="report" data-job-id={report.job.id}>
      <section className="card stack" aria-labelledby="report-summary-heading">
        <h2 id="report-summary-heading">
          Job <code>{report.job.id}</code> ({report.job.state})
        </h2>
        <p>
          From <strong>{report.from}</strong> to <code>{report.to.registry}</code>
          {report.to.prefix && ` under ${report.to.prefix}`} (account {report.to.accountId}, {report.to.region}).
          Created {formatDateTime(report.job.createdAt)},{' '}
          {`${report.job.runs} ${report.job.runs === 1 ? 'run' : 'runs'};`}
          report of {formatDateTime(report.generatedAt)}.
        </p>
        <StatList label="Report summary">
          <Stat label="Copied" value={formatCount(summary.copied)} testId="report-copied" />
          <Stat label="Already in ECR" value={formatCount(summary['already-in-ecr'])} />
          <Stat label="Verified" value={formatCount(summary.verified)} testId="report-verified" />
          <Stat label="Conflicts" value={formatCount(summary.conflict)} />
          <Stat label="Unsupported" value={formatCount(summary.unsupported)} />
          <Stat label="Failed" value={formatCount(summary.failed)} testId="report-failed" />
          <Stat label="Not copied" value={formatCount(summary['not-copied'])} />
        </StatList>
        {report.warnings.length > 0 && (
          <ul className="warnings" aria-label="Warnings">
            {report.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        )}
        {/* biome-ignore lint/a11y/useSemanticElements: buttons, not a fieldset of form fields */}
        <div className="button-row" role="group" aria-label="Export">
          <button type="button" onClick={() => onExport('md')} data-testid="report-export-md">
            Download report.md
          </button>
          <button type="button" onClick={() => onExport('html')} data-testid="report-export-html">
            Download report.html
          </button>
          <button type="button" onClick={() => onExport('json')} data-testid="report-export-json">
            Download report.json
          </button>
        </div>
      </section>
      <section className="card stack" aria-labelledby="report-references-heading">
        <h2 id="report-references-heading">Old → new references</h2>
        <ReportEntriesTable entries={report.entries} />
      </section>
      <section className="card stack" aria-labelledby="report-snippets-heading">
        <h2 id="report-snippets-heading">Use the new images</h2>
        <SnippetBlock title="ECS task definition" text={snippets.ecs} testId="snippet-ecs" />
        <SnippetBlock title="EKS (Kubernetes)" text={snippets.eks} testId="snippet-eks" />
        {snippets.lambda && <SnippetBlock title="Lambda" text={snippets.lambda} testId="snippet-lambda" />}
        <SnippetBlock title="CodeBuild" text={snippets.codebuild} testId="snippet-codebuild" />
        <SnippetBlock title="IAM policy" text={snippets.iamPolicy} testId="snippet-iam" />
        <p className="hint">IAM actions needed to pull: {snippets.iamActions.join(', ')}</p>
      </section>
    </div>
  )
}
