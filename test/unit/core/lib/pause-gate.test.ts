import { describe, expect, it } from 'vitest'
import { PauseGate } from '../../../../src-main/core/lib/pause-gate'

describe('PauseGate', () => {
  it('lets work through at once when not paused, and holds it until resume when paused', async () => {
    const gate = new PauseGate()
    await gate.wait()
    gate.pause()
    expect(gate.paused).toBe(true)
    let through = false
    const waiting = gate.wait().then(() => (through = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(through).toBe(false)
    gate.resume()
    await waiting
    expect(through).toBe(true)
    expect(gate.paused).toBe(false)
  })

  it('gives up waiting when the signal aborts, with its reason', async () => {
    const gate = new PauseGate()
    gate.pause()
    const controller = new AbortController()
    const waiting = gate.wait(controller.signal)
    controller.abort(new Error('cancelled by the user'))
    await expect(waiting).rejects.toThrow('cancelled by the user')
    await expect(gate.wait(controller.signal)).rejects.toThrow('cancelled by the user')
  })

  it('tells listeners about each change once', () => {
    const gate = new PauseGate()
    const seen: boolean[] = []
    const stop = gate.onChange((paused) => seen.push(paused))
    gate.pause()
    gate.pause()
    gate.resume()
    gate.resume()
    stop()
    gate.pause()
    expect(seen).toEqual([true, false])
  })
})
