import { useEffect } from 'react'
import { createPersistedStore, useStore, type Store } from '../stores/external-store'

export type ThemeChoice = 'system' | 'light' | 'dark'

export function createThemeStore(storage?: Storage): Store<ThemeChoice> {
  return createPersistedStore<ThemeChoice>(
    'crossdock.theme',
    (raw) => (raw === 'light' || raw === 'dark' ? raw : 'system'),
    storage,
  )
}

/** `data-theme` on <html> overrides prefers-color-scheme; "system" removes it and the media query decides. */
export function useAppliedTheme(theme: Store<ThemeChoice>): ThemeChoice {
  const choice = useStore(theme)
  useEffect(() => {
    const root = document.documentElement
    if (choice === 'system') delete root.dataset.theme
    else root.dataset.theme = choice
  }, [choice])
  return choice
}
