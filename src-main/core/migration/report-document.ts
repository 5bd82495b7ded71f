import type { CutoverRecord, MigrationReport } from './migration-report'

/** A report as headed sections of text, tables and code, so Markdown and HTML render one structure. */
export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'table'; headers: string[]; rows: string[][] }
  | { kind: 'code'; language: string; text: string }

export interface Section {
  title: string
  blocks: Block[]
}

export function reportSections(report: MigrationReport): Section[] {
  const { summary } = report
  const sections: Section[] = [
    {
      title: `Migration ${report.job.id}`,
      blocks: [
        {
          kind: 'text',
          text:
            `From ${report.from} to ${report.to.registry}${report.to.prefix ? `/${report.to.prefix}` : ''} ` +
            `(account ${report.to.accountId}, ${report.to.region}). Job ${report.job.state} after ${report.job.runs} ` +
            `run(s); report generated ${report.generatedAt}.`,
        },
        {
          kind: 'text',
          text:
            `${summary.copied} copied, ${summary['already-in-ecr']} already in ECR, ${summary.conflict} ` +
            `conflicts, ${summary.unsupported} unsupported, ${summary.failed} failed, ${summary['not-copied']} not ` +
            `copied yet; ${summary.verified} of ${report.entries.length} verified by digest in ECR.`,
        },
      ],
    },
    {
      title: 'Image references',
      blocks: [
        {
          kind: 'table',
          headers: ['Docker Hub', 'Amazon ECR', 'Outcome', 'Source digest', 'ECR digest', 'Verified', 'Lambda'],
          rows: report.entries.map((e) => [
            e.source,
            e.destination,
            e.reason ? `${e.outcome}: ${e.reason}` : e.outcome,
            e.sourceDigest ?? '',
            e.destinationDigest ?? '',
            e.verified ? 'yes' : 'no',
            e.platformCopyOf
              ? `yes (single-platform copy of ${e.platformCopyOf})`
              : e.lambda.compatible
                ? 'yes'
                : `no: ${e.lambda.reason}`,
          ]),
        },
      ],
    },
    {
      title: 'Repositories',
      blocks: [
        {
          kind: 'table',
          headers: ['Docker Hub', 'Amazon ECR', 'Created by this job'],
          rows: report.repositories.map((r) => [r.source, r.target, r.created ? 'yes' : 'no (existed)']),
        },
      ],
    },
  ]
  if (report.warnings.length > 0)
    sections.push({ title: 'Warnings', blocks: report.warnings.map((text) => ({ kind: 'text', text })) })
  if (report.cutover) sections.push(cutoverSection(report.cutover))
  const { snippets } = report
  sections.push({
    title: 'Using the images',
    blocks: [
      { kind: 'text', text: 'Amazon ECS task definition:' },
      { kind: 'code', language: 'json', text: snippets.ecs },
      { kind: 'text', text: 'Kubernetes / Amazon EKS:' },
      { kind: 'code', language: 'yaml', text: snippets.eks },
      ...(snippets.lambda
        ? [
            { kind: 'text', text: 'AWS Lambda (single-platform images only):' } as const,
            { kind: 'code', language: 'yaml', text: snippets.lambda } as const,
          ]
        : [
            {
              kind: 'text',
              text:
                'AWS Lambda: no migrated image can run on Lambda as it is (Lambda needs a single-platform ' +
                'manifest; migrate with --lambda-platform to add one).',
            } as const,
          ]),
      { kind: 'text', text: 'AWS CodeBuild buildspec.yml:' },
      { kind: 'code', language: 'yaml', text: snippets.codebuild },
      {
        kind: 'text',
        text:
          `IAM: the pulling role (ECS task execution role, EKS node role, CodeBuild service role) needs ` +
          `${snippets.iamActions.join(', ')}:`,
      },
      { kind: 'code', language: 'json', text: snippets.iamPolicy },
    ],
  })
  return sections
}

/** How far the move of the team's files and workloads has come, as the `refs` commands last found it. */
function cutoverSection({ scan, rewrite, live }: CutoverRecord): Section {
  const blocks: Block[] = []
  if (scan) {
    const statuses = Object.entries(scan.byStatus).map(([status, count]) => `${count} ${status}`)
    blocks.push({
      kind: 'text',
      text:
        `Files scanned ${scan.at} (${scan.paths.join(', ')}): ${scan.references} image references in ` +
        `${scan.files} files (${statuses.join(', ') || 'none'}); ${scan.stillOnDockerHub} still name Docker Hub.`,
    })
  }
  if (rewrite)
    blocks.push({
      kind: 'text',
      text:
        `Rewritten ${rewrite.at}: ${rewrite.references} references in ${rewrite.files.length} files` +
        `${rewrite.commit ? ` (commit ${rewrite.commit})` : ''}.`,
    })
  if (live)
    blocks.push({
      kind: 'text',
      text:
        live.stillOnDockerHub.length === 0
          ? `Workloads read ${live.at}: none of ${live.total} pulls from Docker Hub.`
          : `Workloads read ${live.at}: ${live.stillOnDockerHub.length} of ${live.total} still pull from Docker ` +
            `Hub: ${live.stillOnDockerHub.join(', ')}.`,
    })
  return { title: 'Cutover', blocks }
}

export function reportMarkdown(report: MigrationReport): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  const render = (block: Block): string => {
    switch (block.kind) {
      case 'text':
        return block.text
      case 'code':
        return `\`\`\`${block.language}\n${block.text}\n\`\`\``
      case 'table':
        return [block.headers, block.headers.map(() => '---'), ...block.rows]
          .map((row) => `| ${row.map(cell).join(' | ')} |`)
          .join('\n')
    }
  }
  return `${reportSections(report)
    .map((section, i) => `${i === 0 ? '#' : '##'} ${section.title}\n\n${section.blocks.map(render).join('\n\n')}`)
    .join('\n\n')}\n`
}

/** A standalone page: no scripts, no remote resources, everything escaped. */
/** The report page's own policy: no scripts, no requests; its one inline stylesheet only. */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'"

/** The report page's styles, light and dark. */
const REPORT_STYLE = [
  'body{font:14px system-ui,sans-serif;margin:2rem;color:#1b1f24}',
  'table{border-collapse:collapse;font-size:12px}',
  'td,th{border:1px solid #ccd;padding:4px 6px;text-align:left;vertical-align:top;word-break:break-all}',
  'pre{background:#f4f5f7;padding:8px;overflow:auto}',
  '@media(prefers-color-scheme:dark){body{background:#16181d;color:#e6e8eb}',
  'pre{background:#22252b}td,th{border-color:#444}}',
].join('')

export function reportHtml(report: MigrationReport): string {
  const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  const render = (block: Block): string => {
    switch (block.kind) {
      case 'text':
        return `<p>${escapeHtml(block.text)}</p>`
      case 'code':
        return `<pre><code class="language-${escapeHtml(block.language)}">${escapeHtml(block.text)}</code></pre>`
      case 'table':
        return (
          `<table><thead><tr>${block.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
          `${block.rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}` +
          '</tbody></table>'
        )
    }
  }
  const sections = reportSections(report)
  const body = sections
    .map(
      (section, i) =>
        `<section><h${i === 0 ? 1 : 2}>${escapeHtml(section.title)}</h${i === 0 ? 1 : 2}>` +
        `${section.blocks.map(render).join('')}</section>`,
    )
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<title>${escapeHtml(sections[0]!.title)}</title>
<style>${REPORT_STYLE}</style>
</head><body>
${body}
</body></html>
`
}
