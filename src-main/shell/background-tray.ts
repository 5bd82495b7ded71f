import { Menu, Notification, Tray, nativeImage, type BrowserWindow } from 'electron'
import { revealWindow } from './main-window'

export interface BackgroundOptions {
  activeJobs(): number
  /** True once the user asked to quit: closing then really closes. */
  quitting(): boolean
  quit(): void
  icon: string
}

/** Closing the window while jobs run hides it to a tray icon: the migration goes on until the user quits. */
export function keepJobsRunningOnClose(window: BrowserWindow, options: BackgroundOptions): void {
  let tray: Tray | undefined
  window.on('close', (event) => {
    const jobs = options.activeJobs()
    if (options.quitting() || jobs === 0) return
    event.preventDefault()
    window.hide()
    tray ??= createTray(window, options)
    if (Notification.isSupported()) {
      const body =
        `${jobs === 1 ? 'A migration is' : `${jobs} migrations are`} still running. Open or quit Crossdock ` +
        `from its tray icon.`
      new Notification({ title: 'Crossdock keeps migrating in the background', body }).show()
    }
  })
  // Back on screen, the window is the way in again and the tray icon goes.
  window.on('show', () => {
    tray?.destroy()
    tray = undefined
  })
}

function createTray(window: BrowserWindow, options: BackgroundOptions): Tray {
  const tray = new Tray(nativeImage.createFromPath(options.icon).resize({ width: 22, height: 22 }))
  tray.setToolTip('Crossdock: migrating')
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Crossdock', click: () => revealWindow(window) },
      { label: 'Quit Crossdock', click: () => options.quit() },
    ]),
  )
  tray.on('click', () => revealWindow(window))
  return tray
}
