import { useId, type ReactNode } from 'react'

export interface NumberFieldProps {
  label: ReactNode
  value: string
  error?: string
  testId?: string
  min?: number
  max?: number
  step?: number | 'any'
  onChange(text: string): void
}

/** A number typed as text (checked by the view's reader), with its error under it. */
export function NumberField({ label, value, error, testId, min, max, step = 'any', onChange }: NumberFieldProps) {
  const errorId = useId()
  return (
    <div className="field">
      <label>
        {label}
        <input
          type="number"
          inputMode="decimal"
          value={value}
          min={min}
          max={max}
          step={step}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? errorId : undefined}
          data-testid={testId}
        />
      </label>
      {error && (
        <span className="error-text" id={errorId}>
          {error}
        </span>
      )}
    </div>
  )
}
