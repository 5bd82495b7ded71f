/** A failed call, said plainly; the code helps when reporting it. */
export function ErrorMessage({ error, testId }: { error: unknown; testId?: string }) {
  if (!error) return null
  const message = error instanceof Error ? error.message : String(error)
  const code = typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : undefined
  return (
    <p className="error-message" role="alert" data-testid={testId}>
      {message}
      {code && <span className="error-code"> ({code})</span>}
    </p>
  )
}
