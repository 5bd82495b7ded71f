import { describe, expect, it } from 'vitest'
import { loadPriceTables, namedFigures } from '../../src-main/core/pricing/price-tables'

describe('dated tables in resources/pricing', () => {
  const tables = loadPriceTables()
  const figures = [...namedFigures(tables).values()]

  it('every figure has a value, a unit, a source and the date it was read', () => {
    expect(figures.length).toBeGreaterThan(30)
    for (const figure of figures) {
      expect(figure.source.length, figure.id).toBeGreaterThan(10)
      expect(Number.isNaN(Date.parse(figure.asOf)), figure.id).toBe(false)
      expect(figure.unit.length, figure.id).toBeGreaterThan(0)
      expect(figure.value, figure.id).toBeGreaterThanOrEqual(0)
    }
  })

  it('flags what the sources leave uncertain, and holds the numbers the facts give', () => {
    const byId = new Map(figures.map((figure) => [figure.id, figure]))
    expect(byId.get('ecr.storagePerGbMonth')).toMatchObject({ value: 0.1, unit: 'USD/GB-month' })
    expect(byId.get('ecr.storagePerGbMonth')?.uncertain).toBeUndefined()
    expect(byId.get('ecr.crossRegionPerGb')?.uncertain).toBe(true)
    expect(byId.get('dockerHub.plans.team.annualPrice')?.value).toBe(15)
    expect(byId.get('dockerHub.plans.pro.annualPrice')?.uncertain).toBe(true)
    expect(byId.get('dockerHub.anonymousPullLimit')?.value).toBe(100)
    const putImage = tables.quotas.entries.find((entry) => entry.api === 'PutImage')
    expect(putImage).toMatchObject({ quotaCode: 'L-AD52DFB2', perSecond: { value: 10 } })
    expect(putImage?.perSecond.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
  })

  it('refuses a table whose figure lost its source, naming the file and the field', () => {
    const broken = structuredClone(tables.ecr) as unknown as Record<string, Record<string, unknown>>
    delete broken.storagePerGbMonth!.source
    expect(() => loadPriceTables({ dockerHub: tables.dockerHub, ecr: broken, quotas: tables.quotas })).toThrow(
      'resources/pricing/amazon-ecr.json: storagePerGbMonth.source',
    )
  })
})
