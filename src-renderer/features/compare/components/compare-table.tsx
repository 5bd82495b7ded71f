// A virtualised table positions its rows absolutely, which <table> layout does not allow, so ARIA's table roles carry
// the semantics; rows and headers of an ARIA table (not a grid) are not interactive: the controls in them take focus.
// biome-ignore-all lint/a11y/useSemanticElements: an ARIA table, as said above
// biome-ignore-all lint/a11y/useFocusableInteractive: an ARIA table, as said above

import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef, type ChangeEvent } from 'react'
import type { CompareRepositoryDto } from '../../../../src-main/contract'
import { formatBytes, formatCount, formatDate, formatDateTime, shortDigest } from '../../../lib/format'
import type { CompareRow, RepositoryRow, TagRow } from '../model/compare-rows'
import { checkState } from '../model/tag-selection'
import { TagStateBadge } from './tag-state-badge'

export const COMPARE_ROW_HEIGHT = 36

export interface CompareTableProps {
  rows: readonly CompareRow[]
  selection: ReadonlySet<string>
  /** A checkbox changed; `shiftKey` asks for a range from the last one clicked. */
  onToggle(index: number, checked: boolean, shiftKey: boolean): void
}

const COLUMNS = [
  'Select',
  'Docker Hub',
  'Platforms',
  'Size on Docker Hub',
  'Last pushed',
  'State',
  'Amazon ECR',
  'Size in ECR',
  'Last pulled',
]

/** Docker Hub on the left, ECR on the right, one row per repository or tag; only the rows in view are in the DOM. */
export function CompareTable({ rows, selection, onToggle }: CompareTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => COMPARE_ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 12,
  })

  const change = (index: number) => (event: ChangeEvent<HTMLInputElement>) => {
    // React reports a checkbox change from its click event, which carries the Shift key.
    const shiftKey = 'shiftKey' in event.nativeEvent && event.nativeEvent.shiftKey === true
    onToggle(index, event.target.checked, shiftKey)
  }

  return (
    <div
      className="compare-table"
      role="table"
      aria-label="Docker Hub and Amazon ECR side by side"
      aria-rowcount={rows.length + 1}
      data-testid="compare-table"
    >
      <div role="rowgroup" className="compare-head">
        <div role="row" aria-rowindex={1} className="compare-grid">
          {COLUMNS.map((column, index) => (
            <span role="columnheader" key={column}>
              {index === 0 ? <span className="visually-hidden-text">{column}</span> : column}
            </span>
          ))}
        </div>
      </div>
      <div role="rowgroup" ref={scrollRef} className="compare-body" data-testid="compare-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className={`compare-grid compare-row compare-row-${row.kind}`}
                style={{ height: COMPARE_ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                data-testid="compare-row"
                data-kind={row.kind}
                data-repository={row.repository.hub ?? row.repository.ecr}
                data-tag={row.kind === 'tag' ? row.tag.tag : undefined}
                data-state={row.kind === 'tag' ? row.tag.state : undefined}
              >
                {row.kind === 'repository' ? (
                  <RepositoryCells row={row} selection={selection} onChange={change(item.index)} />
                ) : (
                  <TagCells row={row} selected={selection.has(row.key)} onChange={change(item.index)} />
                )}
              </div>
            )
          })}
        </div>
      </div>
      {rows.length === 0 && <p className="empty">No repository or tag matches.</p>}
    </div>
  )
}

function tagsWord(count: number): string {
  return count === 1 ? 'tag' : `${count} tags`
}

function repositoryName(repository: CompareRepositoryDto): string {
  return repository.hub ?? repository.ecr ?? ''
}

function RepositoryCells({
  row,
  selection,
  onChange,
}: {
  row: RepositoryRow
  selection: ReadonlySet<string>
  onChange(event: ChangeEvent<HTMLInputElement>): void
}) {
  const { repository } = row
  const state = checkState(selection, row.tagKeys)
  return (
    <>
      <span role="cell">
        <input
          type="checkbox"
          aria-label={`Select the ${tagsWord(row.matchingTags)} of ${repositoryName(repository)}`}
          checked={state === 'all' && row.tagKeys.length > 0}
          ref={(element) => {
            if (element) element.indeterminate = state === 'some'
          }}
          disabled={row.tagKeys.length === 0}
          onChange={onChange}
        />
      </span>
      <span role="cell" className="repo-name">
        {repository.hub ?? <em className="muted">not on Docker Hub</em>}
        {repository.private && <span className="tag-private"> private</span>}
      </span>
      <span role="cell" className="muted span-3">
        {formatCount(repository.tags.length)} {repository.tags.length === 1 ? 'tag' : 'tags'}
        {row.matchingTags !== repository.tags.length && `, ${formatCount(row.matchingTags)} shown`}
      </span>
      <span role="cell" className="counts">
        {repository.counts['hub-only'] + repository.counts.differs > 0
          ? `${formatCount(repository.counts['hub-only'] + repository.counts.differs)} to copy`
          : 'in sync'}
      </span>
      <span role="cell" className="repo-name span-3">
        {repository.ecr ?? '—'}
        {!repository.ecrExists && <span className="muted"> (not created yet)</span>}
      </span>
    </>
  )
}

/** One side's tag and digest, or a dash where that side does not have it. */
function TagSide({ present, tag, digest }: { present: boolean; tag: string; digest: string | undefined }) {
  return (
    <span role="cell" className="tag-name" title={digest}>
      {present ? (
        <>
          {tag} <code>{shortDigest(digest)}</code>
        </>
      ) : (
        '—'
      )}
    </span>
  )
}

function TagCells({
  row,
  selected,
  onChange,
}: {
  row: TagRow
  selected: boolean
  onChange(event: ChangeEvent<HTMLInputElement>): void
}) {
  const { tag, repository } = row
  const onHub = tag.state !== 'ecr-only'
  const inEcr = tag.state !== 'hub-only'
  return (
    <>
      <span role="cell">
        <input
          type="checkbox"
          aria-label={`Select ${repositoryName(repository)}:${tag.tag}`}
          checked={selected}
          disabled={!row.selectable}
          onChange={onChange}
        />
      </span>
      <TagSide present={onHub} tag={tag.tag} digest={tag.hubDigest} />
      <span role="cell" className="platforms" title={tag.platforms.join(', ')}>
        {tag.platforms.join(', ') || '—'}
      </span>
      <span role="cell">{onHub ? formatBytes(tag.hubSizeBytes) : '—'}</span>
      <span role="cell" title={tag.lastPushed && formatDateTime(tag.lastPushed)}>
        {formatDate(tag.lastPushed)}
      </span>
      <span role="cell">
        <TagStateBadge state={tag.state} />
      </span>
      <TagSide present={inEcr} tag={tag.tag} digest={tag.ecrDigest} />
      <span role="cell">{inEcr ? formatBytes(tag.ecrSizeBytes) : '—'}</span>
      <span role="cell" title={tag.lastPulled && formatDateTime(tag.lastPulled)}>
        {formatDate(tag.lastPulled)}
      </span>
    </>
  )
}
