import { formatCount } from '../../lib/format'

/** One choice among a few, as a row of radio buttons, each with its label and count. */
export function SegmentedChoice<T extends string>({
  legend,
  name,
  options,
  value,
  label,
  counts,
  onChange,
  testIdPrefix,
  testId,
}: {
  legend: string
  name: string
  options: readonly T[]
  value: T
  label(option: T): string
  counts: Record<T, number>
  onChange(option: T): void
  /** Each option's test id is this prefix, a dash and the option. */
  testIdPrefix: string
  testId?: string
}) {
  return (
    <fieldset className="segmented" data-testid={testId}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option} className={option === value ? 'selected' : undefined}>
          <input
            type="radio"
            name={name}
            value={option}
            checked={option === value}
            onChange={() => onChange(option)}
            data-testid={`${testIdPrefix}-${option}`}
          />
          {label(option)} ({formatCount(counts[option])})
        </label>
      ))}
    </fieldset>
  )
}
