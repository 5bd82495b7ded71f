import { describe, expect, it } from 'vitest'
import { repositoryUsage } from '../../../../src-main/core/inventory/repository-usage'

const layer = (n: number, size: number) => ({ digest: `sha256:${String(n).padStart(64, '0')}`, size })

describe('repositoryUsage', () => {
  it('counts each distinct layer of a repository once, however many tags and platforms share it', () => {
    const usage = repositoryUsage(
      {
        repository: 'acme/web',
        pullCount: 3000,
        registeredAt: new Date('2026-05-27T00:00:00Z'),
        tags: [
          {
            name: '1.0',
            sizeBytes: 300,
            platforms: [
              {
                os: 'linux',
                architecture: 'amd64',
                digest: 'sha256:a',
                sizeBytes: 300,
                layers: [layer(1, 100), layer(2, 200)],
              },
            ],
          },
          {
            name: 'latest',
            sizeBytes: 300,
            platforms: [
              {
                os: 'linux',
                architecture: 'amd64',
                digest: 'sha256:a',
                sizeBytes: 300,
                layers: [layer(1, 100), layer(2, 200)],
              },
            ],
          },
          {
            name: '2.0',
            sizeBytes: 900,
            platforms: [
              {
                os: 'linux',
                architecture: 'amd64',
                digest: 'sha256:b',
                sizeBytes: 400,
                layers: [layer(1, 100), layer(3, 300)],
              },
              { os: 'linux', architecture: 'arm64', digest: 'sha256:c', sizeBytes: 500, layers: [layer(4, 500)] },
              { os: 'unknown', architecture: 'unknown', digest: 'sha256:d', sizeBytes: 5, layers: [layer(5, 5)] },
            ],
          },
        ],
      },
      new Date('2026-11-26T00:00:00Z'),
    )
    // Layers 1..5 once each: 100 + 200 + 300 + 500 + 5.
    expect(usage.uniqueLayerBytes).toBe(1105)
    expect(usage.images).toBe(4)
    // A node pulls one platform: the largest is 500, not the index's 900.
    expect(usage.bytesPerPull).toBe(500)
    // 3,000 pulls over six months (183 days).
    expect(usage.historyMonthlyPulls).toBeCloseTo(3000 / (183 / 30.44), 6)
  })

  it('without layers in the listing counts whole images, and without history has none', () => {
    const usage = repositoryUsage({ repository: 'acme/api', tags: [{ name: 'v1', sizeBytes: 70, digest: 'sha256:x' }] })
    expect(usage).toEqual({ repository: 'acme/api', uniqueLayerBytes: 70, images: 1, bytesPerPull: 70 })
  })
})
