import { describe, expect, it } from 'vitest'
import {
  estimateCosts,
  GB,
  internetTransferCost,
  type CostAssumptions,
} from '../../../../src-main/core/pricing/cost-model'
import { loadPriceTables, namedFigures } from '../../../../src-main/core/pricing/price-tables'

const tables = loadPriceTables()
const base: CostAssumptions = {
  hubPlan: 'team',
  hubSeats: 5,
  hubBilling: 'annual',
  monthlyPulls: {},
  crossRegionShare: 0,
  internetShare: 0,
  natGatewayShare: 0,
  enhancedScanning: false,
  monthlyGrowthPercent: 0,
  overrides: {},
}
const amount = (lines: { id: string; amount: number }[], id: string) => lines.find((line) => line.id === id)?.amount

describe('estimateCosts (hand-computed against the dated tables)', () => {
  it('storage: 10 GB and 30 GB of distinct layers cost 40 × $0.10; Docker Hub Team is 5 seats × $15', () => {
    const estimate = estimateCosts(
      tables,
      [
        { repository: 'acme/web', uniqueLayerBytes: 10 * GB, images: 4, bytesPerPull: GB / 2, historyMonthlyPulls: 0 },
        { repository: 'acme/api', uniqueLayerBytes: 30 * GB, images: 2, bytesPerPull: GB, historyMonthlyPulls: 0 },
      ],
      base,
      12,
    )
    expect(amount(estimate.ecr.lines, 'ecr.storage')).toBeCloseTo(4.0, 10)
    expect(estimate.ecr.total).toBeCloseTo(4.0, 10)
    expect(estimate.dockerHub.total).toBe(75)
    expect(estimate.monthlyDifference).toBeCloseTo(-71, 10)
    expect(estimate.perRepository.map((r) => [r.repository, r.storage])).toEqual([
      ['acme/web', 1],
      ['acme/api', 3],
    ])
    expect(estimate.migration).toEqual({
      dockerHubPulls: 12,
      storageAddedBytes: 40 * GB,
      monthlyStorageAdded: 4,
      transfer: 0,
    })
    expect(estimate.ecr.lines[0]!.figure).toMatchObject({ id: 'ecr.storagePerGbMonth', value: 0.1, asOf: '2026-11-26' })
  })

  it('transfer by where pulls go: internet tiers after the free GB, other Regions, NAT on same-Region pulls', () => {
    // 1,000 pulls of 1 GB: 10% internet (100 GB), 20% other Regions (200 GB), 70% same Region of which half via NAT
    // (350 GB).
    const estimate = estimateCosts(
      tables,
      [{ repository: 'acme/web', uniqueLayerBytes: 0, images: 1, bytesPerPull: GB }],
      { ...base, monthlyPulls: { 'acme/web': 1000 }, internetShare: 0.1, crossRegionShare: 0.2, natGatewayShare: 0.5 },
      0,
    )
    expect(amount(estimate.ecr.lines, 'ecr.internet')).toBeCloseTo(99 * 0.09, 10)
    expect(amount(estimate.ecr.lines, 'ecr.crossRegion')).toBeCloseTo(200 * 0.02, 10)
    expect(amount(estimate.ecr.lines, 'ecr.nat')).toBeCloseTo(350 * 0.045, 10)
    expect(estimate.perRepository[0]).toMatchObject({ monthlyPulls: 1000, pullsFrom: 'estimate' })
  })

  it('internet tiers: 60 TB is 10 TB at $0.09, 40 TB at $0.085 and 10 TB at $0.07 (the first GB free)', () => {
    const figures = namedFigures(tables)
    const cost = internetTransferCost(60 * 1024 + 1, tables, (id) => figures.get(id)!)
    expect(cost).toBeCloseTo(10 * 1024 * 0.09 + 40 * 1024 * 0.085 + 10 * 1024 * 0.07, 6)
  })

  it('uses the pull history where no estimate is given, and overrides any figure (marked as such)', () => {
    const estimate = estimateCosts(
      tables,
      [{ repository: 'acme/web', uniqueLayerBytes: 100 * GB, images: 1, bytesPerPull: GB, historyMonthlyPulls: 50 }],
      { ...base, internetShare: 1, overrides: { 'ecr.storagePerGbMonth': 0.05 } },
      0,
    )
    expect(amount(estimate.ecr.lines, 'ecr.storage')).toBeCloseTo(5, 10)
    expect(estimate.ecr.lines[0]!.figure).toMatchObject({ value: 0.05, overridden: true })
    expect(estimate.perRepository[0]).toMatchObject({ monthlyPulls: 50, pullsFrom: 'history' })
    expect(amount(estimate.ecr.lines, 'ecr.internet')).toBeCloseTo(49 * 0.09, 10)
  })

  it('enhanced scanning: a rescan per image a month, and the first scans in the migration cost', () => {
    const estimate = estimateCosts(
      tables,
      [{ repository: 'acme/web', uniqueLayerBytes: 0, images: 30, bytesPerPull: 0 }],
      { ...base, enhancedScanning: true },
      0,
    )
    expect(amount(estimate.ecr.lines, 'ecr.rescans')).toBeCloseTo(30 * 0.01, 10)
    expect(estimate.migration.transfer).toBeCloseTo(30 * 0.09, 10)
  })

  it('projects 12 months with growth on ECR, seats staying as chosen; monthly billing and the personal plan', () => {
    const estimate = estimateCosts(
      tables,
      [{ repository: 'acme/web', uniqueLayerBytes: 100 * GB, images: 1, bytesPerPull: 0 }],
      { ...base, monthlyGrowthPercent: 10, hubPlan: 'personal', hubSeats: 1, hubBilling: 'monthly' },
      0,
    )
    expect(estimate.projection).toHaveLength(12)
    expect(estimate.projection[0]).toEqual({ month: 1, ecr: 10, dockerHub: 0 })
    expect(estimate.projection[11]!.ecr).toBeCloseTo(10 * 1.1 ** 11, 10)
    expect(estimate.dockerHub).toMatchObject({ plan: 'Personal', total: 0, pullLimit: { pulls: 200, windowHours: 6 } })
    expect(estimate.notes[0]).toMatch(/counted in each/)
  })

  it("says what the pulls mean against Docker Hub's limits, per window and per hour, and the plan they need", () => {
    const usage = [{ repository: 'acme/web', uniqueLayerBytes: 0, images: 1, bytesPerPull: 0 }]
    // 30,440 pulls a month is 250 per 6 h window (121.76 windows a month).
    const personal = estimateCosts(
      tables,
      usage,
      { ...base, hubPlan: 'personal', hubSeats: 1, monthlyPulls: { 'acme/web': 30_440 } },
      0,
    )
    expect(personal.dockerHub.advice).toBe(
      "At 250 pulls per 6 h (about 42 an hour), Personal's 200 per 6 h is exceeded: pulls would fail with " +
        '429. A paid ' +
        'plan (Pro, Team or Business) has no pull limit.',
    )
    const fine = estimateCosts(
      tables,
      usage,
      { ...base, hubPlan: 'personal', hubSeats: 1, monthlyPulls: { 'acme/web': 12_176 } },
      0,
    )
    expect(fine.dockerHub.advice).toBe(
      "At 100 pulls per 6 h (about 17 an hour), Personal's 200 per 6 h is enough, with 100 to spare.",
    )
    const team = estimateCosts(tables, usage, { ...base, monthlyPulls: { 'acme/web': 30_440 } }, 0)
    expect(team.dockerHub.advice).toMatch(/^At 250 pulls per 6 h \(about 42 an hour\), Team has no pull limit/)
  })
})
