import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { accessSync, constants, statSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { get } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import { guardChild } from './process-guard'

export interface RegistryAuth {
  user: string
  password: string
}

export interface RunningRegistry {
  /** `127.0.0.1:PORT` */
  host: string
  /** `http://127.0.0.1:PORT` */
  url: string
  auth?: RegistryAuth
  /** Root of the filesystem storage driver (holds `docker/registry/v2/...`). */
  dataDir: string
  stop(): Promise<void>
}

export interface RegistryOptions {
  /** `true` creates user `crossdock` with a random password. */
  auth?: boolean | RegistryAuth
  deleteEnabled?: boolean
}

const BIND_ATTEMPTS = 5
const READY_TIMEOUT_MS = 20_000
const STOP_GRACE_MS = 3_000
const OUTPUT_LIMIT = 16_384

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutableFile(join(dir, name))) return join(dir, name)
  }
  return undefined
}

function registryBinary(): string | undefined {
  const fromEnv = process.env.DOCKER_REGISTRY_BIN
  if (fromEnv) return isExecutableFile(fromEnv) ? fromEnv : undefined
  return findOnPath('docker-registry')
}

/** Whether `startRegistry` can find its binary (`DOCKER_REGISTRY_BIN` or `docker-registry` on PATH). */
export function registryAvailable(): boolean {
  return registryBinary() !== undefined
}

/** distribution 2.8 only takes bcrypt entries, which Node cannot make without a dependency. */
async function htpasswdEntry(auth: RegistryAuth): Promise<string> {
  const bin = findOnPath('htpasswd')
  if (!bin) throw new Error('htpasswd not found: `apt-get install apache2-utils` (.ci/run does this).')
  const { stdout } = await promisify(execFile)(bin, ['-Bbn', auth.user, auth.password])
  return `${stdout.trim()}\n`
}

const INSTANCE_HEADER = 'x-crossdock-instance'

function registryConfig(o: {
  port: number
  instance: string
  dataDir: string
  htpasswd: string | undefined
  deleteEnabled: boolean
}): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(o.dataDir)}`,
    '  delete:',
    `    enabled: ${o.deleteEnabled}`,
    // Purging would delete uploads that tests deliberately leave half-done.
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${o.port}`,
    // Without a secret the registry warns on every start and generates one anyway.
    `  secret: ${randomBytes(16).toString('hex')}`,
    // Lets the readiness probe tell this registry from whatever else may have taken the port meanwhile.
    '  headers:',
    `    ${INSTANCE_HEADER}: [${o.instance}]`,
  ]
  if (o.htpasswd) {
    lines.push('auth:', '  htpasswd:', '    realm: crossdock-test', `    path: ${JSON.stringify(o.htpasswd)}`)
  }
  return `${lines.join('\n')}\n`
}

/** Racy by nature (the port is free only when we look), hence the bind retries in `startRegistry`. */
function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** Whether our registry (not just any server on the port) answers `GET /v2/`, with or without auth. */
function answers(port: number, instance: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/v2/', agent: false, timeout: 1_000 }, (res) => {
      res.resume()
      resolve((res.statusCode === 200 || res.statusCode === 401) && res.headers[INSTANCE_HEADER] === instance)
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
  })
}

interface Launched {
  child: ChildProcess
  exited: Promise<void>
}

type LaunchResult = { ok: true; launched: Launched } | { ok: false; portTaken: boolean; output: string }

async function launch(
  bin: string,
  configPath: string,
  port: number,
  instance: string,
  dir: string,
): Promise<LaunchResult> {
  const child = spawn(bin, ['serve', configPath], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  let running = true
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      collect(Buffer.from(String(err)))
      running = false
      resolve()
    })
    child.once('exit', () => {
      running = false
      resolve()
    })
  })
  guardChild(child, dir)

  const deadline = Date.now() + READY_TIMEOUT_MS
  while (running && Date.now() < deadline) {
    if (await answers(port, instance)) return { ok: true, launched: { child, exited } }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  if (running) {
    child.kill('SIGKILL')
    await exited
    return { ok: false, portTaken: false, output: `not ready after ${READY_TIMEOUT_MS} ms\n${output}` }
  }
  return { ok: false, portTaken: output.includes('address already in use'), output }
}

/** Starts a throw-away CNCF distribution registry on a loopback port, with filesystem storage in a temp dir. */
export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  const bin = registryBinary()
  if (!bin) {
    throw new Error(
      'docker-registry not found: `apt-get install docker-registry` (.ci/run does this) or set DOCKER_REGISTRY_BIN.',
    )
  }
  const auth =
    options.auth === true ? { user: 'crossdock', password: randomBytes(12).toString('hex') } : options.auth || undefined
  const dir = await mkdtemp(join(tmpdir(), 'crossdock-registry-'))
  const dataDir = join(dir, 'data')
  const configPath = join(dir, 'config.yml')
  try {
    let htpasswd: string | undefined
    if (auth) {
      htpasswd = join(dir, 'htpasswd')
      await writeFile(htpasswd, await htpasswdEntry(auth))
    }
    for (let attempt = 1; ; attempt++) {
      const port = await pickFreePort()
      const instance = randomBytes(8).toString('hex')
      const deleteEnabled = options.deleteEnabled ?? false
      await writeFile(configPath, registryConfig({ port, instance, dataDir, htpasswd, deleteEnabled }))
      const result = await launch(bin, configPath, port, instance, dir)
      if (result.ok) return runningRegistry(result.launched, port, dir, dataDir, auth)
      if (!result.portTaken || attempt === BIND_ATTEMPTS) {
        throw new Error(`docker-registry failed to start (attempt ${attempt}):\n${result.output}`)
      }
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    throw err
  }
}

function runningRegistry(
  { child, exited }: Launched,
  port: number,
  dir: string,
  dataDir: string,
  auth: RegistryAuth | undefined,
): RunningRegistry {
  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
      await exited
      clearTimeout(timer)
    }
    await rm(dir, { recursive: true, force: true })
  }
  const host = `127.0.0.1:${port}`
  return {
    host,
    url: `http://${host}`,
    ...(auth ? { auth } : {}),
    dataDir,
    stop: () => (stopping ??= stop()),
  }
}
