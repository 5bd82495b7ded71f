/** Returns the cached promise for `key`, starting `work` only the first time: one flight per key. */
export function memo<K, T>(cache: Map<K, Promise<T>>, key: K, work: () => Promise<T>): Promise<T> {
  let pending = cache.get(key)
  if (!pending) {
    pending = work()
    cache.set(key, pending)
  }
  return pending
}
