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
      {/* A scrolling block takes focus, and a name, so the keyboard can reach and scroll it (WCAG 2.1.1). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex lint/a11y/useAriaPropsSupportedByRole: as said above */}
      <pre tabIndex={0} aria-label={`${title} snippet`}>
        <code>{text}</code>
      </pre>
    </figure>
  )
}
