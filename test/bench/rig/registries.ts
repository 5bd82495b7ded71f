// The bench's three docker-registry (CNCF distribution 2.8) processes on loopback, with access logs (the request
// counts come from them) and a known PID each (their CPU and I/O are read from /proc):
//   src       no auth, stands in for Docker Hub; its storage outlives the bench (the pushed corpus is reused)
//   src_auth  htpasswd, read-only, the same storage (SRC_MODE=auth)
//   dst       htpasswd user AWS with a token-sized password, delete enabled: stands in for ECR
// Unlike test/support/registry.ts (throw-away registries in temp dirs, no access log), storage and logs stay
// under WORK so that runs can be inspected and the corpus is pushed once.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { get } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { guardChild } from '../../support/process-guard'

export type Name = 'src' | 'src_auth' | 'dst'
export const NAMES: Name[] = ['src', 'src_auth', 'dst']

export const CREDENTIALS = {
  src: { user: 'hubuser', password: 'hub-password-0123456789' },
  // ECR tokens are ~2 KB; bcrypt reads only 72 bytes, so a 64-char token is as costly.
  dst: { user: 'AWS', password: 'eyJwYXlsb2FkIjoiYmVuY2gtdG9rZW4tZm9yLWxvY2FsLWVjci1zdGFuZC1pbiJ9' },
}

// distribution checks the bcrypt hash on every request: cost 4 (the minimum) keeps the stand-ins' CPU low, as
// ECR's auth costs us nothing. GOGC=400 cuts its per-request allocation cost by about a third.
const BCRYPT_COST = '4'
const GOGC = '400'
const READY_MS = 20_000

export interface Running {
  name: Name
  host: string
  pid: number
  dir: string
  accessLog: string
  errorLog: string
  storage: string
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

const answers = (host: string): Promise<boolean> =>
  new Promise((resolve) => {
    const req = get(`http://${host}/v2/`, { agent: false, timeout: 1000 }, (res) => {
      res.resume()
      resolve(res.statusCode === 200 || res.statusCode === 401)
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
  })

function config(name: Name, port: number, storage: string, htpasswd: string | undefined): string {
  return `${[
    'version: 0.1',
    'log: {level: warn, formatter: text}',
    'storage:',
    `  filesystem: {rootdirectory: ${JSON.stringify(storage)}}`,
    '  cache: {blobdescriptor: inmemory}',
    '  delete: {enabled: true}',
    '  redirect: {disable: true}',
    '  maintenance:',
    '    uploadpurging: {enabled: false}',
    `    readonly: {enabled: ${name === 'src_auth'}}`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: bench-${name}-secret`,
    ...(htpasswd ? ['auth:', `  htpasswd: {realm: bench-${name}, path: ${JSON.stringify(htpasswd)}}`] : []),
    'health:',
    '  storagedriver: {enabled: false}',
  ].join('\n')}\n`
}

export class Registries {
  private readonly children = new Map<Name, ChildProcess>()
  private readonly ports = new Map<Name, number>()
  readonly running = new Map<Name, Running>()

  constructor(
    private readonly root: string,
    private readonly srcStorage: string,
  ) {}

  async startAll(): Promise<void> {
    for (const name of NAMES) await this.start(name)
  }

  private storageOf(name: Name): string {
    return name === 'dst' ? join(this.root, 'dst', 'storage') : this.srcStorage
  }

  private async start(name: Name): Promise<Running> {
    const dir = join(this.root, name)
    await mkdir(dir, { recursive: true })
    const creds = name === 'src' ? undefined : CREDENTIALS[name === 'dst' ? 'dst' : 'src']
    let htpasswd: string | undefined
    if (creds) {
      htpasswd = join(dir, 'htpasswd')
      const { stdout } = await promisify(execFile)('htpasswd', ['-nbBC', BCRYPT_COST, creds.user, creds.password])
      await writeFile(htpasswd, `${stdout.trim()}\n`)
    }
    const port = this.ports.get(name) ?? (await freePort()) // a restart keeps the port: method scripts name it
    this.ports.set(name, port)
    const storage = this.storageOf(name)
    await writeFile(join(dir, 'config.yml'), config(name, port, storage, htpasswd))
    const accessLog = join(dir, 'access.log')
    const errorLog = join(dir, 'registry.log')
    const out = openSync(accessLog, 'a') // distribution writes its access log on stdout
    const err = openSync(errorLog, 'a')
    const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
      stdio: ['ignore', out, err],
      env: { ...process.env, GOGC },
    })
    closeSync(out)
    closeSync(err)
    guardChild(child, dir) // killed if the bench dies (and its config and logs go with it)
    this.children.set(name, child)
    const host = `127.0.0.1:${port}`
    for (const deadline = Date.now() + READY_MS; !(await answers(host)); ) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`${name} registry did not start; see ${errorLog}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    const running = { name, host, pid: child.pid!, dir, accessLog, errorLog, storage }
    this.running.set(name, running)
    return running
  }

  private async stop(name: Name): Promise<void> {
    const child = this.children.get(name)
    this.children.delete(name)
    this.running.delete(name)
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }

  async stopAll(): Promise<void> {
    for (const name of [...NAMES].reverse()) await this.stop(name)
  }

  /** Fresh processes (cold caches, counters from zero), storage kept. */
  async restart(...names: Name[]): Promise<void> {
    for (const name of names) await this.stop(name)
    for (const name of names) await this.start(name)
  }

  /** An empty DST: storage and logs deleted, and a fresh process (it caches blob descriptors in memory). */
  async wipeDst(): Promise<void> {
    await this.stop('dst')
    await rm(join(this.root, 'dst'), { recursive: true, force: true })
    await this.start('dst')
  }

  async wipeSrc(): Promise<void> {
    await this.stop('src_auth')
    await this.stop('src')
    for (const path of [this.srcStorage, join(this.root, 'src'), join(this.root, 'src_auth')])
      await rm(path, { recursive: true, force: true })
    await this.start('src')
    await this.start('src_auth')
  }

  get(name: Name): Running {
    const running = this.running.get(name)
    if (!running) throw new Error(`registry ${name} is not running`)
    return running
  }
}
