import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { app, type HeadersReceivedResponse, type OnHeadersReceivedListenerDetails } from 'electron'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../src-main/contract/content-security-policy'
import { installSecurityHandlers } from '../../../src-main/shell/security'
import { stub, WebContents } from '../../stubs/electron'

/** A web contents after `web-contents-created`, as Electron would hand it to the handlers. */
function securedContents(): WebContents {
  const contents = new WebContents()
  app.emit('web-contents-created', {}, contents)
  return contents
}

const preventable = () => ({ preventDefault: vi.fn() })

describe('installSecurityHandlers', () => {
  beforeEach(() => {
    stub.reset()
    installSecurityHandlers()
  })

  it('denies every navigation and every webview', () => {
    const contents = securedContents()
    const navigation = preventable()
    contents.emit('will-navigate', navigation, 'https://evil.example/')
    const webview = preventable()
    contents.emit('will-attach-webview', webview, {}, {})
    expect(navigation.preventDefault).toHaveBeenCalled()
    expect(webview.preventDefault).toHaveBeenCalled()
  })

  it('opens no window: links to AWS and Docker go to the system browser, anything else nowhere', () => {
    const contents = securedContents()
    const open = (url: string) => contents.windowOpenHandler!({ url } as Electron.HandlerDetails)
    const allowed = [
      'https://docs.aws.amazon.com/ecr/',
      'https://console.aws.amazon.com/ecr/repositories',
      'https://eu-west-1.console.aws.amazon.com/ecr/repositories?region=eu-west-1',
      'https://aws.amazon.com/ecr/pricing/',
      'https://hub.docker.com/r/acme/web',
      'https://docs.docker.com/docker-hub/usage/',
      'https://www.docker.com/pricing/',
    ]
    const refused = [
      'http://docs.aws.amazon.com/ecr/',
      'https://example.com/',
      'https://aws.amazon.com.evil.example/',
      'https://evilaws.amazon.com/',
      'https://eu-west-1xconsole.aws.amazon.com/',
      'https://console.aws.amazon.com@evil.example/',
      'https://user:pass@hub.docker.com/',
      'https://hub.docker.com:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]
    for (const url of [...allowed, ...refused]) expect(open(url)).toEqual({ action: 'deny' })
    expect(stub.openedExternal).toEqual(allowed)
  })

  it('refuses every permission request and check', () => {
    const { session } = securedContents()
    const granted = vi.fn()
    session.permissionRequestHandler!(new WebContents(), 'media', granted)
    expect(granted).toHaveBeenCalledWith(false)
    for (const permission of ['notifications', 'clipboard-read', 'geolocation'])
      expect(session.permissionCheckHandler!(null, permission, 'file://')).toBe(false)
  })

  it('adds the CSP header to http(s) loads (the dev server) and leaves file loads alone', () => {
    const { session } = securedContents()
    const respond = (url: string): HeadersReceivedResponse => {
      let response: HeadersReceivedResponse = {}
      session.headersListener!(
        { url, responseHeaders: { 'Content-Type': ['text/html'] } } as unknown as OnHeadersReceivedListenerDetails,
        (r) => (response = r),
      )
      return response
    }
    expect(respond('http://localhost:5173/')).toEqual({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
    expect(respond('https://example.com/')).toMatchObject({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
    expect(respond('file:///app/out/renderer/index.html')).toEqual({})
  })

  it('sends the same policy as the built page carries in its meta tag, before anything it loads', () => {
    // The test setup has just built the renderer.
    const html = readFileSync(resolve(import.meta.dirname, '../../../out/renderer/index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)
    expect(meta?.[1]?.replaceAll('&#39;', "'")).toBe(CONTENT_SECURITY_POLICY)
    expect(meta!.index).toBeLessThan(html.indexOf('<script'))
  })
})
