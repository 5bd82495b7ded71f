import { app, shell } from 'electron'

/**
 * Denies what the app never needs: navigation away from its own page, new windows (https links open in the
 * system browser instead) and every permission request.
 */
export function installSecurityHandlers(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url)
      return { action: 'deny' }
    })
    contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  })
}
