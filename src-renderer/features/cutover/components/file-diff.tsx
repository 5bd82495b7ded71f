import { diffLines } from '../model/rewrite-preview'

/**
 * A unified diff in monospace: added lines are <ins>, removed ones <del> (which assistive technology can name), each
 * with its `+` or `-` kept as text, so the change never rests on colour alone.
 */
export function FileDiff({ diff, file }: { diff: string; file: string }) {
  if (diff === '') return <p className="hint">This file does not change.</p>
  return (
    // A scrolling block takes focus, and a name, so the keyboard can reach and scroll it (WCAG 2.1.1).
    // biome-ignore lint/a11y/noNoninteractiveTabindex lint/a11y/useAriaPropsSupportedByRole: as said above
    <pre className="diff" tabIndex={0} aria-label={`Changes to ${file}`} data-testid="cutover-diff">
      <code>
        {diffLines(diff).map((line, index) => {
          const key = `${index}`
          if (line.kind === 'added')
            return (
              <ins key={key} className="diff-line diff-added" data-testid="cutover-diff-added">
                {line.text}
              </ins>
            )
          if (line.kind === 'removed')
            return (
              <del key={key} className="diff-line diff-removed" data-testid="cutover-diff-removed">
                {line.text}
              </del>
            )
          return (
            <span key={key} className={`diff-line diff-${line.kind}`}>
              {line.text}
            </span>
          )
        })}
      </code>
    </pre>
  )
}
