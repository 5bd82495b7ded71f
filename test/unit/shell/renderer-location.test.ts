import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isRendererUrl, rendererLocation } from '../../../src-main/shell/renderer-location'

describe('rendererLocation', () => {
  it(
    'is the built renderer beside out/main, served as app://, or the dev server when electron-vite sets ' +
      'ELECTRON_RENDERER_URL',
    () => {
      expect(rendererLocation(false, {}, '/opt/app.asar/out/main')).toEqual({
        kind: 'app',
        root: join('/opt/app.asar/out/main', '../renderer'),
        url: 'app://crossdock/index.html',
      })
      expect(rendererLocation(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, '/x')).toEqual({
        kind: 'url',
        url: 'http://localhost:5173',
      })
    },
  )

  it('ignores ELECTRON_RENDERER_URL in a packaged app: the environment cannot swap the page', () => {
    expect(
      rendererLocation(true, { ELECTRON_RENDERER_URL: 'http://evil.example' }, '/opt/app.asar/out/main'),
    ).toMatchObject({ kind: 'app', url: 'app://crossdock/index.html' })
  })
})

describe('isRendererUrl', () => {
  const built = rendererLocation(true, {}, '/opt/Crossdock/resources/app.asar/out/main')

  it('trusts the app:// page at any route, and nothing else', () => {
    expect(isRendererUrl('app://crossdock/index.html', built)).toBe(true)
    expect(isRendererUrl('app://crossdock/index.html#/compare?namespace=acme', built)).toBe(true)
    expect(isRendererUrl('app://crossdock/other.html', built)).toBe(false)
    expect(isRendererUrl('app://crossdock.evil/index.html', built)).toBe(false)
    expect(isRendererUrl('app://crossdock:8080/index.html', built)).toBe(false)
    expect(isRendererUrl('app://user@crossdock/index.html', built)).toBe(false)
    expect(isRendererUrl('apps://crossdock/index.html', built)).toBe(false)
    expect(isRendererUrl(pathToFileURL('/opt/Crossdock/resources/app.asar/out/renderer/index.html').href, built)).toBe(
      false,
    )
    expect(isRendererUrl('https://crossdock/index.html', built)).toBe(false)
    expect(isRendererUrl('not a url', built)).toBe(false)
    expect(isRendererUrl('', built)).toBe(false)
  })

  it('trusts the dev server origin only', () => {
    const dev = { kind: 'url', url: 'http://localhost:5173/' } as const
    expect(isRendererUrl('http://localhost:5173/#/migrate', dev)).toBe(true)
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isRendererUrl('http://localhost.evil.example:5173/', dev)).toBe(false)
    expect(isRendererUrl('app://crossdock/index.html', dev)).toBe(false)
  })
})
