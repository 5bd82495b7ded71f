import { formatCount } from '../../../lib/format'

export interface SelectionSummaryProps {
  namespace: string
  target: string
  repositories: ReadonlyArray<{ repository: string; tags?: readonly string[] }>
}

const LISTED = 12

export function SelectionSummary({ namespace, target, repositories }: SelectionSummaryProps) {
  const wholeRepositories = repositories.filter((pick) => !pick.tags).length
  const chosenTags = repositories.reduce((sum, pick) => sum + (pick.tags?.length ?? 0), 0)
  return (
    <section className="card" aria-labelledby="selection-heading" data-testid="migrate-selection">
      <h2 id="selection-heading">Selection</h2>
      <p>
        From Docker Hub <strong>{namespace}</strong> to <strong>{target}</strong>:{' '}
        {`${formatCount(repositories.length)} ${repositories.length === 1 ? 'repository' : 'repositories'}`}
        {wholeRepositories > 0 && `, ${formatCount(wholeRepositories)} with all tags`}
        {chosenTags > 0 && `, ${formatCount(chosenTags)} chosen ${chosenTags === 1 ? 'tag' : 'tags'}`}.
      </p>
      <ul className="inline-list">
        {repositories.slice(0, LISTED).map((pick) => (
          <li key={pick.repository}>
            {pick.repository} <span className="muted">{pick.tags ? pick.tags.join(', ') : 'all tags'}</span>
          </li>
        ))}
        {repositories.length > LISTED && (
          <li className="muted">and {formatCount(repositories.length - LISTED)} more</li>
        )}
      </ul>
    </section>
  )
}
