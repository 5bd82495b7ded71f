// biome-ignore-all lint/correctness/noComponentHookFactories: made once per context, at module level

import { createContext, useContext, type ReactNode } from 'react'

/** A context that must be provided: its hook throws, naming the provider, instead of handing out undefined. */
export function createRequiredContext<T>(hookName: string, providerName: string) {
  const Context = createContext<T | undefined>(undefined)
  function Provider({ value, children }: { value: T; children: ReactNode }) {
    return <Context.Provider value={value}>{children}</Context.Provider>
  }
  function useRequired(): T {
    const value = useContext(Context)
    if (value === undefined) throw new Error(`${hookName} needs a ${providerName} above it.`)
    return value
  }
  return { Provider, useRequired }
}
