import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { version } from '../../../package.json'
import type { CallName, CutoverPreviewDto, CutoverScanDto, Envelope, JobDto } from '../../../src-main/contract'
import { CONTENT_SECURITY_POLICY } from '../../../src-main/contract/content-security-policy'
import { spawnCrossdock, type RunningCli } from '../../support/cli'
import { buildImage, buildIndex, pushManifestTree } from '../../support/images'
import { startMigrationWorld, type MigrationWorld } from '../../support/migration-world'

const web = buildImage({ format: 'docker', seed: 'ui-web' })
const multi = buildIndex({
  format: 'oci',
  attestations: true,
  children: ['amd64', 'arm64'].map((architecture) =>
    buildImage({ format: 'oci', seed: `ui-${architecture}`, platform: { os: 'linux', architecture } }),
  ),
})
const TOKEN = 'dckr_pat_alice0000000000000000000'

let world: MigrationWorld
let ui: RunningCli
let url: URL

beforeAll(async () => {
  world = await startMigrationWorld({
    hub: {
      seed: {
        users: [{ username: 'alice', accessTokens: [TOKEN] }],
        orgs: [{ name: 'acme', members: ['alice'] }],
        repositories: [
          { namespace: 'acme', name: 'web' },
          { namespace: 'acme', name: 'multi' },
          { namespace: 'acme', name: 'vault', isPrivate: true },
        ],
      },
    },
  })
  await pushManifestTree(world.hub.registry.url, 'acme/web', web, '1.0')
  await pushManifestTree(world.hub.registry.url, 'acme/multi', multi, 'v1')
  await pushManifestTree(world.hub.registry.url, 'acme/vault', web, 'secret')
  ui = spawnCrossdock(['ui'], world.env())
  for (let waited = 0; !/Crossdock UI: (\S+)/.test(ui.output().stdout); waited += 20) {
    if (ui.child.exitCode !== null || waited > 20_000)
      throw new Error(`crossdock ui did not start: ${ui.output().stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  url = new URL(/Crossdock UI: (\S+)/.exec(ui.output().stdout)![1]!)
})
afterAll(async () => {
  ui?.child.kill('SIGINT')
  await ui?.result
  await world?.stop()
})

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

function send(
  method: string,
  path: string,
  o: { headers?: Record<string, string>; body?: unknown; raw?: string | Buffer; to?: URL } = {},
): Promise<Answer> {
  const to = o.to ?? url
  return new Promise((resolve, reject) => {
    const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body))
    const req = request(
      {
        host: to.hostname,
        port: to.port,
        method,
        path,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...o.headers },
      },
      (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const token = () => url.searchParams.get('token')!

async function call<T>(name: CallName, args: unknown = {}): Promise<Envelope<T>> {
  const answer = await send('POST', `/api/call/${name}`, { headers: { 'x-crossdock-token': token() }, body: args })
  expect(answer.status).toBe(200)
  return JSON.parse(answer.text) as Envelope<T>
}

async function value<T>(name: CallName, args: unknown = {}): Promise<T> {
  const envelope = await call<T>(name, args)
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.code}: ${envelope.error.message}`)
  return envelope.value
}

/** Reads the event stream until `done` says so, returning the job events seen. */
function collectJobEvents(done: (job: JobDto) => boolean): { events: Promise<JobDto[]>; ready: Promise<void> } {
  let markReady!: () => void
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  const events = new Promise<JobDto[]>((resolve, reject) => {
    const seen: JobDto[] = []
    const req = request(
      { host: url.hostname, port: url.port, path: '/api/events', headers: { 'x-crossdock-token': token() } },
      (res) => {
        let buffer = ''
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString()
          if (buffer.includes(': connected')) markReady()
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const frame = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const data = /^data: (.*)$/m.exec(frame)?.[1]
            if (!/^event: job$/m.test(frame) || !data) continue
            const job = JSON.parse(data) as JobDto
            seen.push(job)
            if (done(job)) {
              req.destroy()
              resolve(seen)
            }
          }
        })
      },
    )
    req.on('error', (error) => (seen.length > 0 ? undefined : reject(error)))
    req.end()
  })
  return { events, ready }
}

