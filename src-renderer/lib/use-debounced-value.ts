import { useEffect, useState } from 'react'

/**
 * `value` once it has stayed the same for `delayMs`; `undefined` (input that does not parse) never replaces
 * the last good value, so a half-typed field leaves the last answer on screen.
 */
export function useDebouncedValue<T>(value: T | undefined, delayMs: number): T | undefined {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    if (value === undefined) return
    const timer = setTimeout(() => setSettled(value), delayMs)
    return () => clearTimeout(timer)
  }, [value, delayMs])
  return settled
}
