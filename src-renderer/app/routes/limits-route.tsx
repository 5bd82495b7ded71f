import { useMemo } from 'react'
import { ErrorMessage } from '../../components/ui/error-message'
import { PageHeader } from '../../components/ui/page-header'
import { useLimitsOverview } from '../../features/limits/api/use-limits-overview'
import { useWhatIf } from '../../features/limits/api/use-what-if'
import { EcrQuotaTable, HubLimitsTable } from '../../features/limits/components/ecr-quota-table'
import { HubQuotaGauges } from '../../features/limits/components/hub-quota-gauges'
import { WhatIfFormFields, WhatIfResult } from '../../features/limits/components/what-if'
import { readWhatIfForm } from '../../features/limits/model/what-if-form'
import { useDebouncedValue } from '../../lib/use-debounced-value'
import { useNow } from '../../lib/use-now'
import { useStore } from '../../stores/external-store'
import { useAppStores } from '../app-stores'

/** Recompute once typing pauses this long. */
const RECOMPUTE_DELAY_MS = 200

export function LimitsRoute() {
  const stores = useAppStores()
  const overview = useLimitsOverview()
  const form = useStore(stores.whatIfForm)
  const read = useMemo(() => readWhatIfForm(form), [form])
  const args = useDebouncedValue(read.ok ? read.args : undefined, RECOMPUTE_DELAY_MS)
  const whatIf = useWhatIf(args)
  const counting =
    overview.data?.hub.some((hub) => hub.quota.kind === 'limited' && hub.quota.remaining < hub.quota.limit) ?? false
  const now = useNow(1_000, counting)

  return (
    <>
      <PageHeader title="Limits">
        <button
          type="button"
          onClick={() => void overview.refetch()}
          disabled={overview.isFetching}
          data-testid="limits-refresh"
        >
          {overview.isFetching ? 'Checking…' : 'Check again'}
        </button>
      </PageHeader>
      <ErrorMessage error={overview.error} testId="limits-error" />
      <section className="stack" aria-labelledby="hub-quotas-heading">
        <h2 id="hub-quotas-heading">Docker Hub pulls left</h2>
        {overview.isPending && (
          <p role="status" className="muted">
            Asking Docker Hub (a free HEAD each, no pull spent)…
          </p>
        )}
        {overview.data && <HubQuotaGauges quotas={overview.data.hub} now={now} />}
        {overview.data && overview.data.hubLimits.length > 0 && (
          <details className="card">
            <summary>Docker Hub's published limits</summary>
            <HubLimitsTable figures={overview.data.hubLimits} />
          </details>
        )}
      </section>
      {overview.data && (
        <section className="card stack" aria-labelledby="ecr-quotas-heading">
          <h2 id="ecr-quotas-heading">Amazon ECR API quotas</h2>
          <EcrQuotaTable quotas={overview.data.ecr} />
        </section>
      )}
      <section className="card stack" aria-labelledby="whatif-heading" data-testid="whatif">
        <h2 id="whatif-heading">What if a cluster pulls…</h2>
        <WhatIfFormFields
          form={form}
          errors={read.ok ? {} : read.errors}
          onChange={(change) => stores.whatIfForm.set((previous) => ({ ...previous, ...change }))}
        />
        <ErrorMessage error={whatIf.error} testId="whatif-error" />
        {whatIf.data && <WhatIfResult result={whatIf.data} />}
      </section>
    </>
  )
}
