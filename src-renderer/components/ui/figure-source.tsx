import { Badge } from './badge'

export interface FigureSourceProps {
  source: string
  asOf: string
  uncertain?: boolean
  overridden?: boolean
}

/** Where a price or limit comes from: marks on the line, the source on hover and when opened. */
export function FigureSource({ source, asOf, uncertain, overridden }: FigureSourceProps) {
  return (
    <details className="figure-source" data-testid="figure-source">
      <summary title={`${source} (as of ${asOf})`}>
        Source
        {uncertain && (
          <>
            {' '}
            <UncertainMark />
          </>
        )}
        {overridden && (
          <>
            {' '}
            <Badge tone="info" testId="figure-overridden">
              your figure
            </Badge>
          </>
        )}
      </summary>
      <p>{source}</p>
      <p className="muted">As of {asOf}</p>
    </details>
  )
}

/** Sources disagree on this figure, or it is not confirmed for this service. */
export function UncertainMark() {
  return (
    <span title="Sources disagree on this figure, or it is not confirmed: check it, or type your own.">
      <Badge tone="warn" testId="figure-uncertain">
        uncertain
      </Badge>
    </span>
  )
}
