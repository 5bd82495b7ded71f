import { SegmentedChoice } from '../../../components/ui/segmented-choice'
import { TAG_STATE_LABELS, type StateFilter } from '../model/compare-rows'

const FILTERS: StateFilter[] = ['all', 'hub-only', 'differs', 'both', 'ecr-only']

export interface CompareFiltersProps {
  state: StateFilter
  search: string
  counts: Record<StateFilter, number>
  onStateChange(state: StateFilter): void
  onSearchChange(search: string): void
}

export function CompareFilters({ state, search, counts, onStateChange, onSearchChange }: CompareFiltersProps) {
  return (
    <div className="filters">
      <SegmentedChoice
        legend="Show tags"
        name="tag-state"
        options={FILTERS}
        value={state}
        label={(filter) => (filter === 'all' ? 'All' : TAG_STATE_LABELS[filter])}
        counts={counts}
        onChange={onStateChange}
        testIdPrefix="compare-filter"
      />
      <label className="search">
        Search repositories and tags
        <input
          type="search"
          value={search}
          onChange={(event) => onSearchChange(event.target.value)}
          data-testid="compare-search"
        />
      </label>
    </div>
  )
}
