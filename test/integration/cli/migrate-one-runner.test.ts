import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Envelope, JobDto } from '../../../src-main/contract'
import { runCrossdock, spawnCrossdock, type RunningCli } from '../../support/cli'
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy'
import { registryLogin } from '../../support/ecr/sdk'
import { buildImage, pushManifestTree } from '../../support/images'
import { startMigrationWorld, type MigrationWorld } from '../../support/migration-world'

// app0 copies at once; every request for app1 can be held up at the Docker Hub registry, so a run stays busy.
const images = ['app0', 'app1'].map((repository) => ({
  repository,
  image: buildImage({ format: 'docker', seed: `one-runner-${repository}`, layers: 2, layerSize: 64 * 1024 }),
}))
const other = buildImage({ format: 'docker', seed: 'one-runner-other-writer' })

let world: MigrationWorld
let hubProxy: FaultProxy
const env = (): NodeJS.ProcessEnv => ({ ...world.env(), CROSSDOCK_HUB_REGISTRY: hubProxy.url })
const migrateArgs = (prefix: string) => [
  'migrate',
  '--from',
  'docker.io/acme',
  '--to',
  `ecr://${world.ecr.region}/${prefix}`,
]
const jobFile = (id: string, name: string): string => join(world.configDir, 'jobs', id, name)
const read = (id: string, name: string): string =>
  existsSync(jobFile(id, name)) ? readFileSync(jobFile(id, name), 'utf8') : ''
const record = (id: string): { state: string; runs: number; pid?: number } => JSON.parse(read(id, 'job.json'))
const journalTypes = (id: string): string[] =>
  read(id, 'journal.ndjson')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { type: string }).type)
