import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { IPC_CALL_CHANNEL } from '../../../src-main/contract/call-names'

const userData = mkdtempSync(join(tmpdir(), 'crossdock-entry-'))

/** Starts src-main/index.ts afresh against a fresh Electron stub, as one launch of the app. */
async function launch(options: { singleInstance: boolean }) {
  vi.resetModules()
  const electron = await import('../../stubs/electron')
  electron.stub.singleInstance = options.singleInstance
  electron.app.setPath('userData', userData)
  await import('../../../src-main/index')
  return electron
}

describe('the Electron entry (src-main/index.ts)', () => {
  afterEach(() => {
    vi.resetModules()
    rmSync(userData, { recursive: true, force: true })
  })

  it('wires settings, backend, IPC and the window; the page calls app.info; quit waits for the backend to close', async () => {
    const { stub, app, BrowserWindow } = await launch({ singleInstance: true })
    await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1))
    const [window] = BrowserWindow.getAllWindows()
    const answer = await stub.invoke(IPC_CALL_CHANNEL, { senderFrame: { url: window!.webContents.getURL() } as Electron.WebFrameMain }, 'app.info', {})
    expect(answer).toMatchObject({ ok: true, value: { version: '0.0.0-test', transport: 'ipc', secretStorage: { secure: true } } })
    const firstQuit = { preventDefault: vi.fn() }
    app.emit('before-quit', firstQuit)
    expect(firstQuit.preventDefault).toHaveBeenCalled()
    await vi.waitFor(() => expect(stub.quit).toBe(true))
    expect(BrowserWindow.getAllWindows()).toEqual([])
    expect(stub.exitCode).toBeUndefined()
  })

  it('a second instance quits at once, binding nothing', async () => {
    const { stub, BrowserWindow } = await launch({ singleInstance: false })
    expect(stub.quit).toBe(true)
    expect(stub.handlers.size).toBe(0)
    expect(BrowserWindow.getAllWindows()).toEqual([])
  })
})
