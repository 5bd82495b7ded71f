// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import type { CrossdockApi } from '../../../../src-main/contract'
import { resolveCrossdockClient } from '../../../../src-renderer/bridge/resolve-client'
import { takeSessionToken } from '../../../../src-renderer/bridge/session-token'

afterEach(() => {
  sessionStorage.clear()
  delete (window as Window & { crossdock?: unknown }).crossdock
})

function openAt(url: string): void {
  ;(window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url)
}

describe('session token', () => {
  it('takes the token from the URL once, keeps it for this tab and removes it from the address bar', () => {
    openAt('http://127.0.0.1:4321/?token=s3cr3t&lang=en#/compare')

    expect(takeSessionToken(window)).toBe('s3cr3t')

    expect(window.location.href).toBe('http://127.0.0.1:4321/?lang=en#/compare')
    expect(sessionStorage.getItem('crossdock.sessionToken')).toBe('s3cr3t')
  })

  it('finds the token again after a reload, when the URL no longer has it', () => {
    openAt('http://127.0.0.1:4321/?token=first')
    takeSessionToken(window)
    openAt('http://127.0.0.1:4321/#/migrate')

    expect(takeSessionToken(window)).toBe('first')
    expect(window.location.href).toBe('http://127.0.0.1:4321/#/migrate')
  })

  it('has no token when neither the URL nor the tab has one', () => {
    openAt('http://127.0.0.1:4321/')
    expect(takeSessionToken(window)).toBeUndefined()
  })
})

describe('choosing the transport', () => {
  it("uses Electron's window.crossdock when the preload set it, and leaves the URL alone", async () => {
    openAt('http://127.0.0.1:4321/?token=unused')
    const exposed = {
      'app.info': async () => ({ ok: true, value: { version: '9.9.9', transport: 'ipc', demo: false, secretStorage: { description: 'keyring', secure: true } } }),
      subscribe: () => () => undefined,
    }
    ;(window as Window & { crossdock?: unknown }).crossdock = exposed as unknown as CrossdockApi

    const client = resolveCrossdockClient(window)

    await expect(client.call('app.info', {})).resolves.toMatchObject({ version: '9.9.9', transport: 'ipc' })
    expect(window.location.search).toBe('?token=unused')
  })

  it('falls back to HTTP (taking the token) when there is no preload bridge', () => {
    openAt('http://127.0.0.1:4321/?token=http-token')
    resolveCrossdockClient(window)
    expect(window.location.search).toBe('')
    expect(sessionStorage.getItem('crossdock.sessionToken')).toBe('http-token')
  })
})
