import { formatBytes, formatDuration } from '../../src-main/contract/format'

// One wording with the CLI's: the renderer's other formatters build on these.
export { formatBytes, formatDuration, formatQuota } from '../../src-main/contract/format'

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`
}

/** A countdown as `m:ss` (or `h:mm:ss`). */
export function formatCountdown(milliseconds: number): string {
  const total = Math.max(0, Math.ceil(milliseconds / 1000))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = String(total % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`
}

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false })
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

export function formatClock(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : clockFormat.format(date)
}

function formatWith(format: Intl.DateTimeFormat, iso: string | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : format.format(date)
}

export function formatDateTime(iso: string | undefined): string {
  return formatWith(dateTimeFormat, iso)
}

/** The day only, for narrow table cells (the time goes in a tooltip). */
export function formatDate(iso: string | undefined): string {
  return formatWith(dateFormat, iso)
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US')
}

/** `sha256:` and the first 12 hex digits: enough to tell digests apart at a glance. */
export function shortDigest(digest: string | undefined): string {
  if (!digest) return '—'
  const [algorithm, hex] = digest.split(':')
  return hex ? `${algorithm}:${hex.slice(0, 12)}` : digest.slice(0, 19)
}

const moneyFormats = new Map<number, Intl.NumberFormat>()

/** US dollars; amounts under a dollar keep up to four decimals, and smaller ones say so, so no cost reads as $0.00. */
export function formatMoney(amount: number): string {
  if (amount !== 0 && Math.abs(amount) < 0.0001) return amount > 0 ? '< $0.0001' : '> -$0.0001'
  const digits = amount !== 0 && Math.abs(amount) < 1 ? 4 : 2
  let format = moneyFormats.get(digits)
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: 'USD',
      minimumFractionDigits: 2,
      maximumFractionDigits: digits,
    })
    moneyFormats.set(digits, format)
  }
  return format.format(amount)
}

/** A quantity as a bill shows it: grouped, at most three decimals. */
export function formatQuantity(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 3 })
}

/** A request rate: `10/s`, or for a rare one `1 every 12 h`. */
export function formatPerSecond(perSecond: number): string {
  if (perSecond > 0 && perSecond < 0.01) return `1 every ${formatDuration(1 / perSecond)}`
  return `${formatQuantity(perSecond)}/s`
}
