import type { ReactNode } from 'react'

/** An on/off setting: a checkbox announced as a switch. */
export function Switch({
  checked,
  onChange,
  testId,
  children,
}: {
  checked: boolean
  onChange(checked: boolean): void
  testId: string
  children: ReactNode
}) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        aria-checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        data-testid={testId}
      />
      {children}
    </label>
  )
}
