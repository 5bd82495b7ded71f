import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { IPC_CALL_CHANNEL } from '../../../src-main/contract/call-names'

const userData = mkdtempSync(join(tmpdir(), 'crossdock-entry-'))

/** Starts src-main/index.ts afresh against a fresh Electron stub, as one launch of the app. */
async function launch(options: { singleInstance: boolean; packaged?: boolean }) {
  vi.resetModules()
  const electron = await import('../../stubs/electron')
  electron.stub.singleInstance = options.singleInstance
  electron.app.isPackaged = options.packaged ?? false
  electron.app.setPath('userData', userData)
  // Accounts and jobs live in Crossdock's config folder: this launch's own, never the machine's.
  vi.stubEnv('CROSSDOCK_CONFIG_DIR', join(userData, 'config'))
  vi.stubEnv('DOCKER_CONFIG', join(userData, 'docker'))
  await import('../../../src-main/index')
  return electron
}

describe('the Electron entry (src-main/index.ts)', () => {
  afterEach(() => {
    vi.resetModules()
    vi.unstubAllEnvs()
    rmSync(userData, { recursive: true, force: true })
  })

  it('wires settings, backend, IPC and the window; the page calls app.info; quit waits for the backend to close', async () => {
    const { stub, app, BrowserWindow } = await launch({ singleInstance: true })
    await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1))
    const [window] = BrowserWindow.getAllWindows()
    // The page comes from app://, a privileged scheme registered before ready and served by our handler.
    expect(window!.webContents.getURL()).toBe('app://crossdock/index.html')
    expect(stub.privilegedSchemes.map((scheme) => scheme.scheme)).toEqual(['app'])
    expect(stub.protocolHandlers.has('app')).toBe(true)
    const answer = await stub.invoke(
      IPC_CALL_CHANNEL,
      { senderFrame: { url: window!.webContents.getURL() } as Electron.WebFrameMain },
      'app.info',
      {},
    )
    expect(answer).toMatchObject({
      ok: true,
      value: { version: '0.0.0-test', transport: 'ipc', secretStorage: { secure: true }, canPickFolders: true },
    })
    const firstQuit = { preventDefault: vi.fn() }
    app.emit('before-quit', firstQuit)
    expect(firstQuit.preventDefault).toHaveBeenCalled()
    await vi.waitFor(() => expect(stub.quit).toBe(true))
    expect(BrowserWindow.getAllWindows()).toEqual([])
    expect(stub.exitCode).toBeUndefined()
  })

  it('a packaged app ignores ELECTRON_RENDERER_URL and shows its own page', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://evil.example:5173/')
    // Electron sets it in a packaged app (the icon is read from there).
    Object.defineProperty(process, 'resourcesPath', { value: join(userData, 'resources'), configurable: true })
    try {
      const { BrowserWindow } = await launch({ singleInstance: true, packaged: true })
      await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1))
      expect(BrowserWindow.getAllWindows()[0]!.webContents.getURL()).toBe('app://crossdock/index.html')
    } finally {
      vi.unstubAllEnvs()
      Reflect.deleteProperty(process, 'resourcesPath')
    }
  })

  it('a second instance quits at once, binding nothing', async () => {
    const { stub, BrowserWindow } = await launch({ singleInstance: false })
    expect(stub.quit).toBe(true)
    expect(stub.handlers.size).toBe(0)
    expect(BrowserWindow.getAllWindows()).toEqual([])
  })
})
