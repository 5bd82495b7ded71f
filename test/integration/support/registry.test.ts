import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { pushStreamedBlob } from '../../support/images'
import { registryAvailable, startRegistry, type RunningRegistry } from '../../support/registry'

const started: RunningRegistry[] = []
async function start(options?: Parameters<typeof startRegistry>[0]): Promise<RunningRegistry> {
  const registry = await startRegistry(options)
  started.push(registry)
  return registry
}

afterAll(async () => {
  await Promise.all(started.map((registry) => registry.stop()))
})

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
}

describe('startRegistry', () => {
  it('finds the binary that .ci/run installs', () => {
    expect(registryAvailable()).toBe(true)
  })

  it('serves the v2 API on a loopback port with filesystem storage', async () => {
    const registry = await start()
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(registry.url).toBe(`http://${registry.host}`)
    expect(registry.auth).toBeUndefined()
    const res = await fetch(`${registry.url}/v2/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0')

    const { digest } = await pushStreamedBlob(registry.url, 'storage/check', { seed: 'registry-storage', size: 100 })
    const hex = digest.slice('sha256:'.length)
    expect(existsSync(`${registry.dataDir}/docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`)).toBe(true)
  })

  it('gives each registry its own port and storage', async () => {
    const [a, b] = await Promise.all([start(), start()])
    expect(a!.host).not.toBe(b!.host)
    expect(a!.dataDir).not.toBe(b!.dataDir)
  })

  it('asks for Basic credentials when auth is on, with a generated password by default', async () => {
    const registry = await start({ auth: true })
    expect(registry.auth?.user).toBe('crossdock')
    expect(registry.auth?.password.length).toBeGreaterThanOrEqual(16)
    const anonymous = await fetch(`${registry.url}/v2/`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/)
    const { user, password } = registry.auth!
    expect((await fetch(`${registry.url}/v2/`, { headers: { authorization: basic(user, password) } })).status).toBe(200)
    const wrong = await fetch(`${registry.url}/v2/`, { headers: { authorization: basic(user, `${password}x`) } })
    expect(wrong.status).toBe(401)
  })

  it('takes given credentials', async () => {
    const registry = await start({ auth: { user: 'alice', password: 's3cret pass' } })
    expect(registry.auth).toEqual({ user: 'alice', password: 's3cret pass' })
    const res = await fetch(`${registry.url}/v2/`, { headers: { authorization: basic('alice', 's3cret pass') } })
    expect(res.status).toBe(200)
  })

  it('allows deletes only when asked', async () => {
    const [plain, deleting] = await Promise.all([start(), start({ deleteEnabled: true })])
    for (const registry of [plain!, deleting!]) {
      const { digest } = await pushStreamedBlob(registry.url, 'del/me', { seed: 'registry-delete', size: 64 })
      const res = await fetch(`${registry.url}/v2/del/me/blobs/${digest}`, { method: 'DELETE' })
      expect(res.status).toBe(registry === deleting ? 202 : 405)
    }
  })

  it('stops: the port closes and the directory goes', async () => {
    const registry = await startRegistry()
    await registry.stop()
    await expect(fetch(`${registry.url}/v2/`)).rejects.toThrow()
    expect(existsSync(registry.dataDir)).toBe(false)
    await registry.stop() // idempotent
  })

  describe('with a stand-in binary', () => {
    const saved = process.env.DOCKER_REGISTRY_BIN
    const standInDirs: string[] = []
    afterEach(async () => {
      if (saved === undefined) delete process.env.DOCKER_REGISTRY_BIN
      else process.env.DOCKER_REGISTRY_BIN = saved
      await Promise.all(standInDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
    })

    /** Installs a shell script as the registry binary; it counts its runs in `runs`. */
    async function standIn(body: string): Promise<{ runs: () => number }> {
      const dir = await mkdtemp(join(tmpdir(), 'crossdock-stand-in-'))
      standInDirs.push(dir)
      const script = join(dir, 'docker-registry')
      await writeFile(script, `#!/bin/sh\necho run >> "${dir}/runs"\nrun=$(wc -l < "${dir}/runs")\n${body}\n`, {
        mode: 0o755,
      })
      process.env.DOCKER_REGISTRY_BIN = script
      return { runs: () => readFileSync(join(dir, 'runs'), 'utf8').split('\n').filter(Boolean).length }
    }

    it('says how to install it when it is missing', async () => {
      process.env.DOCKER_REGISTRY_BIN = '/nonexistent/docker-registry'
      expect(registryAvailable()).toBe(false)
      await expect(startRegistry()).rejects.toThrow(/apt-get install docker-registry/)
    })

    it('tries another port when the registry cannot bind', async () => {
      const realBinary = saved ?? execFileSync('sh', ['-c', 'command -v docker-registry']).toString().trim()
      const stub = await standIn(
        `[ "$run" -lt 3 ] && { echo 'listen tcp: bind: address already in use' >&2; exit 1; }\nexec "${realBinary}" ` +
          `"$@"`,
      )
      const registry = await start()
      expect((await fetch(`${registry.url}/v2/`)).status).toBe(200)
      expect(stub.runs()).toBe(3)
    })

    it('reports other start failures with the output, without retrying', async () => {
      const stub = await standIn(`echo 'configuration error: boom' >&2; exit 3`)
      await expect(startRegistry()).rejects.toThrow(/configuration error: boom/)
      expect(stub.runs()).toBe(1)
    })
  })
})
