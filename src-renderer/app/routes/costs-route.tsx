import { lazy, Suspense, useMemo } from 'react'
import type { CostEstimateDto, FigureDto } from '../../../src-main/contract'
import { ErrorMessage } from '../../components/ui/error-message'
import { PageHeader } from '../../components/ui/page-header'
import { CompareForm, type CompareFormValues } from '../../features/compare/components/compare-form'
import { useCostEstimate, type CostsRequest } from '../../features/costs/api/use-cost-estimate'
import { CostAssumptionsForm } from '../../features/costs/components/cost-assumptions-form'
import { CostLinesTable } from '../../features/costs/components/cost-lines-table'
import { CostNotes, CostSummary, MigrationCost } from '../../features/costs/components/cost-summary'
import { PriceFiguresTable } from '../../features/costs/components/price-figures-table'
import { RepositoryCostsTable } from '../../features/costs/components/repository-costs-table'
import { SIDE_LABELS } from '../../features/costs/model/cost-chart-data'
import { costLinesCsv, repositoriesCsv } from '../../features/costs/model/cost-csv'
import { readCostForm, typeOver } from '../../features/costs/model/cost-form'
import { downloadText } from '../../lib/download'
import { formatCount } from '../../lib/format'
import { useDebouncedValue } from '../../lib/use-debounced-value'
import { connectionArgs, describeConnection, hasRegion } from '../../stores/connection-store'
import { useStore } from '../../stores/external-store'
import { useAppStores } from '../app-stores'

// Chart.js is most of this view's weight: it loads when the first estimate is shown, not with the app.
const CostCharts = lazy(() =>
  import('../../features/costs/components/cost-charts').then((module) => ({ default: module.CostCharts })),
)

/** Recompute once typing pauses this long. */
const RECOMPUTE_DELAY_MS = 200
const CSV_TYPE = 'text/csv;charset=utf-8'

function exportCsv(estimate: CostEstimateDto, what: 'lines' | 'repositories'): void {
  if (what === 'lines') downloadText('cost-lines.csv', costLinesCsv(estimate), CSV_TYPE)
  else downloadText('cost-repositories.csv', repositoriesCsv(estimate), CSV_TYPE)
}

function figuresSummary(figures: readonly FigureDto[]): string {
  const uncertain = figures.filter((figure) => figure.uncertain).length
  const overridden = figures.filter((figure) => figure.overridden).length
  return [
    `${formatCount(figures.length)} figures, each with its source: type over any of them`,
    uncertain > 0 ? `${formatCount(uncertain)} uncertain` : '',
    overridden > 0 ? `${formatCount(overridden)} yours` : '',
  ]
    .filter(Boolean)
    .join(' · ')
}

