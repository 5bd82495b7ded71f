import type { EcrQuotaDto, HubQuotaDto } from '../../../../src-main/contract'
import type { BadgeTone } from '../../../components/ui/badge'

export interface QuotaGaugeView {
  account: string
  title: string
  anonymous: boolean
  hub: HubQuotaDto
  /**
   * While some pulls are spent: when every one is certainly back. The window rolls (each pull returns a window
   * after it was made), so this is the check's time plus one window, at the latest.
   */
  allBackBy?: string
}

export function quotaGauge(hub: HubQuotaDto): QuotaGaugeView {
  const anonymous = hub.account === 'anonymous' || hub.account === ''
  const { quota } = hub
  const checked = Date.parse(hub.checkedAt)
  const allBackBy =
    quota.kind === 'limited' && quota.remaining < quota.limit && Number.isFinite(checked)
      ? new Date(checked + quota.windowSeconds * 1000).toISOString()
      : undefined
  return {
    account: hub.account,
    title: anonymous ? 'Anonymous (this IP address)' : hub.account,
    anonymous,
    hub,
    ...(allBackBy ? { allBackBy } : {}),
  }
}

/** Green while more than half is left, amber down to a tenth, red below. */
export function remainingTone(remaining: number, limit: number): BadgeTone {
  const share = limit > 0 ? remaining / limit : 0
  return share > 0.5 ? 'ok' : share > 0.1 ? 'warn' : 'bad'
}

export interface EcrQuotaView {
  /** The migration's peak as a share of the quota, when a migration uses the API. */
  share?: number
  tone: BadgeTone
  verdict: string
}

/** How close a migration's peak rate comes to an ECR API quota. */
export function ecrQuotaView(quota: EcrQuotaDto): EcrQuotaView {
  if (quota.migrationPeak === undefined) return { tone: 'muted', verdict: 'not used by a migration' }
  const share = quota.perSecond > 0 ? quota.migrationPeak / quota.perSecond : Infinity
  if (share > 1) return { share, tone: 'bad', verdict: 'over the quota: throttled' }
  if (share >= 0.8) return { share, tone: 'warn', verdict: 'near the quota' }
  return { share, tone: 'ok', verdict: 'fine' }
}
