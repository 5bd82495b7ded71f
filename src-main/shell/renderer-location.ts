import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Where the one page comes from: Vite's dev server (ELECTRON_RENDERER_URL) or the built file beside main. */
export type RendererLocation = { kind: 'url'; url: string } | { kind: 'file'; path: string }

export function rendererLocation(env: NodeJS.ProcessEnv = process.env, mainDirectory: string = __dirname): RendererLocation {
  const devUrl = env.ELECTRON_RENDERER_URL
  return devUrl ? { kind: 'url', url: devUrl } : { kind: 'file', path: join(mainDirectory, '../renderer/index.html') }
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
  return parsed.protocol === 'file:' && parsed.pathname === pathToFileURL(location.path).pathname
}
