import { useState } from 'react'
import type { PlanDto, TagActionDto } from '../../../../src-main/contract'
import { Badge, type BadgeTone } from '../../../components/ui/badge'
import { Stat, StatList } from '../../../components/ui/stat'
import { formatBytes, formatCount, formatDuration, formatMoney, formatQuota } from '../../../lib/format'
import { TableHead } from '../../../components/ui/table-head'

const ACTION_TONES: Record<TagActionDto, BadgeTone> = { copy: 'info', skip: 'ok', conflict: 'bad', unsupported: 'warn' }
const ACTION_LABELS: Record<TagActionDto, string> = {
  copy: 'Copy',
  skip: 'Skip',
  conflict: 'Conflict',
  unsupported: 'Unsupported',
}

/** Repositories shown open at first; more than this start folded, and a folded one renders no rows. */
const OPEN_AT_FIRST = 10

export interface PlanViewProps {
  plan: PlanDto
  /** What new repositories get, in words. */
  settingsText: string
}

export function PlanView({ plan, settingsText }: PlanViewProps) {
  const { totals, quota, estimate } = plan
  const [open, setOpen] = useState<ReadonlySet<string>>(
    () => new Set(plan.repositories.slice(0, OPEN_AT_FIRST).map((repository) => repository.source)),
  )
  const quotaShort = quota.kind === 'limited' && totals.pulls > quota.remaining

  const toggle = (source: string, isOpen: boolean): void =>
    setOpen((previous) => {
      const next = new Set(previous)
      if (isOpen) next.add(source)
      else next.delete(source)
      return next
    })

  return (
    <section className="card stack" aria-labelledby="plan-heading" data-testid="migrate-plan-result">
      <h2 id="plan-heading">Plan for {plan.registry}</h2>
      <StatList label="Plan totals">
        <Stat
          label="Repositories to create"
          value={formatCount(totals.repositoriesToCreate)}
          testId="plan-repositories-to-create"
        />
        <Stat label="Tags to copy" value={formatCount(totals.tagsToCopy)} testId="plan-tags-to-copy" />
        <Stat label="Already in ECR" value={formatCount(totals.tagsUpToDate)} testId="plan-tags-up-to-date" />
        <Stat label="Conflicts" value={formatCount(totals.conflicts)} testId="plan-conflicts" />
        <Stat label="Unsupported" value={formatCount(totals.unsupported)} testId="plan-unsupported" />
        <Stat label="Data to copy" value={formatBytes(totals.bytes)} testId="plan-bytes" />
        <Stat
          label="Docker Hub pulls needed"
          value={`${formatCount(totals.pulls)} (${formatQuota(quota)})`}
          testId="plan-pulls"
        />
        <Stat
          label="Estimated time"
          value={
            formatDuration(estimate.seconds) +
            (estimate.quotaWaitSeconds > 0
              ? `, including ${formatDuration(estimate.quotaWaitSeconds)} waiting for the pull quota`
              : '')
          }
          testId="plan-estimate"
        />
        {plan.monthlyCostDelta && (
          <Stat
            label="Adds to the ECR bill"
            value={
              <span title={storagePriceNote(plan.monthlyCostDelta)}>
                {formatMoney(plan.monthlyCostDelta.amount)} a month
              </span>
            }
            testId="plan-monthly-cost"
          />
        )}
      </StatList>
      <p className="hint">{estimate.assumption}</p>
      {quotaShort && (
        <p className="hint warning" data-testid="plan-quota-warning">
          The pulls needed exceed the quota left: the job will pause when the quota runs out and continue when Docker
          Hub allows pulls again.
        </p>
      )}
      {plan.warnings.length > 0 && (
        <ul className="warnings" aria-label="Warnings" data-testid="plan-warnings">
          {plan.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <div className="plan-repositories">
        {plan.repositories.map((repository) => {
          const isOpen = open.has(repository.source)
          return (
            <details
              key={repository.source}
              open={isOpen}
              onToggle={(event) => toggle(repository.source, event.currentTarget.open)}
              data-testid="plan-repository"
              data-repository={repository.source}
            >
              <summary>
                {repository.source} → <code>{repository.target}</code>{' '}
                {repository.create ? <Badge tone="info">create</Badge> : <Badge tone="muted">exists</Badge>}{' '}
                <span className="muted">
                  {formatCount(repository.tags.length)} {repository.tags.length === 1 ? 'tag' : 'tags'}
                </span>
              </summary>
              {repository.create && <p className="hint">Created with {settingsText}.</p>}
              {isOpen && (
                <table className="data-table">
                  <TableHead columns={['Tag', 'Action', 'Reason', 'Size', 'Platforms', 'Pulls']} />
                  <tbody>
                    {repository.tags.map((tag) => (
                      <tr key={tag.tag} data-testid="plan-tag-row" data-tag={tag.tag} data-action={tag.action}>
                        <th scope="row">{tag.tag}</th>
                        <td>
                          <Badge tone={ACTION_TONES[tag.action]}>{ACTION_LABELS[tag.action]}</Badge>
                        </td>
                        <td>
                          {tag.reason}
                          {tag.lambdaTag && <span className="muted"> · Lambda tag {tag.lambdaTag.tag}</span>}
                          {!tag.lambda.compatible && tag.lambda.reason && (
                            <span className="muted"> · Lambda: {tag.lambda.reason}</span>
                          )}
                        </td>
                        <td>{formatBytes(tag.sizeBytes)}</td>
                        <td>{tag.platforms.join(', ') || '—'}</td>
                        <td>{tag.pulls}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </details>
          )
        })}
      </div>
    </section>
  )
}

/** Where the storage cost comes from: the bytes, the price and its dated source. */
function storagePriceNote({ storageBytes, figure }: NonNullable<PlanDto['monthlyCostDelta']>): string {
  return `${formatBytes(storageBytes)} at ${figure.value} ${figure.unit}: ${figure.source} (as of ${figure.asOf})`
}
