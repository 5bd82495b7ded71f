import type { ReactNode } from 'react'

export interface OverrideInputProps {
  /** What the user typed; `undefined` shows `fallback`, the figure the backend used. */
  typed: string | undefined
  fallback: number
  label: string
  resetLabel: string
  error?: string
  testId?: string
  /** Shown beside the field while nothing is typed (where the figure comes from). */
  marker?: ReactNode
  /** Text typed, or `undefined` to go back to the backend's figure. */
  onChange(text: string | undefined): void
}

/** A number in a table cell that the user may type over, and give back. */
export function OverrideInput({
  typed,
  fallback,
  label,
  resetLabel,
  error,
  testId,
  marker,
  onChange,
}: OverrideInputProps) {
  return (
    <>
      <div className="override-input">
        <input
          type="number"
          min={0}
          step="any"
          value={typed ?? String(fallback)}
          onChange={(event) => onChange(event.target.value)}
          aria-label={label}
          aria-invalid={Boolean(error)}
          data-testid={testId}
        />
        {typed === undefined ? (
          marker
        ) : (
          <button type="button" className="link-button" onClick={() => onChange(undefined)} aria-label={resetLabel}>
            reset
          </button>
        )}
      </div>
      {error && <span className="error-text">{error}</span>}
    </>
  )
}
