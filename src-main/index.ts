import { join } from 'node:path'
import { app, BrowserWindow, ipcMain } from 'electron'
import { createBackend, type CrossdockBackend } from './backend/create-backend'
import { crossdockConfigDir } from './core/lib/config-dir'
import { createUseCaseContext } from './core/use-cases/context'
import { appIconPath } from './shell/app-icon'
import { registerAppScheme, serveRenderer } from './shell/app-protocol'
import { keepJobsRunningOnClose } from './shell/background-tray'
import { bindContract } from './shell/ipc-binding'
import { watchJobs } from './shell/job-watch'
import { createMainWindow, revealWindow } from './shell/main-window'
import { isRendererUrl, rendererLocation } from './shell/renderer-location'
import { installSecurityHandlers } from './shell/security'
import { pickFolders } from './shell/folder-picker'
import { openDesktopAccounts } from './shell/desktop-accounts'

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
  // Accounts and jobs in the folder the CLI uses too; userData keeps Chromium's own files.
  const configDir = crossdockConfigDir()
  const { accounts, notices } = await openDesktopAccounts(configDir, app.getPath('userData'))
  for (const notice of notices) console.warn(`crossdock: ${notice}`)
  const backend = createBackend({
    version: app.getVersion(),
    transport: 'ipc',
    context: createUseCaseContext({
      env: process.env,
      openAccountStore: async () => accounts,
      jobsDirectory: join(configDir, 'jobs'),
    }),
    pickFolders: () => pickFolders(BrowserWindow.getFocusedWindow() ?? undefined),
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
