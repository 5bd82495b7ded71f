import { formatBytes, formatDuration } from '../contract/format'
import type { PullQuota } from '../core/dockerhub/pull-quota'
import type { JobState } from '../core/migration/job-store'
import type { MigrationPlan } from '../core/migration/migration-plan'
import type { MigrationReport } from '../core/migration/migration-report'
import { planEstimate } from '../core/migration/plan-estimate'
import { describeQuota } from './hub-command'

/** The dry run as text: per repository and tag what happens and why, then totals, quota, time and warnings. */
export function describeMigrationPlan(plan: MigrationPlan, quota: PullQuota, registry: string): string {
  const lines: string[] = []
  for (const repository of plan.repositories) {
    lines.push(
      `${repository.create ? 'create' : 'exists'}  ${registry}/${repository.target}  (from ` +
        `docker.io/${repository.source})`,
    )
    for (const tag of repository.tags) {
      const cost =
        tag.action === 'copy' ? `, ${formatBytes(tag.sizeBytes)}, ${tag.pulls} pull${tag.pulls === 1 ? '' : 's'}` : ''
      lines.push(
        `  ${tag.action.padEnd(11)} ${tag.tag}: ` +
          `${tag.reason}${cost}${tag.lambdaTag ? `; also ${tag.lambdaTag.tag} for Lambda` : ''}`,
      )
    }
  }
  lines.push('', describePlanTotals(plan, quota))
  if (plan.warnings.length > 0) lines.push('', 'Warnings:', ...plan.warnings.map((w) => `  ${w}`))
  return `${lines.join('\n')}\n`
}

/** The plan in three lines: what happens, the pulls against the quota, the bytes and time. */
export function describePlanTotals(plan: MigrationPlan, quota: PullQuota): string {
  const t = plan.totals
  return [
    `Plan: ${t.repositoriesToCreate} repositories to create, ${t.tagsToCopy} tags to copy, ${t.tagsUpToDate} already ` +
      `in ECR, ${t.conflicts} conflicts, ${t.unsupported} unsupported.`,
    `Docker Hub pulls needed: ${t.pulls}; quota: ${describeQuota(quota)}.`,
    `Transfer: up to ${formatBytes(t.bytes)} (layers ECR already holds are not sent); ` +
      `${describeDuration(plan, quota)}.`,
  ].join('\n')
}

function describeDuration(plan: MigrationPlan, quota: PullQuota): string {
  const { seconds, quotaWaitSeconds, assumption } = planEstimate(plan, quota)
  const estimate = `about ${formatDuration(seconds)} at ${assumption}`
  return quotaWaitSeconds > 0
    ? `${estimate}, plus up to ${formatDuration(quotaWaitSeconds)} waiting for the Docker Hub quota window`
    : estimate
}

/** The last lines of a run: outcome counts and where to go next. */
export function describeRunEnd(id: string, state: JobState, report: MigrationReport | undefined): string {
  if (!report) return `Job ${id} ${state}; crossdock resume ${id} goes on from where it stopped.\n`
  const s = report.summary
  const lines = [
    `Job ${id} ${state}: ${s.copied} copied, ${s['already-in-ecr']} already in ECR, ${s.conflict} conflicts, ` +
      `${s.unsupported} unsupported, ${s.failed} failed; ${s.verified} of ${report.entries.length} verified ` +
      `by digest ` +
      `in ECR.`,
  ]
  // An incomplete job's missing tags are the reason it is not finished.
  const listed = (e: MigrationReport['entries'][number]): boolean =>
    e.outcome === 'failed' || e.outcome === 'conflict' || (state === 'incomplete' && e.outcome === 'not-copied')
  for (const entry of report.entries.filter(listed))
    lines.push(`  ${entry.outcome.toUpperCase()} ${entry.source} -> ${entry.destination}: ${entry.reason}`)
  lines.push(
    `Report: crossdock report ${id} [--format ` +
      `md|json|html]${state === 'failed' || state === 'incomplete' ? `; retry with crossdock resume ${id}` : ''}`,
  )
  return `${lines.join('\n')}\n`
}
