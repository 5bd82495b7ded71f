import { useId, useState } from 'react'
import type { ReferenceDto } from '../../../../src-main/contract'
import { CopyButton } from '../../../components/ui/copy-button'
import { SegmentedChoice } from '../../../components/ui/segmented-choice'
import { TableHead } from '../../../components/ui/table-head'
import { formatCount } from '../../../lib/format'
import { FILTER_LABELS, REFERENCE_FILTERS, type FileGroup, type ReferenceFilter } from '../model/references'
import { ReferenceStatusBadge } from './reference-status-badge'

export interface ReferenceFiltersProps {
  filter: ReferenceFilter
  counts: Record<ReferenceFilter, number>
  onChange(filter: ReferenceFilter): void
}

export function ReferenceFilters({ filter, counts, onChange }: ReferenceFiltersProps) {
  return (
    <SegmentedChoice
      legend="Show references"
      name="reference-filter"
      options={REFERENCE_FILTERS}
      value={filter}
      label={(option) => FILTER_LABELS[option]}
      counts={counts}
      onChange={onChange}
      testIdPrefix="cutover-filter"
      testId="cutover-filters"
    />
  )
}

/** Files are shown this many at a time: a big monorepo can name images in thousands of files. */
export const FILES_PER_PAGE = 50

export function ReferenceGroups({ groups }: { groups: readonly FileGroup[] }) {
  const [shown, setShown] = useState(FILES_PER_PAGE)
  if (groups.length === 0)
    return (
      <p className="empty" data-testid="cutover-no-references">
        No reference matches this filter.
      </p>
    )
  const rest = groups.length - shown
  return (
    <div className="stack" data-testid="cutover-files">
      {groups.slice(0, shown).map((group) => (
        <FileReferences key={group.key} group={group} />
      ))}
      {rest > 0 && (
        <button type="button" onClick={() => setShown((count) => count + FILES_PER_PAGE)}>
          Show {formatCount(Math.min(rest, FILES_PER_PAGE))} more files (of {formatCount(rest)} left)
        </button>
      )}
    </div>
  )
}

function FileReferences({ group }: { group: FileGroup }) {
  const headingId = useId()
  return (
    <section
      className="card stack reference-file"
      aria-labelledby={headingId}
      data-testid="cutover-file"
      data-file={group.file}
    >
      <div className="section-header">
        <h3 id={headingId} className="file-heading">
          <code>{group.file}</code>
        </h3>
        <span className="hint">
          {formatCount(group.total)} {group.total === 1 ? 'reference' : 'references'},{' '}
          {formatCount(group.stillOnDockerHub)} still on Docker Hub · in <code>{group.root}</code>
        </span>
      </div>
      <table className="data-table reference-table">
        <caption className="visually-hidden-text">Image references in {group.file}</caption>
        {/* Fixed columns: every file's table lines up with the others. */}
        <colgroup>
          <col className="col-where" />
          <col className="col-reference" />
          <col className="col-status" />
          <col className="col-reference" />
          <col />
        </colgroup>
        <TableHead columns={['Line:column', 'As written', 'Status', 'Moves to', 'Fix']} />
        <tbody>
          {group.references.map((reference) => (
            <ReferenceRow key={`${reference.line}:${reference.column}`} reference={reference} />
          ))}
        </tbody>
      </table>
    </section>
  )
}

function ReferenceRow({ reference }: { reference: ReferenceDto }) {
  const where = `${reference.line}:${reference.column}`
  return (
    <tr data-testid="cutover-reference" data-status={reference.status} data-line={reference.line}>
      <th scope="row">
        <span className="visually-hidden-text">Line </span>
        {where}
      </th>
      <td>
        <code className="reference-text" data-testid="cutover-reference-text">
          {reference.text}
        </code>
        <span className="reference-place muted">
          {reference.place}
          {reference.confidence === 'likely' && ' · likely an image (by its key)'}
        </span>
        {reference.reference && reference.reference !== reference.text && (
          <span className="reference-place muted">
            as <code>{reference.reference}</code>
          </span>
        )}
      </td>
      <td>
        <ReferenceStatusBadge status={reference.status} />
        {reference.note && (
          <span className="reference-note" data-testid="cutover-reference-note">
            {reference.note}
          </span>
        )}
      </td>
      <td>
        {reference.target ? (
          <code className="reference-text">{reference.target}</code>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>
        {reference.fix ? (
          <div className="fix-command">
            <code data-testid="cutover-reference-fix">{reference.fix}</code>
            <CopyButton text={reference.fix} label={`Copy the command that migrates ${reference.text}`} />
          </div>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  )
}
