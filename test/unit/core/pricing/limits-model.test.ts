import { describe, expect, it } from 'vitest'
import { ecrQuotaRows, whatIf } from '../../../../src-main/core/pricing/limits-model'
import { loadPriceTables } from '../../../../src-main/core/pricing/price-tables'

const tables = loadPriceTables()

describe('whatIf', () => {
  it('a 500-node EKS rollout of 3 images: Docker Hub limits blown, ECR quotas fine over a minute', () => {
    const result = whatIf(tables, {
      nodes: 500,
      deploysPerDay: 24,
      imagesPerDeploy: 3,
      platformsPerImage: 1,
      layersPerImage: 8,
      rolloutSeconds: 60,
    })
    // 500 × 24 × 3 pulls a day = 36,000, a quarter of them in any 6 h.
    expect(result.pullsPer6h).toBe(9000)
    expect(result.dockerHub.map((d) => [d.identity, d.verdict])).toEqual([
      ['Anonymous', 'over'],
      ['Docker Personal', 'over'],
      ['Docker Pro, Team or Business', 'fine'],
    ])
    expect(result.dockerHub[0]!.message).toBe(
      'Anonymous: 9000 of 100 pulls per 6 h for the whole cluster if it leaves through one address: over by 8900, so ' +
        'pulls fail with 429 until the window moves.',
    )
    expect(result.ecr).toEqual([
      expect.objectContaining({ api: 'BatchGetImage', peakPerSecond: 25, quota: 2000, verdict: 'fine' }),
      expect.objectContaining({ api: 'GetDownloadUrlForLayer', peakPerSecond: 200, quota: 3000, verdict: 'fine' }),
    ])
  })

  it('a 5,000-node rollout in 5 s throttles layer downloads', () => {
    const result = whatIf(tables, {
      nodes: 5000,
      deploysPerDay: 1,
      imagesPerDeploy: 1,
      platformsPerImage: 1,
      layersPerImage: 10,
      rolloutSeconds: 5,
    })
    expect(result.ecr[1]).toMatchObject({ api: 'GetDownloadUrlForLayer', peakPerSecond: 10_000, verdict: 'throttled' })
    expect(result.ecr[0]).toMatchObject({ peakPerSecond: 1000, verdict: 'fine' })
  })
})

describe('ecrQuotaRows', () => {
  it("puts a migration's peak rate beside each quota it touches, under the quota", () => {
    const rows = ecrQuotaRows(tables, 8)
    expect(rows.find((row) => row.api === 'PutImage')).toMatchObject({ perSecond: 10, migrationPeak: 10 })
    expect(rows.find((row) => row.api === 'InitiateLayerUpload')).toMatchObject({ perSecond: 100, migrationPeak: 80 })
    for (const row of rows)
      if (row.migrationPeak !== undefined) expect(row.migrationPeak).toBeLessThanOrEqual(row.perSecond)
    expect(rows.find((row) => row.api === 'BatchGetImage')?.migrationPeak).toBeUndefined()
  })
})
