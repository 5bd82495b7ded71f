import type { CrossdockApi } from '../../src-main/contract'
import { createCrossdockClient, type CrossdockClient } from './crossdock-client'
import { createHttpApi } from './http-api'
import { takeSessionToken } from './session-token'

/** Electron's preload sets `window.crossdock`; without it the page is `crossdock ui` in a browser. */
export function resolveCrossdockClient(page: Window = window): CrossdockClient {
  const exposed = (page as Window & { crossdock?: unknown }).crossdock
  if (isCrossdockApi(exposed)) return createCrossdockClient(exposed)
  return createCrossdockClient(createHttpApi({ token: takeSessionToken(page) }))
}

function isCrossdockApi(value: unknown): value is CrossdockApi {
  if (!value || typeof value !== 'object') return false
  const api = value as Record<string, unknown>
  return typeof api['app.info'] === 'function' && typeof api.subscribe === 'function'
}
