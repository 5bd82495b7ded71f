import type { BrowserWindow } from 'electron'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMainWindow, revealWindow } from '../../../src-main/shell/main-window'
import { stub } from '../../stubs/electron'

describe('createMainWindow', () => {
  beforeEach(() => stub.reset())

  it('keeps the security options: isolated, sandboxed, no Node, web security on, no webview, no insecure content', () => {
    const window = createMainWindow(
      { kind: 'app', root: '/app/out/renderer', url: 'app://crossdock/index.html' },
      '/app/resources/icon.png',
    ) as unknown as { options: Electron.BrowserWindowConstructorOptions }
    const preferences = window.options.webPreferences!
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
    expect(preferences).not.toHaveProperty('nodeIntegrationInSubFrames')
    expect(preferences).not.toHaveProperty('nodeIntegrationInWorker')
    expect(preferences).not.toHaveProperty('experimentalFeatures')
    expect(preferences).not.toHaveProperty('enableBlinkFeatures')
    expect(preferences.preload).toMatch(/[\\/]preload[\\/]preload\.js$/)
    expect(window.options).toMatchObject({ title: 'Crossdock', show: false, icon: '/app/resources/icon.png' })
  })

  it('loads the built page from app://, never file://, or the dev server URL', () => {
    const built = createMainWindow(
      { kind: 'app', root: '/app/out/renderer', url: 'app://crossdock/index.html' },
      'icon.png',
    )
    expect(built.webContents.getURL()).toBe('app://crossdock/index.html')
    const dev = createMainWindow({ kind: 'url', url: 'http://localhost:5173/' }, 'icon.png')
    expect(dev.webContents.getURL()).toBe('http://localhost:5173/')
  })

  it('shows itself once ready, and comes back from the tray or a minimized state', () => {
    const window = createMainWindow(
      { kind: 'url', url: 'http://localhost:5173/' },
      'icon.png',
    ) as unknown as BrowserWindow & { minimized: boolean }
    expect(window.isVisible()).toBe(false)
    window.emit('ready-to-show')
    expect(window.isVisible()).toBe(true)
    window.hide()
    window.minimized = true
    revealWindow(window)
    expect({
      visible: window.isVisible(),
      minimized: window.isMinimized(),
      focused: (window as unknown as { focused: boolean }).focused,
    }).toEqual({ visible: true, minimized: false, focused: true })
  })
})
