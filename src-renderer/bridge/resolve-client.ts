import type { CrossdockApi } from '../../src-main/contract'
import { createCrossdockClient, type CrossdockClient } from './crossdock-client'
import { createHttpApi } from './http-api'

/** Electron's preload sets `window.crossdock`; without it the page is `crossdock ui` in a browser. */
export function resolveCrossdockClient(page: Window = window): CrossdockClient {
  const exposed = (page as Window & { crossdock?: unknown }).crossdock
  if (isCrossdockApi(exposed)) return createCrossdockClient(exposed)
  // `crossdock ui` signed this browser in with a cookie when it opened the page.
  return createCrossdockClient(createHttpApi())
}

function isCrossdockApi(value: unknown): value is CrossdockApi {
  if (!value || typeof value !== 'object') return false
  const api = value as Record<string, unknown>
  return typeof api['app.info'] === 'function' && typeof api.subscribe === 'function'
}
