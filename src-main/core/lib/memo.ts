/** Returns the cached promise for `key`, starting `work` only the first time: one flight per key. */
export function memo<K, T>(cache: Map<K, Promise<T>>, key: K, work: () => Promise<T>): Promise<T> {
  let pending = cache.get(key)
  if (!pending) {
    pending = work()
    cache.set(key, pending)
  }
  return pending
}

/**
 * Like `memo`, but forgets `key` once its work succeeds: callers share one flight, and nothing is kept after it (a
 * failure stays).
 */
export function memoInFlight<K, T>(cache: Map<K, Promise<T>>, key: K, work: () => Promise<T>): Promise<T> {
  const known = cache.get(key)
  if (known) return known
  const pending = work()
  cache.set(key, pending)
  pending.then(
    () => cache.get(key) === pending && cache.delete(key),
    () => undefined,
  )
  return pending
}
