import { randomBytes } from 'node:crypto'
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { CrossdockError } from '../lib/errors'

export type JobState = 'planned' | 'running' | 'finished' | 'failed' | 'cancelled'

export interface JobRecord<Spec> {
  version: 1
  id: string
  createdAt: string
  updatedAt: string
  state: JobState
  /** Runs so far (the first, then one per resume). */
  runs: number
  /** The process that made or runs the job while it is planned or running: a dead one means it was killed. */
  pid?: number
  spec: Spec
}

const recordSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: z.enum(['planned', 'running', 'finished', 'failed', 'cancelled']),
  runs: z.number().int().nonnegative(),
  pid: z.number().int().optional(),
  spec: z.unknown(),
})

const JOB_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/

/**
 * Jobs on disk, one directory each: `job.json` (what was asked, and where the job stands; replaced atomically)
 * and `journal.ndjson` (what happened, one line per event, appended synchronously so a killed process loses
 * at most the line it was writing). Nothing here holds a secret: specs name profiles and accounts, not keys.
 */
export class JobStore<Spec> {
  constructor(
    private readonly directory: string,
    private readonly parseSpec: (spec: unknown) => Spec,
  ) {}

  create(spec: Spec, now = new Date()): Job<Spec> {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
    const id = `${stamp}-${randomBytes(2).toString('hex')}`
    mkdirSync(join(this.directory, id), { recursive: true, mode: 0o700 })
    const at = now.toISOString()
    const job = new Job<Spec>(join(this.directory, id), { version: 1, id, createdAt: at, updatedAt: at, state: 'planned', runs: 0, pid: process.pid, spec })
    job.save()
    return job
  }

  open(id: string): Job<Spec> {
    if (!JOB_ID.test(id)) throw new CrossdockError('USAGE', `"${id}" is not a job id; crossdock jobs lists them.`)
    let text: string
    try {
      text = readFileSync(join(this.directory, id, 'job.json'), 'utf8')
    } catch {
      throw new CrossdockError('NAME_UNKNOWN', `There is no job ${id} in ${this.directory}; crossdock jobs lists them.`)
    }
    const parsed = recordSchema.safeParse(JSON.parse(text))
    if (!parsed.success) throw new CrossdockError('UNSUPPORTED', `${join(this.directory, id, 'job.json')} is not a Crossdock job record (${parsed.error.issues[0]?.message}).`)
    return new Job<Spec>(join(this.directory, id), { ...parsed.data, spec: this.parseSpec(parsed.data.spec) })
  }

  /** Every job, newest first. */
  list(): Job<Spec>[] {
    let ids: string[]
    try {
      ids = readdirSync(this.directory).filter((name) => JOB_ID.test(name))
    } catch {
      return []
    }
    return ids.sort().reverse().flatMap((id) => {
      try {
        return [this.open(id)]
      } catch {
        return [] // a job directory left half-made by a crash is not worth failing the listing for
      }
    })
  }
}

export class Job<Spec> {
  constructor(
    readonly directory: string,
    private current: JobRecord<Spec>,
  ) {}

  get record(): Readonly<JobRecord<Spec>> {
    return this.current
  }

  /** Planned or running, and its process is gone: `interrupted`, to be resumed. */
  get displayState(): JobState | 'interrupted' {
    const unfinished = this.current.state === 'running' || this.current.state === 'planned'
    return unfinished && !processAlive(this.current.pid) ? 'interrupted' : this.current.state
  }

  /** Marks the job as run by this process; refuses when another live process runs it. */
  start(): void {
    if (this.current.state === 'running' && this.current.pid !== process.pid && processAlive(this.current.pid)) {
      throw new CrossdockError('USAGE', `Job ${this.current.id} is being run by process ${this.current.pid}; wait for it, or stop it first.`)
    }
    this.update({ state: 'running', runs: this.current.runs + 1, pid: process.pid })
  }

  finish(state: Exclude<JobState, 'planned' | 'running'>): void {
    this.update({ state, pid: undefined })
  }

  append(event: object): void {
    appendFileSync(join(this.directory, 'journal.ndjson'), `${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`, { mode: 0o600 })
  }

  /** The journal's events in order; a last line cut short by a kill is left out. */
  events<T>(): T[] {
    let text: string
    try {
      text = readFileSync(join(this.directory, 'journal.ndjson'), 'utf8')
    } catch {
      return []
    }
    return text.split('\n').flatMap((line) => {
      if (!line) return []
      try {
        return [JSON.parse(line) as T]
      } catch {
        return []
      }
    })
  }

  writeFile(name: string, content: string): void {
    atomicWrite(join(this.directory, name), content)
  }

  readFile(name: string): string | undefined {
    try {
      return readFileSync(join(this.directory, name), 'utf8')
    } catch {
      return undefined
    }
  }

  save(): void {
    atomicWrite(join(this.directory, 'job.json'), `${JSON.stringify(this.current, null, 2)}\n`)
  }

  private update(change: Partial<JobRecord<Spec>>): void {
    this.current = { ...this.current, ...change, updatedAt: new Date().toISOString() }
    this.save()
  }
}

function atomicWrite(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, content, { mode: 0o600 })
  renameSync(temporary, path)
}

function processAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
