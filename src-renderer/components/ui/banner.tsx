import type { ReactNode } from 'react'

export function Banner({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="banner" role="note" data-testid={testId}>
      {children}
    </div>
  )
}
