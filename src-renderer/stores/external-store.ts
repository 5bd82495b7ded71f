import { useSyncExternalStore } from 'react'

/** A value outside React that components read with `useStore`; enough for app state, no library needed. */
export interface Store<T> {
  get(): T
  set(next: T | ((previous: T) => T)): void
  subscribe(listener: () => void): () => void
}

export function createStore<T>(initial: T, onChange?: (value: T) => void): Store<T> {
  let value = initial
  const listeners = new Set<() => void>()
  return {
    get: () => value,
    set(next) {
      const resolved = typeof next === 'function' ? (next as (previous: T) => T)(value) : next
      if (Object.is(resolved, value)) return
      value = resolved
      onChange?.(value)
      for (const listener of [...listeners]) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/**
 * Keeps a store in localStorage under `key`; `parse` turns whatever is there (maybe old or hand-edited) back into a
 * value.
 */
export function createPersistedStore<T>(
  key: string,
  parse: (raw: unknown) => T,
  storage: Storage | undefined = globalThis.localStorage,
): Store<T> {
  let raw: unknown
  try {
    const text = storage?.getItem(key)
    raw = text ? JSON.parse(text) : undefined
  } catch {
    raw = undefined
  }
  return createStore(parse(raw), (value) => {
    try {
      storage?.setItem(key, JSON.stringify(value))
    } catch {
      // Storage full or refused: the value still lives for this session.
    }
  })
}

/** `selector` must return a part of the state (not a new object), or React re-renders forever. */
export function useStore<T, S = T>(store: Store<T>, selector: (state: T) => S = (state) => state as unknown as S): S {
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.get()),
    () => selector(store.get()),
  )
}
