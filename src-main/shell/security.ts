import { app, shell, type OnHeadersReceivedListenerDetails, type WebContents } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../contract/content-security-policy'
import { AWS_REGION_NAME } from '../contract/patterns'

/**
 * Denies what the app never needs: navigation away from its own page, webviews, new windows (links to AWS and
 * Docker open in the system browser instead) and every permission, whether requested or only checked.
 */
export function installSecurityHandlers(): void {
  app.on('web-contents-created', (_event, contents) => secureContents(contents))
}

export function secureContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  const { session } = contents
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived((details, callback) => callback(withPolicy(details)))
}

// AWS (console, docs, pricing) and Docker (Hub, docs, pricing): what the app's help and figures point at.
const EXTERNAL_HOSTS = new Set([
  'console.aws.amazon.com',
  'docs.aws.amazon.com',
  'aws.amazon.com',
  'hub.docker.com',
  'docs.docker.com',
  'www.docker.com',
])
const REGIONAL_CONSOLE = new RegExp(String.raw`^${AWS_REGION_NAME}\.console\.aws\.amazon\.com$`)

/** Only https links to the hosts above reach the system browser: anything else could hand a URL to any handler. */
export function isExternalLinkAllowed(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return false
  return EXTERNAL_HOSTS.has(parsed.hostname) || REGIONAL_CONSOLE.test(parsed.hostname)
}

/** app:// sends the page's policy itself; the dev server (http) gets it added here. */
function withPolicy({ url, responseHeaders }: OnHeadersReceivedListenerDetails): {
  responseHeaders?: Record<string, string[]>
} {
  if (!/^https?:/.test(url)) return {}
  return { responseHeaders: { ...responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }
}
