import type { QuotaDto } from './index'

/**
 * Sizes, durations and pull quotas in words, the same in the CLI and the UI. Zod-free, so neither loads zod
 * for them.
 */

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB']

/** Decimal units, as registries and cloud bills count bytes, to a tenth: `999 B`, `1.5 kB`, `12.3 GB`; `—` for none. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—'
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000
    unit += 1
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${BYTE_UNITS[unit]}`
}

/** The two largest units: `6 h`, `1 h 5 min`, `4 min 3 s`, `12 s`; what takes any time takes at least `1 s`. */
export function formatDuration(totalSeconds: number): string {
  const seconds = totalSeconds > 0 ? Math.max(1, Math.round(totalSeconds)) : 0
  const parts: Array<[number, string]> = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor((seconds % 86_400) / 3_600), 'h'],
    [Math.floor((seconds % 3_600) / 60), 'min'],
    [seconds % 60, 's'],
  ]
  const first = parts.findIndex(([amount]) => amount > 0)
  if (first === -1) return '0 s'
  return parts
    .slice(first, first + 2)
    .filter(([amount]) => amount > 0)
    .map(([amount, unit]) => `${amount} ${unit}`)
    .join(' ')
}

/** Docker Hub's pull quota as its registry reports it; no parentheses, so it reads well inside some. */
export function formatQuota(quota: QuotaDto): string {
  if (quota.kind === 'unlimited')
    return 'unlimited pulls: no rate limit reported, as for a paid plan or an exempt image or IP'
  const source = quota.source ? `, counted against ${quota.source}` : ''
  return (
    `${quota.remaining} of ${quota.limit} pulls left in a rolling ${formatDuration(quota.windowSeconds)} ` +
    `window${source}`
  )
}
