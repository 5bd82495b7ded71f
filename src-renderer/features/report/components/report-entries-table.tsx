import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from '@tanstack/react-table'
import { useState } from 'react'
import type { ReportEntryDto } from '../../../../src-main/contract'
import { formatCount, shortDigest } from '../../../lib/format'

const column = createColumnHelper<ReportEntryDto>()

const OUTCOME_LABELS: Record<ReportEntryDto['outcome'], string> = {
  copied: 'Copied',
  'already-in-ecr': 'Already in ECR',
  conflict: 'Conflict',
  unsupported: 'Unsupported',
  failed: 'Failed',
  'not-copied': 'Not copied',
}

function Digest({ value }: { value: string | undefined }) {
  return value ? <code title={value}>{shortDigest(value)}</code> : <span className="muted">—</span>
}

const columns = [
  column.accessor('source', { header: 'Old reference (Docker Hub)', cell: (info) => <code>{info.getValue()}</code> }),
  column.accessor('destination', { header: 'New reference (ECR)', cell: (info) => <code>{info.getValue()}</code> }),
  column.accessor('outcome', {
    header: 'Outcome',
    cell: (info) => (
      <>
        {OUTCOME_LABELS[info.getValue()]}
        {info.row.original.reason && <span className="muted"> · {info.row.original.reason}</span>}
      </>
    ),
  }),
  column.accessor('sourceDigest', {
    header: 'Docker Hub digest',
    cell: (info) => <Digest value={info.getValue()} />,
    enableSorting: false,
  }),
  column.accessor('destinationDigest', {
    header: 'ECR digest',
    cell: (info) => <Digest value={info.getValue()} />,
    enableSorting: false,
  }),
  column.accessor('verified', {
    header: 'Verified',
    cell: (info) =>
      info.getValue() ? (
        <span role="img" aria-label="verified" className="verified">
          ✓
        </span>
      ) : (
        <span role="img" aria-label="not verified" className="muted">
          —
        </span>
      ),
  }),
]

const PAGE_SIZE = 100

/** Old → new references with both digests; sortable, a page at a time (a report can list tens of thousands). */
export function ReportEntriesTable({ entries }: { entries: readonly ReportEntryDto[] }) {
  const [sorting, setSorting] = useState<SortingState>([])
  const table = useReactTable({
    data: entries as ReportEntryDto[],
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    initialState: { pagination: { pageSize: PAGE_SIZE, pageIndex: 0 } },
  })
  const { pageIndex } = table.getState().pagination
  return (
    <div className="stack">
      <table className="data-table" data-testid="report-table">
        <caption className="visually-hidden-text">Old and new image references</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted()
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    {header.column.getCanSort() ? (
                      <button type="button" className="link-button" onClick={header.column.getToggleSortingHandler()}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                )
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              data-testid="report-row"
              data-outcome={row.original.outcome}
              data-verified={String(row.original.verified)}
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {table.getPageCount() > 1 && (
        <nav className="button-row" aria-label="Report pages">
          <button type="button" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
            Previous
          </button>
          <span>
            Page {pageIndex + 1} of {table.getPageCount()} ({formatCount(entries.length)} references)
          </span>
          <button type="button" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
            Next
          </button>
        </nav>
      )}
    </div>
  )
}
