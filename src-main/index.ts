import { app, BrowserWindow } from 'electron'
import { createMainWindow } from './shell/main-window'
import { installSecurityHandlers } from './shell/security'

// One instance: a second launch focuses the running window instead of starting a second migration engine.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  installSecurityHandlers()
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })
  app.whenReady().then(() => {
    createMainWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
    })
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
