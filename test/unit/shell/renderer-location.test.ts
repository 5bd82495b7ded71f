import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isRendererUrl, rendererLocation } from '../../../src-main/shell/renderer-location'

describe('rendererLocation', () => {
  it('is the built page beside out/main, or the dev server when electron-vite sets ELECTRON_RENDERER_URL', () => {
    expect(rendererLocation({}, '/opt/app.asar/out/main')).toEqual({ kind: 'file', path: join('/opt/app.asar/out/main', '../renderer/index.html') })
    expect(rendererLocation({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, '/x')).toEqual({ kind: 'url', url: 'http://localhost:5173' })
  })
})

describe('isRendererUrl', () => {
  const built = { kind: 'file', path: '/opt/Crossdock/resources/app.asar/out/renderer/index.html' } as const
  const page = pathToFileURL(built.path).href

  it('trusts the built page at any route, and nothing else on disk', () => {
    expect(isRendererUrl(page, built)).toBe(true)
    expect(isRendererUrl(`${page}#/compare?namespace=acme`, built)).toBe(true)
    expect(isRendererUrl(page.replace('index.html', 'other.html'), built)).toBe(false)
    expect(isRendererUrl('file:///tmp/index.html', built)).toBe(false)
    expect(isRendererUrl('https://opt/Crossdock/resources/app.asar/out/renderer/index.html', built)).toBe(false)
    expect(isRendererUrl('not a url', built)).toBe(false)
    expect(isRendererUrl('', built)).toBe(false)
  })

  it('trusts the dev server origin only', () => {
    const dev = { kind: 'url', url: 'http://localhost:5173/' } as const
    expect(isRendererUrl('http://localhost:5173/#/migrate', dev)).toBe(true)
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isRendererUrl('http://localhost.evil.example:5173/', dev)).toBe(false)
    expect(isRendererUrl(page, dev)).toBe(false)
  })
})
