import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../src-main/contract/content-security-policy'
import { APP_PAGE_URL, registerAppScheme, serveRenderer } from '../../../src-main/shell/app-protocol'
import { stub } from '../../stubs/electron'

// A built renderer directory, with a file beside it that must never be served.
const scratch = mkdtempSync(join(tmpdir(), 'crossdock-app-protocol-'))
const root = join(scratch, 'renderer')
mkdirSync(join(root, 'assets'), { recursive: true })
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Crossdock</title>')
writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}')
writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>')
writeFileSync(join(root, 'assets', 'font.woff2'), 'w')
writeFileSync(join(scratch, 'secret.txt'), 'not for the page')
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function get(url: string, method = 'GET'): Promise<Response> {
  return stub.protocolHandlers.get('app')!(new Request(url, { method }))
}

describe('the app:// protocol', () => {
  beforeEach(() => {
    stub.reset()
    serveRenderer(root)
  })

  it('registers app as a standard, secure scheme (as it must be, before the app is ready)', () => {
    registerAppScheme()
    expect(stub.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    expect(APP_PAGE_URL).toBe('app://crossdock/index.html')
  })

  it('serves the built files with their MIME types and the CSP on every answer', async () => {
    const cases: [string, string][] = [
      ['app://crossdock/index.html', 'text/html; charset=utf-8'],
      ['app://crossdock/', 'text/html; charset=utf-8'],
      ['app://crossdock/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['app://crossdock/assets/index-abc.css', 'text/css; charset=utf-8'],
      ['app://crossdock/assets/logo.svg', 'image/svg+xml'],
      ['app://crossdock/assets/font.woff2', 'font/woff2'],
    ]
    for (const [url, type] of cases) {
      const response = await get(url)
      expect([url, response.status, response.headers.get('content-type')]).toEqual([url, 200, type])
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    }
    expect(await (await get('app://crossdock/index.html#/compare')).text()).toContain('<title>Crossdock</title>')
  })

  it('serves nothing outside the renderer directory, however the path is spelled', async () => {
    for (const url of [
      'app://crossdock/../secret.txt',
      'app://crossdock/..%2Fsecret.txt',
      'app://crossdock/%2e%2e/secret.txt',
      'app://crossdock/assets/..%2F..%2Fsecret.txt',
      'app://crossdock/..%5csecret.txt',
      `app://crossdock/${encodeURIComponent(join(scratch, 'secret.txt'))}`,
      'app://crossdock/index.html%00.png',
      'app://crossdock/%E0%A4%A',
      'app://other-host/index.html',
      'app://crossdock/assets',
      'app://crossdock/missing.js',
    ]) {
      const response = await get(url)
      expect([url, response.status]).toEqual([url, 404])
      expect(await response.text()).not.toContain('not for the page')
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    }
  })

  it('answers only reads', async () => {
    expect((await get('app://crossdock/index.html', 'POST')).status).toBe(405)
    expect((await get('app://crossdock/index.html', 'HEAD')).status).toBe(200)
  })
})
