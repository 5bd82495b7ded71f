import { join } from 'node:path'
import { APP_PAGE_URL } from './app-protocol'

/** Where the one page comes from: Vite's dev server (ELECTRON_RENDERER_URL), or the built renderer served as app://. */
export type RendererLocation = { kind: 'url'; url: string } | { kind: 'app'; root: string; url: string }

/** A packaged app always shows its own built page: the environment must not be able to point it elsewhere. */
export function rendererLocation(
  packaged: boolean,
  env: NodeJS.ProcessEnv = process.env,
  mainDirectory: string = __dirname,
): RendererLocation {
  const devUrl = packaged ? undefined : env.ELECTRON_RENDERER_URL
  return devUrl
    ? { kind: 'url', url: devUrl }
    : { kind: 'app', root: join(mainDirectory, '../renderer'), url: APP_PAGE_URL }
}

/** Our page at any route (hash or query); not another file beside it, nor any other origin. */
export function isRendererUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (location.kind === 'url') return parsed.origin === new URL(location.url).origin
  // WHATWG URL gives a custom scheme the origin "null" outside Chromium, so the parts are compared.
  const page = new URL(location.url)
  return (
    parsed.protocol === page.protocol &&
    parsed.host === page.host &&
    !parsed.username &&
    !parsed.password &&
    parsed.pathname === page.pathname
  )
}
