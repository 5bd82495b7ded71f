import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'

/** What a helper keeps per server URL, in the protocol's field names. */
export interface HelperEntry {
  Username: string
  Secret: string
}

/** A fixed answer to every action on one server URL: what to print and how to exit. */
export interface ScriptedAnswer {
  stdout?: string
  stderr?: string
  exitCode?: number
}

interface HelperState {
  entries: Record<string, HelperEntry>
  scripted: Record<string, ScriptedAnswer>
}

export interface FakeCredentialHelper {
  /** The helper's name as credsStore or CROSSDOCK_CREDENTIAL_HELPER take it. */
  name: string
  /** The folder holding `docker-credential-<name>`, to put on PATH. */
  binDir: string
  /** The file the helper keeps its entries in (the "keychain"). */
  statePath: string
  /** `ACTION SERVER_URL` per call, in order; the helper never logs a secret. */
  calls(): Promise<string[]>
  entries(): Promise<Record<string, HelperEntry>>
  put(serverUrl: string, entry: HelperEntry): Promise<void>
  script(serverUrl: string, answer: ScriptedAnswer): Promise<void>
}

export interface HelperFixture {
  /** A fresh temporary folder for the test file, removed after it. */
  dir: string
  helper: FakeCredentialHelper
}

/** For a test file: a fake helper in a fresh temporary folder, on this process's PATH from beforeAll to afterAll. */
export function fakeCredentialHelperPerTest(prefix: string): HelperFixture {
  const fixture = {} as HelperFixture
  const savedPath = process.env.PATH
  beforeAll(async () => {
    fixture.dir = await mkdtemp(join(tmpdir(), prefix))
    fixture.helper = await installFakeCredentialHelper(fixture.dir)
    process.env.PATH = [fixture.helper.binDir, savedPath].filter(Boolean).join(delimiter)
  })
  afterAll(async () => {
    if (savedPath === undefined) delete process.env.PATH
    else process.env.PATH = savedPath
    if (fixture.dir) await rm(fixture.dir, { recursive: true, force: true })
  })
  return fixture
}

/**
 * A real `docker-credential-<name>` executable speaking the docker-credential-helpers protocol: `store` takes
 * `{"ServerURL","Username","Secret"}` on stdin, `get` and `erase` take the server URL; "credentials not found"
 * with exit 1 when there is nothing. Entries live in a JSON file; scripted answers stand in for broken helpers.
 */
export async function installFakeCredentialHelper(dir: string, name = 'crossdocktest'): Promise<FakeCredentialHelper> {
  const binDir = join(dir, 'bin')
  const statePath = join(dir, `${name}-state.json`)
  const logPath = join(dir, `${name}-calls.log`)
  await mkdir(binDir, { recursive: true })
  await writeFile(logPath, '')
  await writeState({ entries: {}, scripted: {} })
  const program = join(binDir, `docker-credential-${name}`)
  await writeFile(program, helperScript(statePath, logPath))
  await chmod(program, 0o755)

  async function readState(): Promise<HelperState> {
    return JSON.parse(await readFile(statePath, 'utf8')) as HelperState
  }
  async function writeState(state: HelperState): Promise<void> {
    await writeFile(statePath, JSON.stringify(state))
  }
  return {
    name,
    binDir,
    statePath,
    calls: async () => (await readFile(logPath, 'utf8')).split('\n').filter(Boolean),
    entries: async () => (await readState()).entries,
    put: async (serverUrl, entry) => {
      const state = await readState()
      state.entries[serverUrl] = entry
      await writeState(state)
    },
    script: async (serverUrl, answer) => {
      const state = await readState()
      state.scripted[serverUrl] = answer
      await writeState(state)
    },
  }
}

/** Node rather than sh: the protocol is JSON both ways. The shebang names this Node, which PATH may not hold. */
function helperScript(statePath: string, logPath: string): string {
  return `#!${process.execPath}
const fs = require('node:fs')
const action = process.argv[2]
const input = fs.readFileSync(0, 'utf8')
const state = JSON.parse(fs.readFileSync(${JSON.stringify(statePath)}, 'utf8'))
const url = action === 'store' ? JSON.parse(input).ServerURL : input.trim()
fs.appendFileSync(${JSON.stringify(logPath)}, action + ' ' + url + '\\n')
const save = () => fs.writeFileSync(${JSON.stringify(statePath)}, JSON.stringify(state))
const notFound = () => {
  process.stdout.write('credentials not found in native keychain\\n')
  process.exit(1)
}
const scripted = state.scripted[url]
if (scripted) {
  process.stdout.write(scripted.stdout || '')
  process.stderr.write(scripted.stderr || '')
  process.exit(scripted.exitCode || 0)
}
if (action === 'store') {
  const { Username, Secret } = JSON.parse(input)
  state.entries[url] = { Username, Secret }
  save()
} else if (action === 'get') {
  if (!state.entries[url]) notFound()
  process.stdout.write(JSON.stringify({ ServerURL: url, ...state.entries[url] }) + '\\n')
} else if (action === 'erase') {
  if (!state.entries[url]) notFound()
  delete state.entries[url]
  save()
} else {
  process.stderr.write('unknown action ' + action + '\\n')
  process.exit(2)
}
`
}
