import { join } from 'node:path'
import { app, BrowserWindow, ipcMain } from 'electron'
import { createBackend, type CrossdockBackend } from './core/backend'
import { appIconPath } from './shell/app-icon'
import { registerAppScheme, serveRenderer } from './shell/app-protocol'
import { keepJobsRunningOnClose } from './shell/background-tray'
import { bindContract } from './shell/ipc-binding'
import { watchJobs } from './shell/job-watch'
import { createMainWindow, revealWindow } from './shell/main-window'
import { isRendererUrl, rendererLocation } from './shell/renderer-location'
import { installSecurityHandlers } from './shell/security'
import { openSettings } from './shell/settings'

// Every renderer sandboxed, whatever a window's own options say.
app.enableSandbox()
// Electron accepts a privileged scheme only before the app is ready.
registerAppScheme()

// One instance: a second launch focuses the running window instead of starting a second migration engine.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  installSecurityHandlers()
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('crossdock: cannot start:', error)
      app.exit(1)
    })
}

async function start(): Promise<void> {
  const userData = app.getPath('userData')
  const { accounts, secretStorage } = await openSettings(userData)
  const backend = createBackend({
    version: app.getVersion(),
    transport: 'ipc',
    accounts,
    secretStorage,
    jobsDirectory: join(userData, 'jobs'),
  })
  const renderer = rendererLocation(app.isPackaged)
  if (renderer.kind === 'app') serveRenderer(renderer.root)
  bindContract(ipcMain, backend, {
    trustedUrl: (url) => isRendererUrl(url, renderer),
    windows: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
  })

  const icon = appIconPath()
  let quitting = false
  let window = openWindow()
  function openWindow(): BrowserWindow {
    const created = createMainWindow(renderer, icon)
    keepJobsRunningOnClose(created, {
      activeJobs: () => backend.activeJobs(),
      quitting: () => quitting,
      quit: () => app.quit(),
      icon,
    })
    return created
  }
  const showWindow = (): void => {
    if (window.isDestroyed()) window = openWindow()
    else revealWindow(window)
  }
  watchJobs(backend, { reveal: showWindow })

  app.on('second-instance', showWindow)
  app.on('activate', showWindow)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('before-quit', (event) => {
    if (quitting) return
    quitting = true
    event.preventDefault()
    void closeThenQuit(backend)
  })
}

/** Running jobs stop at a resumable point (their journals are written) before the process exits. */
async function closeThenQuit(backend: CrossdockBackend): Promise<void> {
  try {
    await backend.close()
  } catch (error) {
    console.error('crossdock: closing the backend failed:', error)
  }
  app.quit()
}
