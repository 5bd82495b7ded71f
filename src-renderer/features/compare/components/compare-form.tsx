import type { FormEvent, ReactNode } from 'react'

export interface CompareFormValues {
  namespace: string
  prefix: string
  dropNamespace: boolean
}

export interface CompareFormProps {
  values: CompareFormValues
  /** "Docker Hub account x · AWS profile y in eu-west-1", or why the view cannot run yet. */
  connectionText: string
  canRun: boolean
  running: boolean
  onChange(values: Partial<CompareFormValues>): void
  onSubmit(): void
  /** The same namespace and target run other calls (Costs): their button and test ids. */
  submitLabel?: string
  runningLabel?: string
  testIdPrefix?: string
  /** More fields, before the button. */
  children?: ReactNode
}

export function CompareForm({
  values,
  connectionText,
  canRun,
  running,
  onChange,
  onSubmit,
  submitLabel = 'Compare',
  runningLabel = 'Comparing…',
  testIdPrefix = 'compare',
  children,
}: CompareFormProps) {
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    onSubmit()
  }
  return (
    <form className="form-row" onSubmit={submit} aria-label={submitLabel}>
      <label>
        Docker Hub namespace
        <input
          name="namespace"
          value={values.namespace}
          required
          autoComplete="off"
          spellCheck={false}
          placeholder="myorg"
          onChange={(event) => onChange({ namespace: event.target.value })}
          data-testid={`${testIdPrefix}-namespace`}
        />
      </label>
      <label>
        ECR prefix
        <input
          name="prefix"
          value={values.prefix}
          autoComplete="off"
          spellCheck={false}
          placeholder="(none)"
          onChange={(event) => onChange({ prefix: event.target.value })}
          data-testid={`${testIdPrefix}-prefix`}
        />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={values.dropNamespace}
          onChange={(event) => onChange({ dropNamespace: event.target.checked })}
          data-testid={`${testIdPrefix}-drop-namespace`}
        />
        Drop the namespace in ECR names
      </label>
      {children}
      <button
        type="submit"
        className="primary"
        disabled={!canRun || running || values.namespace.trim() === ''}
        data-testid={`${testIdPrefix}-run`}
      >
        {running ? runningLabel : submitLabel}
      </button>
      <p className="hint" data-testid={`${testIdPrefix}-connection`}>
        {connectionText}
      </p>
    </form>
  )
}
