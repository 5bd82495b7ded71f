import { formatCount } from '../../../lib/format'

export interface SelectionBarProps {
  selectedTags: number
  selectedRepositories: number
  matchingTags: number
  onSelectAllMatching(): void
  onClear(): void
  onMigrate(): void
}

export function SelectionBar({
  selectedTags,
  selectedRepositories,
  matchingTags,
  onSelectAllMatching,
  onClear,
  onMigrate,
}: SelectionBarProps) {
  return (
    <div className="selection-bar">
      <p role="status" data-testid="compare-selection-count">
        {formatCount(selectedTags)} {selectedTags === 1 ? 'tag' : 'tags'} in {formatCount(selectedRepositories)}{' '}
        {selectedRepositories === 1 ? 'repository' : 'repositories'} selected
      </p>
      <button
        type="button"
        onClick={onSelectAllMatching}
        disabled={matchingTags === 0}
        data-testid="compare-select-all"
      >
        Select all matching ({formatCount(matchingTags)})
      </button>
      <button type="button" onClick={onClear} disabled={selectedTags === 0} data-testid="compare-clear-selection">
        Clear selection
      </button>
      <button
        type="button"
        className="primary"
        onClick={onMigrate}
        disabled={selectedTags === 0}
        data-testid="compare-migrate-selected"
      >
        Migrate selected
      </button>
    </div>
  )
}
