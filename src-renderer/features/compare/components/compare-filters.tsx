import { formatCount } from '../../../lib/format'
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
      <fieldset className="segmented">
        <legend>Show tags</legend>
        {FILTERS.map((filter) => (
          <label key={filter} className={filter === state ? 'selected' : undefined}>
            <input
              type="radio"
              name="tag-state"
              value={filter}
              checked={filter === state}
              onChange={() => onStateChange(filter)}
              data-testid={`compare-filter-${filter}`}
            />
            {filter === 'all' ? 'All' : TAG_STATE_LABELS[filter]} ({formatCount(counts[filter])})
          </label>
        ))}
      </fieldset>
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
