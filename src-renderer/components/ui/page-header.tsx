import { useEffect, useRef, type ReactNode } from 'react'

/** The view's heading; it takes focus when the view opens so keyboard and screen reader users land on it. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true })
  }, [])
  return (
    <header className="page-header">
      <h1 ref={headingRef} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </header>
  )
}
