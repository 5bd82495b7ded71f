import { useSyncExternalStore } from 'react'

export const VIEWS = ['accounts', 'compare', 'migrate', 'report', 'cutover', 'costs', 'limits'] as const
export type View = (typeof VIEWS)[number]

export interface Route {
  view: View
  /** A job id for the report. */
  param?: string
}

/** Routes live in the hash (`#/report/<job>`): works from file:// in Electron and over HTTP alike. */
export function parseHash(hash: string): Route {
  const [view, param] = hash.replace(/^#\/?/, '').split('/')
  const known = VIEWS.find((candidate) => candidate === view)
  if (!known) return { view: 'accounts' }
  return param ? { view: known, param: decodeURIComponent(param) } : { view: known }
}

export function hrefFor(view: View, param?: string): string {
  return `#/${view}${param ? `/${encodeURIComponent(param)}` : ''}`
}

export function navigate(view: View, param?: string): void {
  window.location.hash = hrefFor(view, param)
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener)
  return () => window.removeEventListener('hashchange', listener)
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(
    subscribe,
    () => window.location.hash,
    () => '',
  )
  return parseHash(hash)
}
