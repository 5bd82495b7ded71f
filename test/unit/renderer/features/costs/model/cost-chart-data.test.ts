import { describe, expect, it } from 'vitest'
import type { ChartPalette } from '../../../../../../src-renderer/lib/chart-palette'
import { buildCostBars, buildProjection } from '../../../../../../src-renderer/features/costs/model/cost-chart-data'
import { costEstimate } from '../../../support/fixtures'

const PALETTE: ChartPalette = {
  text: 'rgb(1, 1, 1)',
  muted: 'rgb(2, 2, 2)',
  grid: 'rgb(3, 3, 3)',
  surface: 'rgb(4, 4, 4)',
  series: ['rgb(10, 0, 0)', 'rgb(20, 0, 0)', 'rgb(30, 0, 0)'],
  ecr: 'rgb(0, 0, 1)',
  dockerHub: 'rgb(0, 0, 2)',
}

describe('cost chart data', () => {
  it('stacks each side’s cost lines on its own bar, leaves $0 lines out, and colours them from the palette in turn', () => {
    const estimate = costEstimate({
      hubPlan: 'team',
      hubSeats: 2,
      hubBilling: 'annual',
      crossRegionShare: 0,
      internetShare: 0.5,
      natGatewayShare: 0,
      enhancedScanning: true,
      monthlyGrowthPercent: 0,
    })
    const bars = buildCostBars(estimate, PALETTE)

    expect(bars.labels).toEqual(['Amazon ECR', 'Docker Hub'])
    expect(
      bars.datasets.map((dataset) => [dataset.label, dataset.data, dataset.backgroundColor, dataset.stack]),
    ).toEqual([
      ['Storage', [estimate.ecr.lines[0]!.amount, null], 'rgb(10, 0, 0)', 'monthly'],
      ['Transfer to the internet', [350 * 0.09, null], 'rgb(20, 0, 0)', 'monthly'],
      ['Enhanced scanning', [16 * 0.09, null], 'rgb(30, 0, 0)', 'monthly'],
      ['Team seats', [null, 30], 'rgb(10, 0, 0)', 'monthly'],
    ])
    // Each bar adds up to its side's total.
    const barTotal = (bar: 0 | 1) => bars.datasets.reduce((total, dataset) => total + (dataset.data[bar] ?? 0), 0)
    expect(barTotal(0)).toBeCloseTo(estimate.ecr.total, 9)
    expect(barTotal(1)).toBe(estimate.dockerHub.total)
  })

  it('draws the projection as a line a side over the months', () => {
    const estimate = costEstimate({
      hubPlan: 'team',
      hubSeats: 1,
      hubBilling: 'annual',
      crossRegionShare: 0,
      internetShare: 0,
      natGatewayShare: 0,
      enhancedScanning: false,
      monthlyGrowthPercent: 10,
    })
    const projection = buildProjection(estimate, PALETTE)

    expect(projection.labels).toHaveLength(12)
    expect(projection.labels?.slice(0, 2)).toEqual(['Month 1', 'Month 2'])
    expect(projection.datasets.map((dataset) => [dataset.label, dataset.borderColor])).toEqual([
      ['Amazon ECR', 'rgb(0, 0, 1)'],
      ['Docker Hub', 'rgb(0, 0, 2)'],
    ])
    expect(projection.datasets[0]!.data[1]).toBeCloseTo(estimate.ecr.total * 1.1, 9)
    expect(projection.datasets[1]!.data).toEqual(Array(12).fill(15))
  })
})
