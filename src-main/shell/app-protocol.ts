import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve } from 'node:path'
import { protocol } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../contract/content-security-policy'

const SCHEME = 'app'
const HOST = 'crossdock'
/** The built page, as the window loads it and as IPC trusts it. */
export const APP_PAGE_URL = `${SCHEME}://${HOST}/index.html`

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
}

/**
 * Makes `app:` a standard, secure scheme (relative URLs, a real origin, fetch), which Electron only allows
 * before the app is ready. Serving the page from it rather than `file:` keeps the page from reading any file.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** Answers `app://crossdock/…` with the files of the built renderer in `root`, and nothing else. */
export function serveRenderer(root: string): void {
  protocol.handle(SCHEME, (request) => rendererResponse(request, resolve(root)))
}

async function rendererResponse(request: Request, root: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method not allowed')
  const file = fileOf(request.url, root)
  if (!file) return answer(404, 'Not found')
  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    // Missing, a directory, unreadable: all the same to the page.
    return answer(404, 'Not found')
  }
  return answer(
    200,
    request.method === 'HEAD' ? null : new Uint8Array(body),
    MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
  )
}

/** The file a URL names inside `root`, or undefined for another host, a bad escape, or a way out of `root`. */
function fileOf(url: string, root: string): string | undefined {
  const parsed = new URL(url)
  if (parsed.host !== HOST || parsed.username || parsed.password) return undefined
  let path: string
  try {
    path = decodeURIComponent(parsed.pathname)
  } catch {
    return undefined
  }
  if (path.includes('\0') || path.includes('\\')) return undefined
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`)
  const inside = relative(root, file)
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? undefined : file
}

function answer(status: number, body: Uint8Array | string | null, type = 'text/plain; charset=utf-8'): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
