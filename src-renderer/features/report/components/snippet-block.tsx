import { useId } from 'react'
import { CopyButton } from '../../../components/ui/copy-button'

export function SnippetBlock({ title, text, testId }: { title: string; text: string; testId: string }) {
  const titleId = useId()
  return (
    <figure className="snippet" aria-labelledby={titleId} data-testid={testId}>
      <figcaption>
        <span id={titleId}>{title}</span>
        <CopyButton text={text} label={`Copy the ${title} snippet`} />
      </figcaption>
      <pre tabIndex={0} aria-label={`${title} snippet`}>
        <code>{text}</code>
      </pre>
    </figure>
  )
}
