import type { ReactNode } from 'react'

/** A labelled figure in a summary row: "Tags to copy 120". */
export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
}

export function StatList({ children, label }: { children: ReactNode; label: string }) {
  return (
    <dl className="stat-list" aria-label={label}>
      {children}
    </dl>
  )
}
