import { describe, expect, it } from 'vitest'
import { ecrApiQuotas } from '../../src-main/cli/ecr-quotas'

describe('dated tables in resources/', () => {
  it('ECR API quotas: a source, a check date, and a quota code and rate for every entry', () => {
    expect(ecrApiQuotas.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
    expect(ecrApiQuotas.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(Number.isNaN(Date.parse(ecrApiQuotas.checked))).toBe(false)
    expect(ecrApiQuotas.entries.length).toBeGreaterThan(0)
    for (const entry of ecrApiQuotas.entries) {
      expect(entry.quotaCode).toMatch(/^L-[0-9A-F]{8}$/)
      expect(entry.tps).toBeGreaterThan(0)
      expect(entry.migration.length).toBeGreaterThan(10)
    }
    expect(ecrApiQuotas.entries.find((entry) => entry.api === 'PutImage')?.tps).toBe(10)
  })
})
