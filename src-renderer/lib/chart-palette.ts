import { useMemo, useSyncExternalStore } from 'react'

/** Canvas cannot use CSS variables: the theme's colours, resolved to `rgb(…)`, for the charts. */
export interface ChartPalette {
  text: string
  muted: string
  grid: string
  surface: string
  /** Series colours, in order (`--chart-1` …). */
  series: string[]
  ecr: string
  dockerHub: string
}

const SERIES = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6']

/** Resolves each variable through a hidden element's `color`, which applies light-dark() for the theme in use. */
export function readChartPalette(root: HTMLElement = document.body): ChartPalette {
  const probe = document.createElement('span')
  probe.hidden = true
  root.append(probe)
  const read = (name: string, fallback: string): string => {
    probe.style.color = `var(${name}, ${fallback})`
    const color = getComputedStyle(probe).color
    return color && !color.includes('var(') ? color : fallback
  }
  try {
    return {
      text: read('--text', '#1b2330'),
      muted: read('--muted', '#5b6575'),
      grid: read('--border', '#d5dae1'),
      surface: read('--surface', '#ffffff'),
      series: SERIES.map((name) => read(name, '#1f5fbf')),
      ecr: read('--chart-ecr', '#d97706'),
      dockerHub: read('--chart-hub', '#1f5fbf'),
    }
  } finally {
    probe.remove()
  }
}

const DARK_QUERY = '(prefers-color-scheme: dark)'

/** Changes to the chosen theme (`data-theme` on <html>) or to the system's scheme. */
function subscribeToTheme(listener: () => void): () => void {
  const observer = new MutationObserver(listener)
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  const media = typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : undefined
  media?.addEventListener('change', listener)
  return () => {
    observer.disconnect()
    media?.removeEventListener('change', listener)
  }
}

function themeSnapshot(): string {
  const dark = typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches
  return `${document.documentElement.dataset.theme ?? 'system'}:${dark ? 'dark' : 'light'}`
}

/**
 * The palette, read again whenever the theme in use changes (after <html> has it, so colours are never a step behind).
 */
export function useChartPalette(): ChartPalette {
  const theme = useSyncExternalStore(subscribeToTheme, themeSnapshot, () => 'system:light')
  // biome-ignore lint/correctness/useExhaustiveDependencies: `theme` is not read, but the colours depend on it
  return useMemo(() => readChartPalette(), [theme])
}
