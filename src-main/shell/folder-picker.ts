import { type BrowserWindow, dialog } from 'electron'

/**
 * The system's folder picker, over the window that asked: the folders a person chose to scan for image references,
 * none when they cancelled. Paths come from the OS dialog, never from the page.
 */
export async function pickFolders(window: BrowserWindow | undefined): Promise<string[]> {
  const options = {
    title: 'Folders to scan for image references',
    buttonLabel: 'Scan',
    properties: ['openDirectory', 'multiSelections'] as ('openDirectory' | 'multiSelections')[],
  }
  const answer = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
  return answer.canceled ? [] : answer.filePaths
}