/** Holds up requests for acme/app1 at the Docker Hub registry for `ms`. */
const holdApp1 = (ms: number, times = 1): void =>
  hubProxy.inject({ path: /^\/v2\/acme\/app1\//, times, fault: { kind: 'delay', ms } })

beforeAll(async () => {
  world = await startMigrationWorld({
    hub: {
      pullLimit: { anonymous: 100_000 },
      seed: {
        orgs: [{ name: 'acme', members: [] }],
        repositories: images.map(({ repository }) => ({ namespace: 'acme', name: repository })),
      },
    },
  })
  for (const { repository, image } of images)
    await pushManifestTree(world.hub.registry.url, `acme/${repository}`, image, '1.0')
  hubProxy = await startFaultProxy(new URL(world.hub.registryUrl).host)
}, 120_000)
afterEach(() => hubProxy.clear())
afterAll(async () => {
  await hubProxy?.stop()
  await world?.stop()
})

async function until(what: string, check: () => boolean, run?: RunningCli): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (run && run.child.exitCode !== null) throw new Error(`crossdock ended before ${what}: ${run.output().stderr}`)
    if (waited > 60_000) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

async function jobCreated(run: RunningCli): Promise<string> {
  await until('creating a job', () => /Job (\d{8}-\d{6}-[0-9a-f]{4})/.test(run.output().stderr), run)
  return /Job (\d{8}-\d{6}-[0-9a-f]{4})/.exec(run.output().stderr)![1]!
}

/** A job whose first run was SIGKILLed while it ran, with app1 not copied. */
async function killedJob(prefix: string): Promise<string> {
  holdApp1(60_000)
  const first = spawnCrossdock(migrateArgs(prefix), env())
  const id = await jobCreated(first)
  await until('the run starts', () => read(id, 'job.json').includes('"running"'), first)
  first.child.kill('SIGKILL')
  await first.result
  hubProxy.clear()
  return id
}

describe('one job, one runner (an OS lock on the job, released when its process dies)', () => {
  it('two racing resumes: exactly one runs, the other says why and leaves the job untouched', async () => {
    const id = await killedJob('race')
    const before = { runs: record(id).runs, runEvents: journalTypes(id).filter((type) => type === 'run').length }
    // The winner stays busy longer than a loser waits for a dying owner.
    holdApp1(9_000)
    const [a, b] = await Promise.all([runCrossdock(['resume', id], env()), runCrossdock(['resume', id], env())])
    const outcomes = [a, b].sort((x, y) => (x.code ?? 99) - (y.code ?? 99))
    expect(outcomes.map((o) => o.code)).toEqual([0, 2])
    expect(outcomes[1]!.stderr).toContain(`Job ${id} is being run by another process`)
    expect(record(id)).toMatchObject({ state: 'finished', runs: before.runs + 1 })
    expect(journalTypes(id).filter((type) => type === 'run')).toHaveLength(before.runEvents + 1)
    expect(journalTypes(id)).not.toContain('error')
    for (const { repository, image } of images)
      expect(world.ecr.image(`race/acme/${repository}`, '1.0')?.digest).toBe(image.digest)
  }, 120_000)

  it('resume right after a SIGKILL of the run waits for the dying process instead of refusing', async () => {
    holdApp1(60_000)
    const first = spawnCrossdock(migrateArgs('crash'), env())
    const id = await jobCreated(first)
    await until('the run starts', () => read(id, 'job.json').includes('"running"'), first)
    hubProxy.clear()
    first.child.kill('SIGKILL')
    // At once: the killed process is not even reaped yet, and its pid is still in job.json.
    const resumed = await runCrossdock(['resume', id], env())
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(record(id)).toMatchObject({ state: 'finished', runs: 2 })
  }, 120_000)

  it('a pid in job.json that now belongs to another live process does not block a resume', async () => {
    const id = await killedJob('reused')
    // As after a reboot or in a container: the recorded pid is alive again, as something else (this test).
    writeFileSync(jobFile(id, 'job.json'), JSON.stringify({ ...record(id), pid: process.pid }))
    const resumed = await runCrossdock(['resume', id], env())
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(record(id).state).toBe('finished')
  }, 120_000)

  it('the UI refuses to resume a job a CLI process is running, and writes nothing', async () => {
    const ui = spawnCrossdock(['ui'], env())
    try {
      await until('the UI starts', () => /Crossdock UI: (\S+)/.test(ui.output().stdout), ui)
      const url = new URL(/Crossdock UI: (\S+)/.exec(ui.output().stdout)![1]!)
      holdApp1(12_000)
      const cli = spawnCrossdock(migrateArgs('shared'), env())
      const id = await jobCreated(cli)
      await until('app0 is copied', () => world.ecr.image('shared/acme/app0', '1.0') !== undefined, cli)
      await until('app0 is journalled', () => journalTypes(id).includes('tag'), cli)
      const before = { record: read(id, 'job.json'), journal: read(id, 'journal.ndjson') }
      const answer = await callUi<unknown>(url, 'jobs.resume', { jobId: id })
      expect(answer).toMatchObject({
        ok: false,
        error: {
          message: expect.stringContaining(
            `Job ${id} is being run by another process (pid ${cli.child.pid} when last recorded)`,
          ),
        },
      })
      expect({ record: read(id, 'job.json'), journal: read(id, 'journal.ndjson') }).toEqual(before)
      const listed = await callUi<{ id: string; state: string }[]>(url, 'jobs.list', {})
      expect(listed.ok && listed.value.find((job) => job.id === id)?.state).toBe('running')
      const finished = await cli.result
      expect(finished.code, finished.stderr).toBe(0)
      expect(record(id)).toMatchObject({ state: 'finished', runs: 1 })
    } finally {
      ui.child.kill('SIGINT')
      await ui.result
    }
  }, 120_000)
})

describe('a disk error during a run', () => {
  it("ends the UI's job as failed, naming the file and the fix, and the UI goes on", async () => {
    const id = await killedJob('disk')
    const ui = spawnCrossdock(['ui'], env())
    try {
      await until('the UI starts', () => /Crossdock UI: (\S+)/.test(ui.output().stdout), ui)
      const url = new URL(/Crossdock UI: (\S+)/.exec(ui.output().stdout)![1]!)
      const ended = jobEventWhere(url, (job) => job.id === id && job.state === 'failed')
      holdApp1(3_000)
      expect(await callUi(url, 'jobs.resume', { jobId: id })).toMatchObject({ ok: true })
      await until('app0 is copied', () => world.ecr.image('disk/acme/app0', '1.0') !== undefined, ui)
      // The job's directory is replaced by a file under the running job.
      const directory = join(world.configDir, 'jobs', id)
      rmSync(directory, { recursive: true })
      writeFileSync(directory, 'not a directory')
      const failed = await ended
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(ui.child.exitCode, ui.output().stderr).toBeNull()
      expect(await callUi(url, 'app.info', {})).toMatchObject({ ok: true })
      // Whichever job file the run wrote first: the journal (a tag's outcome) or job.json (the job's end); and
      // ENOENT if that write fell between the directory's removal and the file taking its place.
      const written = [join(directory, 'journal.ndjson'), join(directory, 'job.json')]
      const expected = written.flatMap((path) =>
        ['ENOTDIR', 'ENOENT'].map(
          (code) =>
            `Could not write ${path} (${code}): the job's directory was removed or replaced; restore it, then ` +
            'resume the job.',
        ),
      )
      expect(expected, `the problem reported: ${failed.problem}`).toContain(failed.problem)
    } finally {
      ui.child.kill('SIGINT')
      await ui.result
    }
  }, 120_000)
})

describe("ECR's read-back after a run", () => {
  it('ends the job incomplete (exit 1) when a copied tag is not there with its source digest, naming the tag and ' +
    'why', async () => {
    holdApp1(3_000)
    const run = spawnCrossdock(migrateArgs('readback'), env())
    const id = await jobCreated(run)
    await until('app0 is copied', () => world.ecr.image('readback/acme/app0', '1.0') !== undefined, run)
    // Another writer moves the tag after Crossdock copied it.
    await pushManifestTree(world.ecr.registryUrl, 'readback/acme/app0', other, '1.0', await registryLogin(world.ecr))
    const ended = await run.result
    expect(ended.code, ended.stderr).toBe(1)
    expect(ended.stdout).toContain(`Job ${id} incomplete:`)
    expect(ended.stdout).toContain(
      `NOT-COPIED docker.io/acme/app0:1.0 -> ${world.ecr.registryHostname}/readback/acme/app0:1.0: copied during the ` +
        `run, but ECR's read-back after the run shows ${other.digest} under this tag, not ` +
        `${images[0]!.image.digest}; ` +
        `crossdock resume copies it again`,
    )
    expect(record(id).state).toBe('incomplete')
    const listed = JSON.parse((await runCrossdock(['jobs', '--json'], env())).stdout) as { id: string; state: string }[]
    expect(listed.find((job) => job.id === id)?.state).toBe('incomplete')
    const report = JSON.parse(read(id, 'report.json')) as {
      job: { state: string }
      entries: { destination: string; outcome: string; verified: boolean }[]
    }
    expect(report.job.state).toBe('incomplete')
    expect(report.entries.find((e) => e.destination.endsWith('/readback/acme/app0:1.0'))).toMatchObject({
      outcome: 'not-copied',
      verified: false,
    })
    // Resumable: the resume puts the source's image back.
    const resumed = await runCrossdock(['resume', id], env())
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(world.ecr.image('readback/acme/app0', '1.0')?.digest).toBe(images[0]!.image.digest)
  }, 120_000)
})

/** One call of the UI's API, as its page makes it (the session token from the printed URL). */
function callUi<T>(url: URL, name: string, args: unknown): Promise<Envelope<T>> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(args)
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `/api/call/${name}`,
        headers: { 'content-type': 'application/json', 'x-crossdock-token': url.searchParams.get('token')! },
      },
      (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => resolve(JSON.parse(text) as Envelope<T>))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** The first job event from the UI's event stream that `wanted` accepts. */
function jobEventWhere(url: URL, wanted: (job: JobDto) => boolean): Promise<JobDto> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: '/api/events',
        headers: { 'x-crossdock-token': url.searchParams.get('token')! },
      },
      (res) => {
        let buffer = ''
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString()
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const frame = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const data = /^data: (.*)$/m.exec(frame)?.[1]
            if (!/^event: job$/m.test(frame) || !data) continue
            const job = JSON.parse(data) as JobDto
            if (wanted(job)) {
              req.destroy()
              resolve(job)
            }
          }
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
}
