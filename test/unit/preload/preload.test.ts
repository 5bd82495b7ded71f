import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ipcRenderer } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { CALL_NAMES, type CrossdockApi, type JobDto } from '../../../src-main/contract'
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../src-main/contract/call-names'
import '../../../src-main/preload'
import { stub } from '../../stubs/electron'

const api = stub.exposed.get('crossdock') as CrossdockApi

describe('preload: window.crossdock', () => {
  it('exposes exactly the contract: one function per call, plus subscribe, and nothing else', () => {
    expect([...stub.exposed.keys()]).toEqual(['crossdock'])
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, 'subscribe'].sort())
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true)
  })

  it('sends each call as one invoke on the call channel, with its name and arguments', async () => {
    await api['jobs.report']({ jobId: '20261127-101500-ab12' })
    await api['app.info']({})
    expect(stub.invoked).toEqual([
      { channel: IPC_CALL_CHANNEL, args: ['jobs.report', { jobId: '20261127-101500-ab12' }] },
      { channel: IPC_CALL_CHANNEL, args: ['app.info', {}] },
    ])
  })

  it('delivers events without the IPC event object, until unsubscribed', () => {
    const listener = vi.fn()
    const unsubscribe = api.subscribe(listener)
    const job = { id: '20261127-101500-ab12', state: 'running' } as JobDto
    ipcRenderer.emit(IPC_EVENT_CHANNEL, { sender: ipcRenderer }, 'job', job)
    unsubscribe()
    ipcRenderer.emit(IPC_EVENT_CHANNEL, { sender: ipcRenderer }, 'job', job)
    expect(listener.mock.calls).toEqual([['job', job]])
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0)
  })

  it('builds to a sandbox-loadable bundle: CommonJS that requires electron and nothing else (no zod)', () => {
    const bundle = readFileSync(resolve(import.meta.dirname, '../../../out/preload/preload.js'), 'utf8')
    expect([...bundle.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1])).toEqual(['electron'])
    expect(bundle).not.toMatch(/^\s*(import|export)\s/m)
  })
})
