import { app, shell, type OnHeadersReceivedListenerDetails, type WebContents } from 'electron'

/** The built page carries this policy in a meta tag; pages served over http(s) in development get it as a header. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"

/**
 * Denies what the app never needs: navigation away from its own page, webviews, new windows (https links
 * open in the system browser instead) and every permission, whether requested or only checked.
 */
export function installSecurityHandlers(): void {
  app.on('web-contents-created', (_event, contents) => secureContents(contents))
}

export function secureContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  const { session } = contents
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived((details, callback) => callback(withPolicy(details)))
}

function withPolicy({ url, responseHeaders }: OnHeadersReceivedListenerDetails): { responseHeaders?: Record<string, string[]> } {
  if (!/^https?:/.test(url)) return {}
  return { responseHeaders: { ...responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }
}
