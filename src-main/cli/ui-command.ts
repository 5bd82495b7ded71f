import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createBackend } from '../backend/create-backend'
import { startUiServer } from '../web/ui-server'
import { cliContext } from './cli-context'
import { CROSSDOCK_VERSION } from './crossdock-version'
import { UsageError } from './usage-error'

export interface UiFlags {
  demo?: boolean
  port?: number
  host?: string
  open?: boolean
  hubApi?: string
  hubRegistry?: string
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

/**
 * `crossdock ui`: the desktop app's UI and backend for a browser, on loopback, until interrupted. Prints one
 * line with the URL (which carries the session's token) for people and scripts; `--open` opens a one-time
 * launch link instead.
 */
export async function serveUi(
  flags: UiFlags,
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; signal: AbortSignal },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (flags.demo) return runDemo(flags, io)
  const host = flags.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host)) {
    io.stderr.write(
      `warning: serving on ${host}: anyone who can reach it and learns the URL's token can use your Docker Hub and ` +
        `AWS access.\n`,
    )
  }
  const backend = createBackend({
    version: CROSSDOCK_VERSION,
    transport: 'http',
    demo: env.CROSSDOCK_DEMO === '1',
    context: cliContext(flags, env),
  })
  const server = await startUiServer({
    backend,
    rendererDir: rendererDir(env),
    host: host === 'localhost' ? '127.0.0.1' : host,
    port: flags.port,
    log: (line) => io.stderr.write(`${line}\n`),
  })
  io.stdout.write(`Crossdock UI: ${server.url}\n`)
  // The browser's command line is visible in `ps`: it gets a one-time code, never the token.
  if (flags.open) openBrowser(server.launchUrl())
  await new Promise<void>((resolve) =>
    io.signal.aborted ? resolve() : io.signal.addEventListener('abort', () => resolve(), { once: true }),
  )
  await backend.close()
  await server.close()
  return 0
}

/**
 * `--demo`: the sandbox of emulated Docker Hub and ECR lives with the tests (it needs `docker-registry` and the
 * source), so it runs from a source checkout, as `npm run demo` does.
 */
async function runDemo(flags: UiFlags, io: { signal: AbortSignal }): Promise<number> {
  const root = join(dirname(cliEntry()), '..', '..')
  const script = join(root, 'test', 'demo', 'demo.ts')
  const jiti = join(root, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs')
  if (!existsSync(script) || !existsSync(jiti))
    throw new UsageError(
      'The demo runs from a source checkout of Crossdock: clone it, then npm install && npm run demo.',
    )
  const child = spawn(
    process.execPath,
    [jiti, script, ...(flags.open ? ['--open'] : []), ...(flags.port ? ['--port', String(flags.port)] : [])],
    { stdio: 'inherit' },
  )
  io.signal.addEventListener('abort', () => child.kill('SIGINT'), { once: true })
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)))
}

/** The built renderer beside the built CLI (`out/main/cli.js` → `out/renderer`). */
function rendererDir(env: NodeJS.ProcessEnv): string {
  if (env.CROSSDOCK_RENDERER_DIR) return env.CROSSDOCK_RENDERER_DIR
  return join(dirname(cliEntry()), '..', 'renderer')
}

/** `out/main/cli.js`, wherever Crossdock is installed. */
function cliEntry(): string {
  const entry = require.main?.filename ?? process.argv[1]
  if (!entry)
    throw new UsageError(
      'Cannot tell where Crossdock is installed; set CROSSDOCK_RENDERER_DIR to its out/renderer folder.',
    )
  return entry
}

function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]]
  spawn(command, args as string[], { stdio: 'ignore', detached: true })
    .on('error', () => undefined)
    .unref()
}
