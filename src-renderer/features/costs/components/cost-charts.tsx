import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
  type Plugin,
  type TooltipItem,
} from 'chart.js'
import { useMemo, useRef, type ReactNode } from 'react'
import { Bar, Line } from 'react-chartjs-2'
import type { CostEstimateDto } from '../../../../src-main/contract'
import { useChartPalette, type ChartPalette } from '../../../lib/chart-palette'
import { downloadUrl } from '../../../lib/download'
import { formatMoney } from '../../../lib/format'
import { buildCostBars, buildProjection } from '../model/cost-chart-data'

/** Paints the canvas's CSS background into its pixels, so an exported PNG has the theme's background, not none. */
const canvasBackground: Plugin = {
  id: 'crossdockCanvasBackground',
  beforeDraw(chart) {
    const color = getComputedStyle(chart.canvas).backgroundColor
    if (!color || color === 'transparent' || color === 'rgba(0, 0, 0, 0)') return
    chart.ctx.save()
    chart.ctx.fillStyle = color
    chart.ctx.fillRect(0, 0, chart.width, chart.height)
    chart.ctx.restore()
  },
}

// Only what these two charts draw: tree-shaking leaves the rest of Chart.js out of the bundle.
ChartJS.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
  canvasBackground,
)
ChartJS.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, Ubuntu, Cantarell, sans-serif"

let canvas2d: boolean | undefined
/** A DOM without a 2D canvas (a test DOM, a locked-down browser) gets the tables alone, and no half-made Chart. */
function hasCanvas2d(): boolean {
  if (canvas2d === undefined) {
    try {
      canvas2d = document.createElement('canvas').getContext('2d') !== null
    } catch {
      canvas2d = false
    }
  }
  return canvas2d
}

function moneyTooltip(item: TooltipItem<'bar' | 'line'>): string {
  return `${item.dataset.label ?? ''}: ${formatMoney(item.parsed.y ?? 0)}`
}

function chartOptions(palette: ChartPalette, stacked: boolean) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { position: 'bottom', labels: { color: palette.text, boxWidth: 14 } },
      tooltip: { callbacks: { label: moneyTooltip } },
    },
    scales: {
      x: { stacked, ticks: { color: palette.text }, grid: { color: palette.grid } },
      y: {
        stacked,
        beginAtZero: true,
        ticks: { color: palette.muted, callback: (value: string | number) => formatMoney(Number(value)) },
        grid: { color: palette.grid },
        title: { display: true, text: 'USD a month', color: palette.muted },
      },
    },
  } as const
}

interface ChartFigureProps {
  title: string
  fileName: string
  testId: string
  children: ReactNode
}

/** A chart with its title and a PNG download of its canvas. */
function ChartFigure({ title, fileName, testId, children }: ChartFigureProps) {
  const ref = useRef<HTMLElement>(null)
  const exportPng = (): void => {
    const canvas = ref.current?.querySelector('canvas')
    if (canvas) downloadUrl(fileName, canvas.toDataURL('image/png'))
  }
  return (
    <figure ref={ref} className="card chart-figure" data-testid={testId}>
      <figcaption>
        <span>{title}</span>
        <button
          type="button"
          onClick={exportPng}
          aria-label={`Download ${fileName}`}
          title={fileName}
          data-testid={`${testId}-png`}
        >
          Download PNG
        </button>
      </figcaption>
      <div className="chart-box">
        {hasCanvas2d() ? (
          children
        ) : (
          <canvas role="img" aria-label={`${title}: no canvas here to draw on; the tables below hold every figure.`} />
        )}
      </div>
    </figure>
  )
}

export function CostCharts({ estimate }: { estimate: CostEstimateDto }) {
  const palette = useChartPalette()
  const bars = useMemo(() => buildCostBars(estimate, palette), [estimate, palette])
  const projection = useMemo(() => buildProjection(estimate, palette), [estimate, palette])
  const barOptions = useMemo<ChartOptions<'bar'>>(() => chartOptions(palette, true), [palette])
  const lineOptions = useMemo<ChartOptions<'line'>>(() => chartOptions(palette, false), [palette])
  return (
    <div className="chart-row">
      <ChartFigure title="A month, by what it pays for" fileName="cost-by-component.png" testId="cost-bars">
        <Bar
          data={bars}
          options={barOptions}
          role="img"
          aria-label="Stacked bars: Amazon ECR and Docker Hub, a month, by cost line"
        />
      </ChartFigure>
      <ChartFigure
        title={`The next ${estimate.projection.length} months`}
        fileName="cost-projection.png"
        testId="cost-projection"
      >
        <Line
          data={projection}
          options={lineOptions}
          role="img"
          aria-label="Lines: the monthly cost of Amazon ECR and Docker Hub over the projection"
        />
      </ChartFigure>
    </div>
  )
}
