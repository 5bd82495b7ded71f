import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JobStore, type Job } from '../../../../src-main/core/migration/job-store'

interface Spec {
  from: string
}
const parseSpec = (spec: unknown): Spec => {
  if (typeof (spec as Spec)?.from !== 'string') throw new Error('bad spec')
  return spec as Spec
}

let directory: string
let store: JobStore<Spec>
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'crossdock-jobs-'))
  store = new JobStore(directory, parseSpec)
})
afterEach(() => {
  holder?.kill('SIGKILL')
  rmSync(directory, { recursive: true, force: true })
})

let holder: ChildProcess | undefined
/** Another process that takes the job's lock (as a CLI run would) and keeps it until it is killed. */
async function holdInAnotherProcess(job: Job<Spec>): Promise<ChildProcess> {
  const script =
    `const fs = require('fs'); const { lock } = require('os-lock'); lock(fs.openSync(process.argv[1], ` +
    `'a'), { exclusive: true, immediate: true }).then(() => console.log('held'), (e) => { console.error(e.code); ` +
    `process.exit(1) }); setInterval(() => {}, 1000)`
  holder = spawn(process.execPath, ['-e', script, join(job.directory, 'job.lock')], {
    cwd: join(__dirname, '../../../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    holder!.stdout!.once('data', () => resolve())
    holder!.once('exit', () => reject(new Error('the holder could not take the lock')))
  })
  return holder
}

const bytesOf = (job: Job<Spec>, name: string): string => readFileSync(join(job.directory, name), 'utf8')

describe('JobStore', () => {
  it('creates a job on disk that another store instance reads back, readable only by its owner', async () => {
    const job = await store.create({ from: 'docker.io/acme' }, new Date('2026-11-27T10:20:30Z'))
    expect(job.record.id).toMatch(/^20261127-102030-[0-9a-f]{4}$/)
    const again = new JobStore(directory, parseSpec).open(job.record.id)
    expect(again.record).toEqual(job.record)
    expect(statSync(join(directory, job.record.id, 'job.json')).mode & 0o077).toBe(0)
    expect(statSync(join(directory, job.record.id)).mode & 0o077).toBe(0)
  })

  it('journals events in order and leaves out a last line cut short by a kill', async () => {
    const job = await store.create({ from: 'x' })
    job.append({ type: 'tag', n: 1 })
    job.append({ type: 'tag', n: 2 })
    appendFileSync(join(job.directory, 'journal.ndjson'), '{"type":"tag","n":3,"dest')
    expect(job.events<{ n: number; at: string }>().map((e) => e.n)).toEqual([1, 2])
    expect(job.events<{ at: string }>()[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('starts the next event on a line of its own after a line torn by a kill, so it is not lost', async () => {
    const job = await store.create({ from: 'x' })
    job.append({ type: 'tag', n: 1 })
    appendFileSync(join(job.directory, 'journal.ndjson'), '{"type":"tag","n":2,"dest')
    const resumed = store.open(job.record.id)
    resumed.append({ type: 'tag', n: 3 })
    resumed.append({ type: 'tag', n: 4 })
    expect(resumed.events<{ n: number }>().map((e) => e.n)).toEqual([1, 3, 4])
  })

  it('counts runs, and reads a running job that no process holds as interrupted', async () => {
    const job = await store.create({ from: 'x' })
    job.start()
    expect(job.record).toMatchObject({ state: 'running', runs: 1, pid: process.pid })
    expect(await store.open(job.record.id).displayState()).toBe('running')
    job.release()
    const reopened = store.open(job.record.id)
    expect(await reopened.displayState()).toBe('interrupted')
    await reopened.claim(0)
    reopened.start()
    expect(reopened.record).toMatchObject({ runs: 2, pid: process.pid })
    reopened.finish('finished')
    expect(store.open(job.record.id).record.state).toBe('finished')
    expect(JSON.parse(bytesOf(job, 'job.json')).pid).toBeUndefined()
  })

  it('is not fooled by a live or reused pid: a job nobody holds is interrupted and can be claimed', async () => {
    const job = await store.create({ from: 'x' })
    // This test's parent process is alive and is not us: a pid the kernel gave to something else.
    job.writeFile('job.json', JSON.stringify({ ...job.record, state: 'running', pid: process.ppid }))
    job.release()
    expect(await store.open(job.record.id).displayState()).toBe('interrupted')
    const claimed = await store.claim(job.record.id, 0)
    claimed.start()
    expect(claimed.record).toMatchObject({ state: 'running', pid: process.pid })
  })

  it('reads a planned job whose process died before it ran as interrupted too', async () => {
    const job = await store.create({ from: 'x' })
    expect(await job.displayState()).toBe('planned')
    job.release()
    expect(await store.open(job.record.id).displayState()).toBe('interrupted')
  })

  it('refuses a job another process holds, planned or running, changing nothing on disk; its death frees it', async () => {
    const job = await store.create({ from: 'x' })
    job.append({ type: 'run', run: 1 })
    job.release()
    const other = await holdInAnotherProcess(job)
    const before = { record: bytesOf(job, 'job.json'), journal: bytesOf(job, 'journal.ndjson') }
    expect(await store.open(job.record.id).displayState()).toBe('planned')
    await expect(store.claim(job.record.id, 0)).rejects.toThrow(
      `Job ${job.record.id} is being run by another process (pid ${process.pid} when last recorded); wait ` +
        `for it to ` +
        `end, or stop it first.`,
    )
    expect({ record: bytesOf(job, 'job.json'), journal: bytesOf(job, 'journal.ndjson') }).toEqual(before)
    other.kill('SIGKILL')
    // Waits for the dying holder instead of refusing.
    const claimed = await store.claim(job.record.id)
    expect(claimed.record.state).toBe('planned')
  })

  it('refuses a second runner inside the same process too', async () => {
    const job = await store.create({ from: 'x' })
    await expect(store.claim(job.record.id, 0)).rejects.toThrow('is being run by another process')
    expect(await store.open(job.record.id).displayState()).toBe('planned')
    job.release()
    await store.claim(job.record.id, 0)
  })

  it('lists newest first, skips a directory a crash left without a record, and shows a damaged record as damaged', async () => {
    const older = await store.create({ from: 'a' }, new Date('2026-01-01T00:00:00Z'))
    const newer = await store.create({ from: 'b' }, new Date('2026-02-01T00:00:00Z'))
    const damaged = await store.create({ from: 'c' }, new Date('2026-03-01T00:00:00Z'))
    const broken = await store.create({ from: 'd' }, new Date('2026-04-01T00:00:00Z'))
    rmSync(join(broken.directory, 'job.json'))
    writeFileSync(join(damaged.directory, 'job.json'), '{"version":1,"id":')
    const listed = await store.list()
    expect(listed.map((entry) => [entry.id, entry.state])).toEqual([
      [damaged.record.id, 'damaged'],
      [newer.record.id, 'planned'],
      [older.record.id, 'planned'],
    ])
    expect(listed[0]).toMatchObject({
      createdAt: '2026-03-01T00:00:00.000Z',
      problem: expect.stringContaining(`${join(damaged.directory, 'job.json')} is damaged`),
    })
  })

  it('names the problem with an unknown id, a malformed id and a foreign record', async () => {
    expect(() => store.open('20990101-000000-abcd')).toThrow(
      /There is no job 20990101-000000-abcd in .*crossdock jobs lists them/,
    )
    expect(() => store.open('../etc')).toThrow('"../etc" is not a job id')
    const job = await store.create({ from: 'x' })
    job.writeFile('job.json', JSON.stringify({ version: 7 }))
    expect(() => store.open(job.record.id)).toThrow('is not a Crossdock job record')
  })

  it('names the file and the fix when a job file cannot be written', async () => {
    const job = await store.create({ from: 'x' })
    rmSync(job.directory, { recursive: true })
    writeFileSync(job.directory, 'not a directory')
    expect(() => job.append({ type: 'tag' })).toThrow(
      `Could not write ${join(job.directory, 'journal.ndjson')} (ENOTDIR): the job's directory was removed or ` +
        `replaced; restore it, then resume the job.`,
    )
    expect(() => job.finish('failed')).toThrow(`Could not write ${join(job.directory, 'job.json')} (ENOTDIR)`)
  })
})