export function CostsRoute() {
  const stores = useAppStores()
  const connection = useStore(stores.connection)
  const target = useStore(stores.costsTarget)
  const form = useStore(stores.costForm)
  const compareSelection = useStore(stores.migration)

  const read = useMemo(() => readCostForm(form), [form])
  const assumptions = useDebouncedValue(read.ok ? read.assumptions : undefined, RECOMPUTE_DELAY_MS)
  // What was selected on Compare, when it was for this namespace.
  const picked = useMemo(
    () =>
      compareSelection && compareSelection.compare.namespace === connection.namespace.trim()
        ? compareSelection.selection.map((entry) => entry.repository)
        : undefined,
    [compareSelection, connection.namespace],
  )
  const selection =
    form.onlySelected && picked && target?.args.namespace === compareSelection?.compare.namespace ? picked : undefined
  const request = useMemo<CostsRequest | undefined>(
    () =>
      target && assumptions
        ? { id: target.id, args: { ...target.args, ...(selection ? { selection } : {}), assumptions } }
        : undefined,
    [target, assumptions, selection],
  )
  const estimate = useCostEstimate(request)
  const data = estimate.data
  const errors = read.ok ? {} : read.errors

  const run = (): void =>
    stores.costsTarget.set((previous) => ({ id: (previous?.id ?? 0) + 1, args: connectionArgs(connection) }))
  const values: CompareFormValues = {
    namespace: connection.namespace,
    prefix: connection.prefix,
    dropNamespace: connection.dropNamespace,
  }

  return (
    <>
      <PageHeader title="Costs" />
      <CompareForm
        values={values}
        connectionText={describeConnection(connection)}
        canRun={hasRegion(connection)}
        running={estimate.isFetching && !data}
        onChange={(change) => stores.connection.set((previous) => ({ ...previous, ...change }))}
        onSubmit={run}
        submitLabel="Estimate"
        runningLabel="Estimating…"
        testIdPrefix="costs"
      >
        {picked && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.onlySelected}
              onChange={(event) =>
                stores.costForm.set((previous) => ({ ...previous, onlySelected: event.target.checked }))
              }
              data-testid="costs-only-selected"
            />
            Only the {formatCount(picked.length)} {picked.length === 1 ? 'repository' : 'repositories'} selected on
            Compare
          </label>
        )}
      </CompareForm>
      <CostAssumptionsForm
        form={form}
        errors={errors}
        onChange={(change) => stores.costForm.set((previous) => ({ ...previous, ...change }))}
      />
      {!read.ok && data && (
        <p className="hint warning">
          Fix the marked fields to recompute: the figures below are for the last assumptions that could be read.
        </p>
      )}
      <ErrorMessage error={estimate.error} testId="costs-error" />
      {estimate.isFetching && (
        <p role="status" className="muted" data-testid="costs-status">
          {data ? 'Recomputing…' : 'Reading sizes and pull counts from Docker Hub and ECR…'}
        </p>
      )}
      {data && (
        <>
          <CostSummary estimate={data} />
          <CostNotes notes={data.notes} />
          <Suspense fallback={<p className="muted">Drawing the charts…</p>}>
            <CostCharts estimate={data} />
          </Suspense>
          <section className="card stack" aria-labelledby="cost-lines-heading">
            <div className="section-header">
              <h2 id="cost-lines-heading">Cost lines</h2>
              {/* biome-ignore lint/a11y/useSemanticElements: buttons, not a fieldset of form fields */}
              <div className="button-row" role="group" aria-label="Export">
                <button type="button" onClick={() => exportCsv(data, 'lines')} data-testid="costs-export-lines">
                  Download cost-lines.csv
                </button>
                <button
                  type="button"
                  onClick={() => exportCsv(data, 'repositories')}
                  data-testid="costs-export-repositories"
                >
                  Download cost-repositories.csv
                </button>
              </div>
            </div>
            <CostLinesTable side="ecr" title={`${SIDE_LABELS.ecr}, ${data.region}`} bill={data.ecr} />
            <CostLinesTable side="docker-hub" title={SIDE_LABELS.dockerHub} bill={data.dockerHub} />
          </section>
          <section className="card stack" aria-labelledby="cost-repositories-heading">
            <h2 id="cost-repositories-heading">Repositories</h2>
            <RepositoryCostsTable
              rows={data.perRepository}
              typedPulls={form.monthlyPulls}
              errors={errors}
              onPullsChange={(repository, text) =>
                stores.costForm.set((previous) => ({
                  ...previous,
                  monthlyPulls: typeOver(previous.monthlyPulls, repository, text),
                }))
              }
            />
          </section>
          <MigrationCost migration={data.migration} />
          <details
            className="card stack"
            open={Object.keys(form.overrides).length > 0 || undefined}
            data-testid="cost-figures-section"
          >
            <summary>
              <h2 className="summary-heading">Prices and figures</h2>{' '}
              <span className="muted">{figuresSummary(data.figures)}</span>
            </summary>
            <PriceFiguresTable
              figures={data.figures}
              typed={form.overrides}
              errors={errors}
              onOverride={(id, text) =>
                stores.costForm.set((previous) => ({ ...previous, overrides: typeOver(previous.overrides, id, text) }))
              }
            />
          </details>
        </>
      )}
    </>
  )
}
