import { describe, expect, it } from 'vitest'
import {
  ecrQuotaView,
  quotaGauge,
  remainingTone,
} from '../../../../../../src-renderer/features/limits/model/quota-gauge'
import { readWhatIfForm, DEFAULT_WHAT_IF_FORM } from '../../../../../../src-renderer/features/limits/model/what-if-form'
import { whatIfSchema } from '../../../../../../src-main/contract'

const ECR = {
  api: 'PutImage',
  perSecond: 10,
  quotaCode: 'L-AD52DFB2',
  usedBy: 'manifests',
  source: 'docs',
  asOf: '2026-11-26',
}

describe('the Docker Hub gauges', () => {
  it('gives every pull back one window after the check, at the latest, only while some are spent', () => {
    const spent = quotaGauge({
      account: 'anonymous',
      quota: { kind: 'limited', limit: 100, remaining: 40, windowSeconds: 21_600 },
      checkedAt: '2026-11-27T10:00:00.000Z',
    })
    expect(spent).toMatchObject({
      title: 'Anonymous (this IP address)',
      anonymous: true,
      allBackBy: '2026-11-27T16:00:00.000Z',
    })
    const full = quotaGauge({
      account: 'work (alice)',
      quota: { kind: 'limited', limit: 200, remaining: 200, windowSeconds: 21_600 },
      checkedAt: '2026-11-27T10:00:00.000Z',
    })
    expect(full.allBackBy).toBeUndefined()
    expect(full.title).toBe('work (alice)')
    expect(
      quotaGauge({ account: 'paid', quota: { kind: 'unlimited' }, checkedAt: '2026-11-27T10:00:00.000Z' }).allBackBy,
    ).toBeUndefined()
  })

  it('turns amber at half and red at a tenth', () => {
    expect(
      [
        [100, 100],
        [51, 100],
        [50, 100],
        [11, 100],
        [10, 100],
        [0, 0],
      ].map(([remaining, limit]) => remainingTone(remaining!, limit!)),
    ).toEqual(['ok', 'ok', 'warn', 'warn', 'bad', 'bad'])
  })
})

describe('the ECR quota verdicts', () => {
  it('compares the migration’s peak with the quota', () => {
    expect(
      [undefined, 5, 8, 10, 12].map(
        (migrationPeak) => ecrQuotaView({ ...ECR, ...(migrationPeak === undefined ? {} : { migrationPeak }) }).verdict,
      ),
    ).toEqual(['not used by a migration', 'fine', 'near the quota', 'near the quota', 'over the quota: throttled'])
  })
})

describe('the what-if form', () => {
  it('reads its defaults as arguments the contract accepts', () => {
    const read = readWhatIfForm(DEFAULT_WHAT_IF_FORM)
    expect(read.ok && whatIfSchema.parse(read.args)).toEqual({
      nodes: 20,
      deploysPerDay: 4,
      imagesPerDeploy: 3,
      platformsPerImage: 1,
      layersPerImage: 8,
      rolloutSeconds: 60,
    })
  })

  it('names the fields out of the contract’s bounds', () => {
    expect(
      readWhatIfForm({
        ...DEFAULT_WHAT_IF_FORM,
        nodes: '1000001',
        deploysPerDay: '0.5',
        layersPerImage: '',
        rolloutSeconds: '0',
      }),
    ).toEqual({
      ok: false,
      errors: {
        nodes: 'A whole number from 1 to 1,000,000.',
        layersPerImage: 'A whole number from 1 to 500.',
        rolloutSeconds: 'Seconds, from 1 to 86,400.',
      },
    })
  })
})