const target = () => ({ aws: { region: world.ecr.region }, prefix: 'mirror', namespace: 'acme' })
const settings = { immutableTags: false, scanOnPush: true, encryption: { type: 'AES256' } }

describe('crossdock ui: the contract over HTTP on loopback', () => {
  it('serves the page with a strict CSP and guards the API with the token, our Origin and our Host', async () => {
    const page = await send('GET', '/')
    expect(page.status).toBe(200)
    expect(page.text).toContain('<div id="root">')
    // The page's own policy, and no framing (which its meta tag cannot forbid).
    expect(page.headers['content-security-policy']).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`)
    expect((await send('POST', '/api/call/app.info', { body: {} })).status).toBe(401)
    expect(
      (await send('POST', '/api/call/app.info', { headers: { 'x-crossdock-token': 'wrong' }, body: {} })).status,
    ).toBe(401)
    expect(
      (
        await send('POST', '/api/call/app.info', {
          headers: { 'x-crossdock-token': token(), origin: 'http://evil.example' },
          body: {},
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await send('POST', '/api/call/app.info', {
          headers: { 'x-crossdock-token': token(), host: `rebound.example:${url.port}` },
          body: {},
        })
      ).status,
    ).toBe(421)
    expect((await send('GET', '/../../etc/passwd')).status).toBe(404)
    expect(await value('app.info')).toMatchObject({
      version,
      transport: 'http',
      demo: false,
      secretStorage: { secure: false },
      canPickFolders: false,
    })
    // A browser has no folder picker the backend could open: paths are typed.
    expect(await call('app.pickFolders')).toMatchObject({ ok: false, error: { code: 'USAGE' } })
  })

  it('validates arguments where they arrive and names the field', async () => {
    const bad = await call('compare.run', { ...target(), aws: { region: 'nowhere' } })
    expect(bad).toEqual({
      ok: false,
      error: { code: 'USAGE', message: expect.stringContaining('compare.run: aws.region'), retryable: false },
    })
    const unknown = await call('jobs.nuke' as CallName)
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'USAGE', message: 'There is no call named "jobs.nuke".' },
    })
  })

  it('adds a Docker Hub account only when the token signs in, and never echoes the token', async () => {
    const refused = await call('accounts.addHub', {
      name: 'work',
      username: 'alice',
      token: 'dckr_pat_wrong',
      save: false,
    })
    expect(refused.ok).toBe(false)
    expect(JSON.stringify(refused)).not.toContain('dckr_pat_wrong')
    const added = await value<{ name: string; saved: boolean; verifiedAt: string }>('accounts.addHub', {
      name: 'work',
      username: 'alice',
      token: TOKEN,
      save: false,
    })
    expect(added).toMatchObject({ name: 'work', saved: false, verifiedAt: expect.any(String) })
    const accounts = await value('accounts.list')
    expect(accounts).toMatchObject({ hub: [{ name: 'work', kind: 'dockerhub', username: 'alice', saved: false }] })
    expect(JSON.stringify(accounts)).not.toContain(TOKEN)
    expect(await value('limits.hub', { hubAccount: 'work' })).toMatchObject({
      account: 'work (alice)',
      quota: { kind: 'limited', limit: 200 },
      namespaces: ['alice', 'acme'],
    })
    expect(await value('accounts.verifyAws', { region: world.ecr.region })).toEqual({
      region: world.ecr.region,
      accountId: '123456789012',
      registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    })
  })

  it('compares, plans and migrates the selection with live job events, then reports', async () => {
    const compared = await value<{
      repositories: { hub?: string; private?: boolean; tags: { tag: string; state: string; platforms: string[] }[] }[]
    }>('compare.run', { ...target(), hubAccount: 'work' })
    const byName = Object.fromEntries(compared.repositories.map((r) => [r.hub, r]))
    expect(byName['acme/vault']).toMatchObject({ private: true, tags: [{ tag: 'secret', state: 'hub-only' }] })
    expect(byName['acme/multi']!.tags[0]).toMatchObject({
      tag: 'v1',
      state: 'hub-only',
      platforms: ['linux/amd64', 'linux/arm64'],
    })

    const selection = [{ repository: 'acme/web' }, { repository: 'acme/multi', tags: ['v1'] }]
    const plan = await value<{ totals: { tagsToCopy: number; repositoriesToCreate: number }; quota: { kind: string } }>(
      'migrate.plan',
      { ...target(), hubAccount: 'work', selection, settings },
    )
    expect(plan.totals).toMatchObject({ tagsToCopy: 2, repositoriesToCreate: 2 })
    expect(plan.quota.kind).toBe('limited')

    const watch = collectJobEvents((job) => job.state === 'finished' || job.state === 'failed')
    await watch.ready
    const started = await value<JobDto>('migrate.start', { ...target(), hubAccount: 'work', selection, settings })
    expect(started.state).toBe('running')
    const events = await watch.events
    expect(events.at(-1)).toMatchObject({ id: started.id, state: 'finished' })
    expect(events.some((job) => job.progress !== undefined)).toBe(true)
    expect(world.ecr.image('mirror/acme/multi', 'v1')?.digest).toBe(multi.digest)
    expect(world.ecr.image('mirror/acme/web', '1.0')?.digest).toBe(web.digest)
    expect(world.ecr.repository('mirror/acme/vault')).toBeUndefined()

    const jobs = await value<JobDto[]>('jobs.list')
    expect(jobs.find((job) => job.id === started.id)).toMatchObject({ state: 'finished', runs: 1 })
    const report = await value<{ summary: { copied: number; verified: number }; markdown: string; html: string }>(
      'jobs.report',
      { jobId: started.id },
    )
    expect(report.summary).toMatchObject({ copied: 2, verified: 2 })
    expect(report.markdown).toContain('| docker.io/acme/web:1.0 |')
    expect(report.html).toMatch(/^<!doctype html>/)
    expect(await call('jobs.pause', { jobId: started.id })).toMatchObject({
      ok: false,
      error: { message: `Job ${started.id} is not running.` },
    })
  })

  it('refuses to start a migration whose keep-last rule would expire migrated images until that is accepted', async () => {
    // v1 and its Lambda copy v1-arm64 are two images; the policy keeps one.
    const kept = {
      ...target(),
      prefix: 'kept',
      hubAccount: 'work',
      selection: [{ repository: 'acme/multi', tags: ['v1'] }],
      lambdaPlatform: 'linux/arm64',
      settings: { ...settings, lifecycle: { keepLastImages: 1 } },
    }
    const plan = await value<{ warnings: string[]; expiringRepositories: unknown[] }>('migrate.plan', kept)
    expect(plan.expiringRepositories).toEqual([{ repository: 'kept/acme/multi', images: 2, keepLast: 1 }])
    expect(plan.warnings.join('\n')).toContain(
      'kept/acme/multi gets 2 images but its lifecycle policy keeps the last 1',
    )

    const jobsBefore = (await value<JobDto[]>('jobs.list')).length
    const refused = await call('migrate.start', kept)
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'USAGE', message: expect.stringContaining('kept/acme/multi gets 2 images but keep-last is 1') },
    })
    expect(await value<JobDto[]>('jobs.list')).toHaveLength(jobsBefore)
    expect(world.ecr.repository('kept/acme/multi')).toBeUndefined()

    const watch = collectJobEvents((job) => job.state === 'finished' || job.state === 'failed')
    await watch.ready
    const started = await value<JobDto>('migrate.start', { ...kept, acceptLifecycleExpiry: true })
    expect((await watch.events).at(-1)).toMatchObject({ id: started.id, state: 'finished' })
    expect(
      JSON.parse(world.ecr.repository('kept/acme/multi')!.lifecyclePolicyText!).rules[0].selection.countNumber,
    ).toBe(1)
  })

  it('prices the namespace from its listings, and reads the limits on both sides', async () => {
    const assumptions = {
      hubPlan: 'team',
      hubSeats: 2,
      hubBilling: 'annual',
      pullsPerRepository: 500,
      crossRegionShare: 0,
      internetShare: 1,
      natGatewayShare: 0,
      enhancedScanning: false,
      monthlyGrowthPercent: 0,
    }
    const costs = await value<{
      perRepository: { repository: string; uniqueLayerBytes: number; monthlyPulls: number }[]
      dockerHub: { total: number }
      ecr: { lines: { id: string; amount: number; figure: { source: string } }[] }
    }>('costs.estimate', { ...target(), hubAccount: 'work', assumptions })
    expect(costs.perRepository.map((r) => r.repository).sort()).toEqual(['acme/multi', 'acme/vault', 'acme/web'])
    expect(costs.perRepository.every((r) => r.uniqueLayerBytes > 0 && r.monthlyPulls === 500)).toBe(true)
    expect(costs.dockerHub.total).toBe(30)
    expect(costs.ecr.lines.find((line) => line.id === 'ecr.storage')?.figure.source).toContain(
      'aws.amazon.com/ecr/pricing',
    )
    const bad = await call('costs.estimate', { ...target(), assumptions: { ...assumptions, internetShare: 3 } })
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'USAGE', message: expect.stringContaining('assumptions.internetShare') },
    })

    const limits = await value<{
      hub: { account: string; quota: { kind: string } }[]
      ecr: { api: string; perSecond: number; migrationPeak?: number }[]
    }>('limits.overview')
    expect(limits.hub.map((entry) => entry.account)).toEqual(['anonymous', 'work (alice)'])
    expect(limits.ecr.find((entry) => entry.api === 'PutImage')).toMatchObject({ perSecond: 10, migrationPeak: 10 })
    const whatIf = await value<{ pullsPer6h: number; dockerHub: { verdict: string }[] }>('limits.whatIf', {
      nodes: 500,
      deploysPerDay: 24,
      imagesPerDeploy: 3,
    })
    expect(whatIf.pullsPer6h).toBe(9000)
    expect(whatIf.dockerHub.map((d) => d.verdict)).toEqual(['over', 'over', 'fine'])
  })
})

/** The first bytes of a GET, then the request is dropped (an event stream never ends). */
function firstChunk(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; type?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers }, (res) => {
      res.once('data', (chunk: Buffer) => {
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], text: chunk.toString() })
        req.destroy()
      })
      res.once('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], text: '' }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** `name=value` of a Set-Cookie line, for sending it back as a browser would. */
const cookiePair = (setCookie: string | string[] | undefined): string =>
  String([setCookie ?? []].flat()[0]).split(';')[0]!

describe('crossdock ui: the cutover calls', () => {
  const dockerfile = 'FROM acme/web:1.0\r\nFROM ghcr.io/acme/base:1\r\nFROM acme/gone:nope\r\n'
  const map = () => [`docker.io/acme=${world.ecr.registryHostname}/mirror/acme`]

  async function folder(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'crossdock-ui-cutover-'))
    await writeFile(join(dir, 'Dockerfile'), dockerfile)
    return dir
  }

  it('scans a folder, checks against ECR, previews the rewrite and applies exactly the confirmed files', async () => {
    const dir = await folder()
    const scan = await value<CutoverScanDto>('cutover.scan', { paths: [dir], map: map() })
    expect(scan.references.map((r) => [r.file, r.line, r.text, r.status])).toEqual([
      ['Dockerfile', 1, 'acme/web:1.0', expect.stringMatching(/^(migrated|not-migrated)$/)],
      ['Dockerfile', 2, 'ghcr.io/acme/base:1', 'not-docker-hub'],
      ['Dockerfile', 3, 'acme/gone:nope', 'not-migrated'],
    ])
    expect(scan.stillOnDockerHub).toBe(2)
    expect(scan.references[2]!.note).toContain('Docker Hub has no such image readable here')
    const preview = await value<CutoverPreviewDto>('cutover.preview', {
      paths: [dir],
      map: map(),
      offline: true,
      includeUnverified: true,
    })
    expect(preview.files).toHaveLength(1)
    expect(preview.files[0]!.diff).toContain(`+FROM ${world.ecr.registryHostname}/mirror/acme/web:1.0\r`)
    expect(preview.files[0]!.edits.map((edit) => edit.verdict)).toEqual(['needs-copy', 'needs-copy'])
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile)

    const args = { paths: [dir], map: map(), offline: true, includeUnverified: true }
    const refused = await call('cutover.apply', { ...args, files: [join(dir, 'other')] })
    expect(refused).toMatchObject({ ok: false, error: { code: 'USAGE', message: expect.stringContaining('preview') } })
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile)
    const applied = await value<{ written: string[] }>('cutover.apply', { ...args, files: [join(dir, 'Dockerfile')] })
    expect(applied.written).toEqual([join(dir, 'Dockerfile')])
    const host = world.ecr.registryHostname
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(
      `FROM ${host}/mirror/acme/web:1.0\r\nFROM ghcr.io/acme/base:1\r\nFROM ${host}/mirror/acme/gone:nope\r\n`,
    )
  })

  it('reads only absolute paths that exist, and says how to give the mapping', async () => {
    expect(await call('cutover.scan', { paths: ['relative/dir'], offline: true })).toMatchObject({
      ok: false,
      error: { code: 'USAGE', message: expect.stringContaining('not an absolute path') },
    })
    expect(await call('cutover.scan', { paths: ['/nonexistent/crossdock'], offline: true })).toMatchObject({
      ok: false,
      error: { code: 'USAGE', message: expect.stringContaining('does not exist') },
    })
    expect(await call('cutover.scan', { paths: [await folder()] })).toMatchObject({
      ok: false,
      error: { code: 'USAGE', message: expect.stringContaining('Say where the images went') },
    })
  })
})

describe('crossdock ui: signing a browser in', () => {
  it(
    '--open gives the browser a one-time launch code, never the token, exchanged once for an HttpOnly ' +
      'SameSite=Strict cookie',
    async () => {
      // A stand-in for the desktop's browser opener: it records its command line.
      const bin = await mkdtemp(join(tmpdir(), 'crossdock-open-'))
      const opened = join(bin, 'opened.txt')
      await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${opened}'\n`)
      await chmod(join(bin, 'xdg-open'), 0o755)
      const opening = spawnCrossdock(['ui', '--open'], { ...world.env(), PATH: `${bin}:${process.env.PATH}` })
      try {
        let argv = ''
        for (let waited = 0; !argv.includes('http'); waited += 20) {
          if (opening.child.exitCode !== null || waited > 20_000)
            throw new Error(`crossdock ui --open opened nothing: ${opening.output().stderr}`)
          argv = await readFile(opened, 'utf8').catch(() => '')
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
        const printed = new URL(/Crossdock UI: (\S+)/.exec(opening.output().stdout)![1]!)
        const launch = new URL(argv.trim())
        expect(argv).not.toContain(printed.searchParams.get('token'))
        expect(launch.origin).toBe(printed.origin)
        expect(launch.pathname).toMatch(/^\/launch\/[\w-]{20,}$/)

        // A request naming another host neither uses the code up nor gets a cookie.
        const misdirected = await send('GET', launch.pathname, {
          to: launch,
          headers: { host: `rebound.example:${launch.port}` },
        })
        expect(misdirected.status).toBe(421)
        expect(misdirected.headers['set-cookie']).toBeUndefined()

        const exchanged = await send('GET', launch.pathname, { to: launch })
        expect(exchanged.status).toBe(303)
        expect(exchanged.headers.location).toBe('/')
        const setCookie = [exchanged.headers['set-cookie']].flat()
        expect(setCookie).toHaveLength(1)
        // Host-only (no Domain): the browser keeps it for the exact host it asked.
        expect(setCookie[0]).toMatch(
          new RegExp(`^crossdock_session_${launch.port}=[\\w-]{20,}; Path=/; HttpOnly; SameSite=Strict$`),
        )
        const cookie = cookiePair(exchanged.headers['set-cookie'])

        const again = await send('GET', launch.pathname, { to: launch })
        expect(again.status).toBe(403)
        expect(again.text).toContain('crossdock ui --open')
        expect(again.headers['set-cookie']).toBeUndefined()

        const ours = { cookie, origin: launch.origin }
        expect((await send('POST', '/api/call/app.info', { to: launch, headers: ours, body: {} })).status).toBe(200)
        expect(
          (
            await send('POST', '/api/call/app.info', {
              to: launch,
              headers: { ...ours, origin: 'http://evil.example' },
              body: {},
            })
          ).status,
        ).toBe(403)
        expect(
          (
            await send('POST', '/api/call/app.info', {
              to: launch,
              headers: { ...ours, 'sec-fetch-site': 'same-site' },
              body: {},
            })
          ).status,
        ).toBe(403)
        expect(
          (
            await send('POST', '/api/call/app.info', {
              to: launch,
              headers: { cookie: `crossdock_session_${launch.port}=forged`, origin: launch.origin },
              body: {},
            })
          ).status,
        ).toBe(401)
      } finally {
        opening.child.kill('SIGINT')
        await opening.result
      }
    },
  )

  it(
    "signs a browser in from the printed URL too, the cookie opening the calls and the browser's own event " + 'stream',
    async () => {
      const wrong = await send('GET', '/?token=wrong')
      expect(wrong.status).toBe(403)
      expect(wrong.headers['set-cookie']).toBeUndefined()
      const signedIn = await send('GET', `/?token=${token()}`)
      expect(signedIn.status).toBe(303)
      expect(signedIn.headers.location).toBe('/')
      const cookie = cookiePair(signedIn.headers['set-cookie'])
      expect(cookie).toMatch(new RegExp(`^crossdock_session_${url.port}=`))
      // The printed URL stays good for another browser (an SSH tunnel user's, say).
      expect((await send('GET', `/?token=${token()}`)).status).toBe(303)

      expect(await firstChunk('/api/events', { cookie })).toEqual({
        status: 200,
        type: 'text/event-stream',
        text: expect.stringContaining(': connected'),
      })
      expect((await firstChunk('/api/events', {})).status).toBe(401)
      const info = await send('POST', '/api/call/app.info', { headers: { cookie, origin: url.origin }, body: {} })
      expect(JSON.parse(info.text)).toMatchObject({ ok: true, value: { transport: 'http' } })
    },
  )

  it('answers at localhost as well as 127.0.0.1 on its port, Origin included', async () => {
    const local = {
      host: `localhost:${url.port}`,
      origin: `http://localhost:${url.port}`,
      'x-crossdock-token': token(),
    }
    expect((await send('POST', '/api/call/app.info', { headers: local, body: {} })).status).toBe(200)
    expect(
      (await send('POST', '/api/call/app.info', { headers: { ...local, origin: 'http://localhost:1' }, body: {} }))
        .status,
    ).toBe(403)
  })
})

