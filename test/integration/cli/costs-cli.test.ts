import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock } from '../../support/cli'
import type { MigrationWorld } from '../../support/migration-world'
import {
  SAMPLE,
  SAMPLE_NAMESPACE,
  SAMPLE_PREFIX,
  SAMPLE_USER,
  startSampleWorld,
} from '../../support/sample-organisation'

let world: MigrationWorld
beforeAll(async () => {
  world = await startSampleWorld()
})
afterAll(() => world?.stop())

const args = () => [
  'costs',
  '--from',
  `docker.io/${SAMPLE_NAMESPACE}`,
  '--to',
  `ecr://${world.ecr.region}/${SAMPLE_PREFIX}`,
]

describe('crossdock costs (emulated Docker Hub and ECR)', () => {
  it('prices the namespace from its real layers, on both sides, with every figure traceable', async () => {
    // Signed in as the sample user, who sees the private repository too.
    const signedIn = {
      ...world.env(),
      CROSSDOCK_HUB_USER: SAMPLE_USER.username,
      CROSSDOCK_HUB_TOKEN: SAMPLE_USER.token,
    }
    const result = await runCrossdock(
      [...args(), '--hub-plan', 'team', '--seats', '3', '--pulls', '1000', '--internet-share', '0.5', '--json'],
      signedIn,
    )
    expect(result.code, result.stderr).toBe(0)
    const estimate = JSON.parse(result.stdout)
    // The sample images: 2 layers of 64 KiB each plus a config per image (the worker has 3 layers).
    const web = estimate.perRepository.find((r: { repository: string }) => r.repository === 'acme/web')
    expect(web.uniqueLayerBytes).toBeGreaterThanOrEqual(2 * 2 * 64 * 1024)
    expect(web.uniqueLayerBytes).toBeLessThan(3 * 2 * 64 * 1024)
    expect(web).toMatchObject({ monthlyPulls: 1000, pullsFrom: 'estimate' })
    expect(estimate.perRepository.map((r: { repository: string }) => r.repository).sort()).toEqual(
      Object.keys(SAMPLE)
        .map((name) => `acme/${name}`)
        .sort(),
    )
    expect(estimate.dockerHub).toMatchObject({ plan: 'Team', seats: 3, total: 45 })
    const storage = estimate.ecr.lines.find((line: { id: string }) => line.id === 'ecr.storage')
    expect(storage.figure).toMatchObject({
      id: 'ecr.storagePerGbMonth',
      value: 0.1,
      asOf: '2026-11-26',
      source: expect.stringContaining('cloudburn'),
    })
    // 1,000 pulls of ~130 kB a month, half to the internet: within the first free GB.
    const internet = estimate.ecr.lines.find((line: { id: string }) => line.id === 'ecr.internet')
    expect(internet.quantity).toBeGreaterThan(0.01)
    expect(internet.amount).toBe(0)
    // Tags already in ECR (web:1.0) cost no pulls to move; the rest one per platform manifest.
    expect(estimate.migration.dockerHubPulls).toBeGreaterThan(0)
    expect(estimate.tables).toEqual({ dockerHub: '2026-11-26', ecr: '2026-11-26' })
  })

  it('prints a readable bill with the dates, the difference and the uncertain figures used', async () => {
    const result = await runCrossdock(
      [
        ...args(),
        '--hub-plan',
        'pro',
        '--internet-share',
        '0.2',
        '--pulls',
        '100',
        '--price',
        'ecr.storagePerGbMonth=0.095',
      ],
      world.env(),
    )
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('prices: Docker Hub as of 2026-11-26, Amazon ECR us-east-1 as of 2026-11-26')
    expect(result.stdout).toMatch(
      /ECR storage \(distinct layers per repository\) +[\d.]+ GB-month +× \$0\.095 \(yours\)/,
    )
    expect(result.stdout).toMatch(/ECR minus Docker Hub: −\$\d+\.\d\d a month/)
    expect(result.stdout).toContain('dockerHub.plans.pro.annualPrice = 9')
    expect(result.stdout).toContain('counted in each of them')
  })

  it('refuses shares that do not add up, and a malformed price override', async () => {
    const shares = await runCrossdock(
      [...args(), '--internet-share', '0.7', '--cross-region-share', '0.5'],
      world.env(),
    )
    expect(shares.code).toBe(2)
    expect(shares.stderr).toContain('add up to more than 1')
    const price = await runCrossdock([...args(), '--price', 'ecr.storage=cheap'], world.env())
    expect(price.code).toBe(2)
    expect(price.stderr).toContain('--price takes FIGURE=VALUE')
  })
})
