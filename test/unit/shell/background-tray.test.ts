import { BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { keepJobsRunningOnClose } from '../../../src-main/shell/background-tray'
import { stub } from '../../stubs/electron'

describe('keepJobsRunningOnClose', () => {
  let jobs: number
  let quitting: boolean
  const quit = vi.fn()
  let window: BrowserWindow

  beforeEach(() => {
    stub.reset()
    jobs = 0
    quitting = false
    quit.mockClear()
    window = new BrowserWindow()
    window.show()
    keepJobsRunningOnClose(window, {
      activeJobs: () => jobs,
      quitting: () => quitting,
      quit,
      icon: '/app/resources/icon.png',
    })
  })

  it('closes normally when no job runs', () => {
    window.close()
    expect(window.isDestroyed()).toBe(true)
    expect(stub.trays).toEqual([])
  })

  it('hides to a tray icon while jobs run, and says the migration continues', () => {
    jobs = 2
    window.close()
    expect({ destroyed: window.isDestroyed(), visible: window.isVisible() }).toEqual({
      destroyed: false,
      visible: false,
    })
    expect(stub.trays).toHaveLength(1)
    expect(stub.notifications.map((n) => n.options)).toEqual([
      {
        title: 'Crossdock keeps migrating in the background',
        body: '2 migrations are still running. Open or quit Crossdock from its tray icon.',
      },
    ])
    const tray = stub.trays[0]!
    expect(tray.image).toMatchObject({ path: '/app/resources/icon.png', size: { width: 22, height: 22 } })
    window.close()
    expect(stub.trays).toHaveLength(1)
  })

  it('offers Show and Quit in the tray; showing the window removes the icon', () => {
    jobs = 1
    window.close()
    const tray = stub.trays[0]!
    const [show, quitItem] = (tray.contextMenu as unknown as { items: MenuItemConstructorOptions[] }).items
    expect([show?.label, quitItem?.label]).toEqual(['Show Crossdock', 'Quit Crossdock'])
    quitItem!.click!({} as Electron.MenuItem, undefined, {} as Electron.KeyboardEvent)
    expect(quit).toHaveBeenCalledOnce()
    show!.click!({} as Electron.MenuItem, undefined, {} as Electron.KeyboardEvent)
    expect(window.isVisible()).toBe(true)
    expect(tray.isDestroyed()).toBe(true)
  })

  it('really closes once the user quits, even with jobs running', () => {
    jobs = 1
    quitting = true
    window.close()
    expect(window.isDestroyed()).toBe(true)
  })
})
