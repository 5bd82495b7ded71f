import { spawnSync } from 'node:child_process'
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JobStore } from '../../../../src-main/core/migration/job-store'

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
afterEach(() => rmSync(directory, { recursive: true, force: true }))

describe('JobStore', () => {
  it('creates a job on disk that another store instance reads back, readable only by its owner', () => {
    const job = store.create({ from: 'docker.io/acme' }, new Date('2026-11-27T10:20:30Z'))
    expect(job.record.id).toMatch(/^20261127-102030-[0-9a-f]{4}$/)
    const again = new JobStore(directory, parseSpec).open(job.record.id)
    expect(again.record).toEqual(job.record)
    expect(statSync(join(directory, job.record.id, 'job.json')).mode & 0o077).toBe(0)
    expect(statSync(join(directory, job.record.id)).mode & 0o077).toBe(0)
  })

  it('journals events in order and leaves out a last line cut short by a kill', () => {
    const job = store.create({ from: 'x' })
    job.append({ type: 'tag', n: 1 })
    job.append({ type: 'tag', n: 2 })
    appendFileSync(join(job.directory, 'journal.ndjson'), '{"type":"tag","n":3,"dest')
    expect(job.events<{ n: number; at: string }>().map((e) => e.n)).toEqual([1, 2])
    expect(job.events<{ at: string }>()[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('counts runs, and reads a running job whose process is gone as interrupted', () => {
    const job = store.create({ from: 'x' })
    job.start()
    expect(job.record).toMatchObject({ state: 'running', runs: 1, pid: process.pid })
    expect(job.displayState).toBe('running')
    // A process that has exited: its pid is free (or reused by something we cannot signal).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    job.writeFile('job.json', JSON.stringify({ ...job.record, pid: Number(dead) }))
    const reopened = store.open(job.record.id)
    expect(reopened.displayState).toBe('interrupted')
    reopened.start()
    expect(reopened.record).toMatchObject({ runs: 2, pid: process.pid })
    reopened.finish('finished')
    expect(store.open(job.record.id).record.state).toBe('finished')
    expect(JSON.parse(readFileSync(join(job.directory, 'job.json'), 'utf8')).pid).toBeUndefined()
  })

  it('reads a planned job whose process died before it ran as interrupted too', () => {
    const job = store.create({ from: 'x' })
    expect(job.displayState).toBe('planned')
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    job.writeFile('job.json', JSON.stringify({ ...job.record, pid: Number(dead) }))
    expect(store.open(job.record.id).displayState).toBe('interrupted')
  })

  it('refuses to run a job another live process is running', () => {
    const job = store.create({ from: 'x' })
    // This test's parent process is alive and is not us.
    job.writeFile('job.json', JSON.stringify({ ...job.record, state: 'running', pid: process.ppid }))
    expect(() => store.open(job.record.id).start()).toThrow(`is being run by process ${process.ppid}`)
  })

  it('lists newest first and skips a directory a crash left without a record', () => {
    const older = store.create({ from: 'a' }, new Date('2026-01-01T00:00:00Z'))
    const newer = store.create({ from: 'b' }, new Date('2026-02-01T00:00:00Z'))
    store.create({ from: 'c' }, new Date('2026-03-01T00:00:00Z'))
    const broken = readdirSync(directory).sort().at(-1)!
    rmSync(join(directory, broken, 'job.json'))
    expect(store.list().map((job) => job.record.id)).toEqual([newer.record.id, older.record.id])
  })

  it('names the problem with an unknown id, a malformed id and a foreign record', () => {
    expect(() => store.open('20990101-000000-abcd')).toThrow(/There is no job 20990101-000000-abcd in .*crossdock jobs lists them/)
    expect(() => store.open('../etc')).toThrow('"../etc" is not a job id')
    const job = store.create({ from: 'x' })
    job.writeFile('job.json', JSON.stringify({ version: 7 }))
    expect(() => store.open(job.record.id)).toThrow('is not a Crossdock job record')
  })
})
