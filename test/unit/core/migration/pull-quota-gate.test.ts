import { describe, expect, it } from 'vitest'
import type { PullQuota } from '../../../../src-main/core/dockerhub/pull-quota'
import { CrossdockError } from '../../../../src-main/core/lib/errors'
import { PullQuotaGate, type QuotaWait } from '../../../../src-main/core/migration/pull-quota-gate'

const limited = (remaining: number): PullQuota => ({ kind: 'limited', limit: 10, remaining, windowSeconds: 60 })

function gateWith(answers: PullQuota[]) {
  const waits: Array<QuotaWait | undefined> = []
  let probes = 0
  const gate = new PullQuotaGate({
    probe: async () => answers[Math.min(probes++, answers.length - 1)]!,
    pollMs: 5,
    onWait: (wait) => waits.push(wait),
    now: () => 1_000_000,
  })
  return { gate, waits, probes: () => probes }
}

describe('PullQuotaGate', () => {
  it('lets GETs through while the quota lasts and holds the rest until a probe shows more', async () => {
    const { gate, waits, probes } = gateWith([limited(0), limited(10)])
    gate.observe('hub', limited(2))
    let remaining = 2
    // Each GET spends a pull, and its answer reports what is left, as Docker Hub's headers do.
    const get = (name: string) =>
      gate.run('hub', async () => {
        await new Promise((resolve) => setTimeout(resolve, 1))
        gate.observe('hub', limited(--remaining))
        return name
      })
    expect(await Promise.all([get('a'), get('b'), get('c')])).toEqual(['a', 'b', 'c'])
    expect(probes()).toBe(2)
    expect(waits[0]).toMatchObject({ host: 'hub', limit: 10, remaining: 0, until: new Date(1_000_000 + 60_000) })
    expect(waits.at(-1)).toBeUndefined()
  })

  it('treats a pull-quota 429 as a pause and sends that GET again', async () => {
    const { gate, waits } = gateWith([limited(3)])
    gate.observe('hub', limited(5))
    let attempts = 0
    const result = await gate.run('hub', async () => {
      if (attempts++ === 0) throw new CrossdockError('PULL_QUOTA', 'spent')
      return 'manifest'
    })
    expect(result).toBe('manifest')
    expect(attempts).toBe(2)
    expect(waits.filter(Boolean)).toHaveLength(1)
  })

  it('never waits for a registry that reports no quota, and passes other errors through', async () => {
    const { gate, waits } = gateWith([])
    gate.observe('other', { kind: 'unlimited' })
    expect(await gate.run('other', async () => 42)).toBe(42)
    await expect(
      gate.run('other', async () => Promise.reject(new CrossdockError('NETWORK', 'down'))),
    ).rejects.toMatchObject({ code: 'NETWORK' })
    expect(waits).toEqual([])
  })
})
