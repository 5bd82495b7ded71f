import { describe, expect, it } from 'vitest'
import { eachLimited } from '../../../../src-main/core/lib/each-limited'

describe('eachLimited', () => {
  it('runs every item, never more than the limit at once, starting them in order', async () => {
    const started: number[] = []
    let running = 0
    let most = 0
    await eachLimited([0, 1, 2, 3, 4, 5, 6], 3, async (item) => {
      started.push(item)
      most = Math.max(most, ++running)
      await new Promise((resolve) => setTimeout(resolve, 5 - (item % 3)))
      running--
    })
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(most).toBe(3)
  })

  it('takes items from a generator only as workers free up, so the walk holds no more than the limit', async () => {
    let made = 0
    let ahead = 0
    function* items(): Generator<number> {
      for (let i = 0; i < 50; i++) {
        made++
        yield i
      }
    }
    let done = 0
    await eachLimited(items(), 4, async () => {
      ahead = Math.max(ahead, made - done)
      await Promise.resolve()
      done++
    })
    expect(made).toBe(50)
    expect(ahead).toBeLessThanOrEqual(4)
  })

  it('rejects with the first failure', async () => {
    await expect(
      eachLimited([1, 2, 3], 2, async (item) => {
        if (item === 2) throw new Error('two failed')
      }),
    ).rejects.toThrow('two failed')
  })
})
