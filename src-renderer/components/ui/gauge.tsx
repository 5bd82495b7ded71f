import type { ReactNode } from 'react'
import type { BadgeTone } from './badge'

export interface GaugeProps {
  value: number
  max: number
  /** What the number means, for screen readers: "91 of 100 pulls left". */
  valueText: string
  tone: BadgeTone
  /** Under the arc: the figure and its unit. */
  children: ReactNode
}

/** A half-circle meter drawn in SVG with the theme's colours (no canvas: it follows the theme by itself). */
export function Gauge({ value, max, valueText, tone, children }: GaugeProps) {
  const share = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0
  return (
    // Drawn in CSS with its labels inside: <meter> renders differently in each engine and holds no children.
    // biome-ignore lint/a11y/useSemanticElements: as said above
    <div
      className="gauge"
      role="meter"
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={valueText}
    >
      <svg viewBox="0 0 120 66" aria-hidden="true" focusable="false">
        <path className="gauge-track" d="M 10 60 A 50 50 0 0 1 110 60" pathLength={100} />
        {share > 0 && (
          <path
            className={`gauge-value gauge-${tone}`}
            d="M 10 60 A 50 50 0 0 1 110 60"
            pathLength={100}
            strokeDasharray={`${share * 100} 100`}
          />
        )}
      </svg>
      <div className="gauge-text">{children}</div>
    </div>
  )
}
