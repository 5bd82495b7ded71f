import { beforeEach, describe, expect, it } from 'vitest'
import { pickFolders } from '../../../src-main/shell/folder-picker'
import { BrowserWindow, stub } from '../../stubs/electron'

describe('pickFolders', () => {
  beforeEach(() => stub.reset())

  it("answers the folders chosen in the system's dialog, folders only and several at once", async () => {
    stub.openDialog.answer = { canceled: false, filePaths: ['/home/alice/infra', '/home/alice/services'] }
    const window = new BrowserWindow() as unknown as Electron.BrowserWindow
    expect(await pickFolders(window)).toEqual(['/home/alice/infra', '/home/alice/services'])
    expect(stub.openDialog.calls[0]?.properties).toEqual(['openDirectory', 'multiSelections'])
  })

  it('answers none when the person cancels, with or without a window to attach to', async () => {
    stub.openDialog.answer = { canceled: true, filePaths: ['/ignored'] }
    expect(await pickFolders(undefined)).toEqual([])
    expect(stub.openDialog.calls).toHaveLength(1)
  })
})
