import { join } from 'node:path'
import { BrowserWindow } from 'electron'
import type { RendererLocation } from './renderer-location'

/** The one window, with Electron's security checklist applied: isolated, sandboxed, no Node in the page. */
export function createMainWindow(renderer: RendererLocation, icon: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'Crossdock',
    icon,
    webPreferences: {
      preload: join(__dirname, '../preload/preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    },
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(renderer.url)
  return window
}

/** Brings the window back from the tray, the taskbar or behind other windows. */
export function revealWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}
