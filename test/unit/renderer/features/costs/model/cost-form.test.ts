import { describe, expect, it } from 'vitest'
import { costAssumptionsSchema, DEFAULT_COST_ASSUMPTIONS } from '../../../../../../src-main/contract'
import {
  DEFAULT_COST_FORM,
  readCostForm,
  typeOver,
} from '../../../../../../src-renderer/features/costs/model/cost-form'

describe('the cost assumptions form', () => {
  it('reads as the contract’s defaults when untouched, and what it reads passes the contract', () => {
    const read = readCostForm(DEFAULT_COST_FORM)
    expect(read).toEqual({ ok: true, assumptions: costAssumptionsSchema.parse(DEFAULT_COST_ASSUMPTIONS) })
  })

  it('turns percentages into shares and typed pulls and prices into numbers', () => {
    const read = readCostForm({
      ...DEFAULT_COST_FORM,
      hubSeats: ' 25 ',
      crossRegionPercent: '12.5',
      internetPercent: '40',
      natGatewayPercent: '100',
      monthlyGrowthPercent: '-5',
      monthlyPulls: { 'acme/web': '1200' },
      overrides: { 'ecr.storagePerGbMonth': '0.08' },
    })
    expect(read.ok && read.assumptions).toMatchObject({
      hubSeats: 25,
      crossRegionShare: 0.125,
      internetShare: 0.4,
      natGatewayShare: 1,
      monthlyGrowthPercent: -5,
      monthlyPulls: { 'acme/web': 1200 },
      overrides: { 'ecr.storagePerGbMonth': 0.08 },
    })
    expect(read.ok && costAssumptionsSchema.safeParse(read.assumptions).success).toBe(true)
  })

  it('names each field it cannot read', () => {
    const read = readCostForm({
      ...DEFAULT_COST_FORM,
      hubSeats: '1.5',
      crossRegionPercent: '60',
      internetPercent: '50',
      monthlyGrowthPercent: '',
      monthlyPulls: { 'acme/web': '-1' },
      overrides: { 'ecr.storagePerGbMonth': 'cheap' },
    })
    expect(read).toEqual({
      ok: false,
      errors: {
        hubSeats: 'A whole number from 1 to 100,000.',
        internetPercent: 'Cross-Region and internet pulls add up to more than 100%.',
        monthlyGrowthPercent: 'A percentage from -100 to 1,000.',
        'monthlyPulls:acme/web': 'A number of pulls, 0 or more.',
        'overrides:ecr.storagePerGbMonth': 'A price, 0 or more.',
      },
    })
  })

  it('types over a figure, and gives it back by removing only its key, leaving the old record as it was', () => {
    const typed = { a: '1', b: '2' }
    expect(typeOver(typed, 'c', '3')).toEqual({ a: '1', b: '2', c: '3' })
    expect(typeOver(typed, 'a', '9')).toEqual({ a: '9', b: '2' })
    expect(typeOver(typed, 'a', undefined)).toEqual({ b: '2' })
    expect(typed).toEqual({ a: '1', b: '2' })
  })
})