describe('crossdock ui: malformed requests', () => {
  it('answers bad paths, bad JSON and bad arguments plainly, with no stack trace in the log', async () => {
    const logged = ui.output().stderr.length
    const auth = { 'x-crossdock-token': token() }
    expect((await send('GET', '/%E0%A4%A')).status).toBe(400)
    expect((await send('POST', '/api/call/app.info', { headers: auth, raw: '{"broken' })).text).toContain(
      'the body is not JSON',
    )
    for (const raw of ['null', '[]', '"text"', '{"jobId":{"$gt":""}}', '{"jobId":"../../etc"}']) {
      const answer = await send('POST', '/api/call/jobs.report', { headers: auth, raw })
      expect(answer.status).toBe(200)
      expect(JSON.parse(answer.text)).toMatchObject({ ok: false, error: { code: expect.any(String) } })
    }
    // A client that leaves halfway through its body.
    const leaving = connect(Number(url.port), url.hostname)
    leaving.write(
      `POST /api/call/app.info HTTP/1.1\r\nHost: ${url.host}\r\nX-Crossdock-Token: ${token()}\r\nContent-Length: ` +
        `100\r\n\r\n{"half`,
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    leaving.destroy()
    // The server is still there.
    expect((await send('POST', '/api/call/app.info', { headers: auth, body: {} })).status).toBe(200)
    // What the server logged reaches us through a pipe: give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(ui.output().stderr.slice(logged)).not.toMatch(/\n\s+at /)
  })

  it('answers 413 to a body over the 1 MiB cap', async () => {
    const answer = await send('POST', '/api/call/app.info', {
      headers: { 'x-crossdock-token': token() },
      raw: `{"pad":"${'x'.repeat(2 << 20)}"}`,
    })
    expect(answer.status).toBe(413)
    expect(answer.text).toContain('1 MiB')
    // Sent in chunks, with no length given up front.
    const chunked = await send('POST', '/api/call/app.info', {
      headers: { 'x-crossdock-token': token(), 'transfer-encoding': 'chunked' },
      raw: `{"pad":"${'x'.repeat(2 << 20)}"}`,
    })
    expect(chunked.status).toBe(413)
  })
})
