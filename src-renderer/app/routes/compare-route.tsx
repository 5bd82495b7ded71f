import { useDeferredValue, useMemo, useRef } from 'react'
import type { CompareRepositoryDto } from '../../../src-main/contract'
import { ErrorMessage } from '../../components/ui/error-message'
import { PageHeader } from '../../components/ui/page-header'
import { useCompare } from '../../features/compare/api/use-compare'
import { CompareFilters } from '../../features/compare/components/compare-filters'
import { CompareForm, type CompareFormValues } from '../../features/compare/components/compare-form'
import { CompareTable } from '../../features/compare/components/compare-table'
import { SelectionBar } from '../../features/compare/components/selection-bar'
import { buildCompareRows, rowTagKeys, stateCounts } from '../../features/compare/model/compare-rows'
import { countSelection, rangeKeys, setChecked, toMigrationSelection } from '../../features/compare/model/tag-selection'
import { formatCount } from '../../lib/format'
import { connectionArgs, describeConnection, hasRegion } from '../../stores/connection-store'
import { useStore } from '../../stores/external-store'
import { useAppStores } from '../app-stores'
import { navigate } from '../router'

const NO_REPOSITORIES: CompareRepositoryDto[] = []

export function CompareRoute() {
  const stores = useAppStores()
  const connection = useStore(stores.connection)
  const request = useStore(stores.compareRequest)
  const filter = useStore(stores.compareFilter)
  const checked = useStore(stores.compareChecked)
  const compare = useCompare(request)
  const search = useDeferredValue(filter.search)
  const anchorKey = useRef<string | undefined>(undefined)

  const repositories = compare.data?.repositories ?? NO_REPOSITORIES
  const rows = useMemo(
    () => buildCompareRows(repositories, { state: filter.state, search }),
    [repositories, filter.state, search],
  )
  const counts = useMemo(() => stateCounts(repositories), [repositories])
  const picks = useMemo(() => toMigrationSelection(repositories, checked), [repositories, checked])
  const selected = useMemo(() => countSelection(picks, repositories), [picks, repositories])
  const matchingKeys = useMemo(() => rows.flatMap((row) => (row.kind === 'tag' ? rowTagKeys(row) : [])), [rows])

  const run = (): void => {
    const args = connectionArgs(connection)
    const previous = stores.compareRequest.get()
    if (previous && previous.args.namespace !== args.namespace) stores.compareChecked.set(new Set())
    stores.compareRequest.set({ id: (previous?.id ?? 0) + 1, args })
  }

  const toggle = (index: number, isChecked: boolean, shiftKey: boolean): void => {
    const row = rows[index]
    if (!row) return
    const anchor =
      shiftKey && anchorKey.current !== undefined
        ? rows.findIndex((candidate) => candidate.key === anchorKey.current)
        : -1
    const keys = anchor >= 0 ? rangeKeys(rows, anchor, index) : rowTagKeys(row)
    stores.compareChecked.set((previous) => setChecked(previous, keys, isChecked))
    anchorKey.current = row.key
  }

  const migrateSelected = (): void => {
    if (!request || picks.length === 0) return
    stores.migration.set({ compare: request.args, selection: picks })
    navigate('migrate')
  }

  const values: CompareFormValues = {
    namespace: connection.namespace,
    prefix: connection.prefix,
    dropNamespace: connection.dropNamespace,
  }

  return (
    <div className="compare-page">
      <PageHeader title="Compare" />
      <CompareForm
        values={values}
        connectionText={describeConnection(connection)}
        canRun={hasRegion(connection)}
        running={compare.isFetching}
        onChange={(change) => stores.connection.set((previous) => ({ ...previous, ...change }))}
        onSubmit={run}
      />
      <ErrorMessage error={compare.error} testId="compare-error" />
      {compare.isFetching && (
        <p role="status" className="muted">
          Listing Docker Hub and ECR…
        </p>
      )}
      {compare.data && (
        <>
          <p className="muted" data-testid="compare-summary">
            {formatCount(repositories.length)} {repositories.length === 1 ? 'repository' : 'repositories'},{' '}
            {formatCount(counts.all)} tags · {compare.data.namespace} on Docker Hub ↔{' '}
            <code>{compare.data.registry}</code>
          </p>
          <CompareFilters
            state={filter.state}
            search={filter.search}
            counts={counts}
            onStateChange={(state) => stores.compareFilter.set((previous) => ({ ...previous, state }))}
            onSearchChange={(text) => stores.compareFilter.set((previous) => ({ ...previous, search: text }))}
          />
          <SelectionBar
            selectedTags={selected.tags}
            selectedRepositories={selected.repositories}
            matchingTags={matchingKeys.length}
            onSelectAllMatching={() =>
              stores.compareChecked.set((previous) => setChecked(previous, matchingKeys, true))
            }
            onClear={() => stores.compareChecked.set(new Set())}
            onMigrate={migrateSelected}
          />
          <CompareTable rows={rows} selection={checked} onToggle={toggle} />
        </>
      )}
    </div>
  )
}
