import { type Finding, SEVERITIES, type Severity } from '../core/ecr/scan-findings'
import { type RepositoryFindings, scanFindings } from '../core/use-cases/findings'
import { parseEcrTarget } from './ecr-host'

export interface FindingsFlags {
  to: string
  profile?: string
  top: number
  /** Seconds to wait for basic scans in progress; none: report them as they are. */
  wait?: number
  json?: boolean
}

/** `findings`: what ECR's scanner found in each image under a prefix, counts by severity and the worst findings. */
export async function findings(
  flags: FindingsFlags,
  io: { stdout: NodeJS.WriteStream; signal?: AbortSignal },
): Promise<number> {
  const { region, prefix } = parseEcrTarget(flags.to)
  const result = await scanFindings({
    aws: { region, profile: flags.profile },
    prefix,
    top: flags.top,
    ...(flags.wait ? { wait: { maxWaitSeconds: flags.wait } } : {}),
    signal: io.signal,
  })
  io.stdout.write(
    flags.json ? `${JSON.stringify(result, null, 2)}\n` : findingsText(result.scanType, result.repositories),
  )
  return 0
}

function findingsText(scanType: string, repositories: readonly RepositoryFindings[]): string {
  if (repositories.length === 0) return 'No repositories under that prefix.\n'
  const scanner = scanType === 'ENHANCED' ? 'enhanced scanning (Amazon Inspector)' : 'basic scanning'
  const lines = [`Scanned with ${scanner}.`]
  for (const { repository, images } of repositories) {
    lines.push('', repository)
    for (const image of images) {
      const name = image.tags.length > 0 ? image.tags.join(', ') : '(untagged)'
      const summary = image.explanation ? `${image.status}: ${image.explanation}` : countsOf(image.counts)
      lines.push(`  ${name}  ${image.digest.slice(0, 19)}…  ${summary}`)
      for (const finding of image.top) lines.push(`    ${findingLine(finding)}`)
    }
  }
  return `${lines.join('\n')}\n`
}

/** `CRITICAL  CVE-2024-1234  openssl 3.0.1 → 3.0.2  https://…` */
function findingLine(finding: Finding): string {
  const fix = finding.fixedInVersion ? ` → ${finding.fixedInVersion}` : ''
  const installed = finding.packageName ? `  ${finding.packageName} ${finding.installedVersion ?? ''}${fix}` : ''
  return `${finding.severity.padEnd(13)} ${finding.id}${installed}${finding.link ? `  ${finding.link}` : ''}`
}

function countsOf(counts: Partial<Record<Severity, number>>): string {
  const parts = SEVERITIES.flatMap((severity) =>
    counts[severity] ? [`${counts[severity]} ${severity.toLowerCase()}`] : [],
  )
  return parts.length > 0 ? parts.join(', ') : 'no findings'
}
