import type { CostEstimateDto } from '../../../../src-main/contract'
import { Stat, StatList } from '../../../components/ui/stat'
import { formatBytes, formatCount, formatMoney } from '../../../lib/format'
import { HUB_PLAN_LABELS, type HubPlan } from '../model/cost-form'

function planLabel(plan: string): string {
  return HUB_PLAN_LABELS[plan as HubPlan] ?? plan
}

/** Each side's monthly total and the difference, with the dates of the price tables they come from. */
export function CostSummary({ estimate }: { estimate: CostEstimateDto }) {
  const { dockerHub, monthlyDifference } = estimate
  const cheaper = monthlyDifference < 0 ? 'ECR costs less' : monthlyDifference > 0 ? 'ECR costs more' : 'the same'
  return (
    <section className="card stack" aria-labelledby="cost-summary-heading" data-testid="cost-summary">
      <h2 id="cost-summary-heading">A month, in {estimate.currency}</h2>
      <StatList label="Monthly cost">
        <Stat
          label={`Amazon ECR (${estimate.region})`}
          value={formatMoney(estimate.ecr.total)}
          testId="cost-ecr-total"
        />
        <Stat
          label={
            `Docker Hub ${planLabel(dockerHub.plan)}, ${formatCount(dockerHub.seats)} ` +
            `${dockerHub.seats === 1 ? 'seat' : 'seats'}, billed ${dockerHub.billing}`
          }
          value={formatMoney(dockerHub.total)}
          testId="cost-hub-total"
        />
        <Stat
          label={`Difference (${cheaper})`}
          value={`${monthlyDifference > 0 ? '+' : ''}${formatMoney(monthlyDifference)}`}
          testId="cost-difference"
        />
      </StatList>
      <p className="hint" data-testid="cost-tables">
        Prices from the tables of {estimate.tables.ecr} (Amazon ECR) and {estimate.tables.dockerHub} (Docker Hub).
      </p>
      {dockerHub.pullLimit && (
        <p className="hint" data-testid="cost-pull-limit">
          This Docker Hub plan allows {formatCount(dockerHub.pullLimit.pulls)} pulls per{' '}
          {dockerHub.pullLimit.windowHours} h.
        </p>
      )}
      <p className="hint" data-testid="cost-hub-advice">
        {dockerHub.advice}
      </p>
    </section>
  )
}

/** What the migration itself costs: it spends Docker Hub pulls, adds ECR storage, and moves data. */
export function MigrationCost({ migration }: { migration: CostEstimateDto['migration'] }) {
  return (
    <section className="card stack" aria-labelledby="migration-cost-heading" data-testid="cost-migration">
      <h2 id="migration-cost-heading">The migration itself</h2>
      <StatList label="Migration cost">
        <Stat
          label="Docker Hub pulls it spends"
          value={formatCount(migration.dockerHubPulls)}
          testId="cost-migration-pulls"
        />
        <Stat
          label="ECR storage it adds"
          value={formatBytes(migration.storageAddedBytes)}
          testId="cost-migration-storage"
        />
        <Stat
          label="That storage, a month"
          value={formatMoney(migration.monthlyStorageAdded)}
          testId="cost-migration-monthly"
        />
        <Stat
          label="Transfer and first scans, once"
          value={formatMoney(migration.transfer)}
          testId="cost-migration-transfer"
        />
      </StatList>
    </section>
  )
}

export function CostNotes({ notes }: { notes: readonly string[] }) {
  if (notes.length === 0) return null
  return (
    <section className="card stack" aria-labelledby="cost-notes-heading">
      <h2 id="cost-notes-heading">What the estimate assumes</h2>
      <ul className="inline-list" data-testid="cost-notes">
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </section>
  )
}
