import type { FormEvent } from 'react'

export interface CompareFormValues {
  namespace: string
  prefix: string
  dropNamespace: boolean
}

export interface CompareFormProps {
  values: CompareFormValues
  /** "Docker Hub account x · AWS profile y in eu-west-1", or why Compare cannot run yet. */
  connectionText: string
  canRun: boolean
  running: boolean
  onChange(values: Partial<CompareFormValues>): void
  onSubmit(): void
}

export function CompareForm({ values, connectionText, canRun, running, onChange, onSubmit }: CompareFormProps) {
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    onSubmit()
  }
  return (
    <form className="form-row" onSubmit={submit} aria-label="Compare">
      <label>
        Docker Hub namespace
        <input name="namespace" value={values.namespace} required autoComplete="off" spellCheck={false} placeholder="myorg" onChange={(event) => onChange({ namespace: event.target.value })} data-testid="compare-namespace" />
      </label>
      <label>
        ECR prefix
        <input name="prefix" value={values.prefix} autoComplete="off" spellCheck={false} placeholder="(none)" onChange={(event) => onChange({ prefix: event.target.value })} data-testid="compare-prefix" />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={values.dropNamespace} onChange={(event) => onChange({ dropNamespace: event.target.checked })} data-testid="compare-drop-namespace" />
        Drop the namespace in ECR names
      </label>
      <button type="submit" className="primary" disabled={!canRun || running || values.namespace.trim() === ''} data-testid="compare-run">
        {running ? 'Comparing…' : 'Compare'}
      </button>
      <p className="hint" data-testid="compare-connection">
        {connectionText}
      </p>
    </form>
  )
}
