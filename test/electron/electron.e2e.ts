import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { CALL_NAMES, type AppInfo, type Envelope } from '../../src-main/contract'

const root = resolve(__dirname, '../..')

/**
 * The binary `require('electron')` would start, found without requiring it: from Electron 42 on, requiring
 * it downloads the binary when missing, which fails offline and would hide the real answer.
 */
function electronBinary(): string | undefined {
  const pkg = join(root, 'node_modules/electron')
  const pathFile = join(pkg, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const binary = override ? join(override, relative ?? 'electron') : relative && join(pkg, 'dist', relative)
  return binary && existsSync(binary) ? binary : undefined
}

const binary = electronBinary()
const MISSING =
  "Electron's binary is not available on this machine (no node_modules/electron/path.txt + dist/, no " +
  'ELECTRON_OVERRIDE_DIST_PATH): the desktop app was NOT tested end to end.'
if (!binary) console.error(`\n${'!'.repeat(100)}\nSKIPPED: ${MISSING}\n${'!'.repeat(100)}\n`)
test.skip(!binary, MISSING)

type Page = { crossdock: Record<string, unknown> & { 'app.info'(args: object): Promise<Envelope<AppInfo>> } }

test.describe('Crossdock desktop app', () => {
  let app: ElectronApplication
  let userData: string

  test.beforeAll(async () => {
    if (!existsSync(join(root, 'out/main/index.js'))) throw new Error('Build the app first: npm run build')
    userData = mkdtempSync(join(tmpdir(), 'crossdock-e2e-'))
    // The built page, not a dev server a shell might still point to.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => entry[0] !== 'ELECTRON_RENDERER_URL' && entry[1] !== undefined,
      ),
    )
    // Accounts and jobs in a folder of this run's own, never the machine's.
    env.CROSSDOCK_CONFIG_DIR = join(userData, 'config')
    // A basic password store: no keyring prompt on a test desktop (so on Linux the vault reports itself insecure).
    app = await electron.launch({
      executablePath: binary!,
      args: [root, `--user-data-dir=${userData}`, '--password-store=basic'],
      env,
      cwd: root,
    })
  })

  test.afterAll(async () => {
    await app?.close()
    if (userData) rmSync(userData, { recursive: true, force: true })
  })

  test('opens the Crossdock window with window.crossdock exposing exactly the contract', async () => {
    const window = await app.firstWindow()
    await expect(window).toHaveTitle('Crossdock')
    const exposed = await window.evaluate(() => Object.keys((globalThis as unknown as Page).crossdock).sort())
    expect(exposed).toEqual([...CALL_NAMES, 'subscribe'].sort())
    const info = await window.evaluate(() => (globalThis as unknown as Page).crossdock['app.info']({}))
    expect(info).toMatchObject({
      ok: true,
      value: { transport: 'ipc', secretStorage: { secure: process.platform !== 'linux' } },
    })
  })

  test('keeps Node and Electron out of the page', async () => {
    const window = await app.firstWindow()
    const globals = await window.evaluate(() =>
      ['require', 'process', 'module', 'ipcRenderer', 'electron'].map(
        (name) => typeof (globalThis as Record<string, unknown>)[name],
      ),
    )
    expect(globals).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined'])
  })
})
