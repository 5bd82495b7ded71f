import type { ChartData } from 'chart.js'
import type { CostEstimateDto, CostLineDto } from '../../../../src-main/contract'
import type { ChartPalette } from '../../../lib/chart-palette'

export const SIDE_LABELS = { ecr: 'Amazon ECR', dockerHub: 'Docker Hub' } as const

export type CostBarData = ChartData<'bar', (number | null)[], string>
export type ProjectionData = ChartData<'line', number[], string>

/**
 * One bar a side, stacked by cost line (ECR: storage, transfer, scanning…; Docker Hub: seats): a dataset per
 * line, with its amount on its own side's bar and nothing on the other. Lines of $0 are left out of the chart.
 */
export function buildCostBars(estimate: CostEstimateDto, palette: ChartPalette): CostBarData {
  const sides: Array<[CostLineDto[], 0 | 1]> = [
    [estimate.ecr.lines, 0],
    [estimate.dockerHub.lines, 1],
  ]
  const lines = sides.flatMap(([sideLines, bar]) =>
    sideLines.filter((line) => line.amount > 0).map((line) => ({ line, bar })),
  )
  return {
    labels: [SIDE_LABELS.ecr, SIDE_LABELS.dockerHub],
    datasets: lines.map(({ line, bar }, index) => {
      const color = palette.series[index % palette.series.length]!
      return {
        label: line.label,
        data: bar === 0 ? [line.amount, null] : [null, line.amount],
        backgroundColor: color,
        borderColor: palette.surface,
        borderWidth: 1,
        stack: 'monthly',
      }
    }),
  }
}

/** The monthly cost of each side over the projection's months. */
export function buildProjection(estimate: CostEstimateDto, palette: ChartPalette): ProjectionData {
  const line = (label: string, color: string, values: number[]) => ({
    label,
    data: values,
    borderColor: color,
    backgroundColor: color,
    pointRadius: 2,
    tension: 0,
  })
  return {
    labels: estimate.projection.map((point) => `Month ${point.month}`),
    datasets: [
      line(
        SIDE_LABELS.ecr,
        palette.ecr,
        estimate.projection.map((point) => point.ecr),
      ),
      line(
        SIDE_LABELS.dockerHub,
        palette.dockerHub,
        estimate.projection.map((point) => point.dockerHub),
      ),
    ],
  }
}
