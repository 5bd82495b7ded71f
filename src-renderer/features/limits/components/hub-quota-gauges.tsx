import type { HubQuotaDto } from '../../../../src-main/contract'
import { Gauge } from '../../../components/ui/gauge'
import { formatClock, formatCount, formatCountdown, formatDuration } from '../../../lib/format'
import { quotaGauge, remainingTone, type QuotaGaugeView } from '../model/quota-gauge'

export interface HubQuotaGaugesProps {
  quotas: readonly HubQuotaDto[]
  /** The current time, for the countdowns. */
  now: number
}

/** Each Docker Hub identity's pulls left, anonymous included. */
export function HubQuotaGauges({ quotas, now }: HubQuotaGaugesProps) {
  return (
    <div className="gauge-grid">
      {quotas.map((quota) => (
        <HubQuotaGauge key={quota.account} view={quotaGauge(quota)} now={now} />
      ))}
    </div>
  )
}

function ResetLine({ allBackBy, now }: { allBackBy: string | undefined; now: number }) {
  if (!allBackBy) return <p className="hint">Every pull is available.</p>
  const left = Date.parse(allBackBy) - now
  return (
    <p className="gauge-reset" data-testid="hub-gauge-reset">
      All back by <time dateTime={allBackBy}>{formatClock(allBackBy)}</time> at the latest
      {left > 0 ? (
        <>
          {' '}
          (in <span data-testid="hub-gauge-countdown">{formatCountdown(left)}</span>)
        </>
      ) : (
        ': check again'
      )}
    </p>
  )
}

function HubQuotaGauge({ view, now }: { view: QuotaGaugeView; now: number }) {
  const { quota, checkedAt } = view.hub
  return (
    <article
      className="card gauge-card"
      data-testid="hub-gauge"
      data-account={view.account}
      aria-label={`Docker Hub pulls, ${view.title}`}
    >
      <h3>{view.title}</h3>
      {quota.kind === 'unlimited' ? (
        <p className="gauge-unlimited" data-testid="hub-gauge-remaining">
          Unlimited pulls (no rate-limit headers: a paid plan, or an exempt image or address)
        </p>
      ) : (
        <>
          <Gauge
            value={quota.remaining}
            max={quota.limit}
            valueText={`${quota.remaining} of ${quota.limit} pulls left`}
            tone={remainingTone(quota.remaining, quota.limit)}
          >
            <strong className="gauge-figure" data-testid="hub-gauge-remaining">
              {formatCount(quota.remaining)}
            </strong>
            <span>of {formatCount(quota.limit)} pulls left</span>
          </Gauge>
          <ResetLine allBackBy={view.allBackBy} now={now} />
          <p className="hint">
            A rolling {formatDuration(quota.windowSeconds)} window: each pull comes back{' '}
            {formatDuration(quota.windowSeconds)} after it was made
            {quota.source ? `; counted against ${quota.source}` : ''}.
          </p>
        </>
      )}
      <p className="hint">Checked at {formatClock(checkedAt)}</p>
    </article>
  )
}
