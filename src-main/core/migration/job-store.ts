import { randomBytes } from 'node:crypto'
import { appendFileSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { z } from 'zod'
import { JOB_ID } from '../../contract/patterns'
import { writeFileAtomically } from '../lib/atomic-write'
import { CrossdockError, isCrossdockError } from '../lib/errors'
import { isFileLocked, lockFile, type FileLock } from '../lib/file-lock'

/** `incomplete`: every tag was tried but ECR's read-back did not find them all; a resume tries again. */
export type JobState = 'planned' | 'running' | 'finished' | 'incomplete' | 'failed' | 'cancelled'

/** As listed: `interrupted` = unfinished and nobody holds its lock; `damaged` = its job.json cannot be read. */
export type JobDisplayState = JobState | 'interrupted' | 'damaged'

/** How long a run waits for another holder of a job's lock: a process killed a moment ago may still be dying. */
const CLAIM_WAIT_MS = 5_000

export interface JobRecord<Spec> {
  version: 1
  id: string
  createdAt: string
  updatedAt: string
  state: JobState
  /** Runs so far (the first, then one per resume). */
  runs: number
  /** The process that made or runs the job while it is planned or running; for information (the lock decides). */
  pid?: number
  spec: Spec
}

const recordSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: z.enum(['planned', 'running', 'finished', 'incomplete', 'failed', 'cancelled']),
  runs: z.number().int().nonnegative(),
  pid: z.number().int().optional(),
  spec: z.unknown(),
})

/**
 * Jobs on disk, one directory each: `job.json` (what was asked, and where the job stands; replaced atomically)
 * and `journal.ndjson` (what happened, one line per event, appended synchronously so a killed process loses
 * at most the line it was writing). A run holds `job.lock` (an OS lock, gone with its process) from start to end,
 * so a job has one runner at a time. Nothing here holds a secret: specs name profiles and accounts, not keys.
 */
export class JobStore<Spec> {
  constructor(
    private readonly directory: string,
    private readonly parseSpec: (spec: unknown) => Spec,
  ) {}

  /** A new job, held by this process (see `claim`) so no one else runs it before this process does. */
  async create(spec: Spec, now = new Date()): Promise<Job<Spec>> {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
    const id = `${stamp}-${randomBytes(2).toString('hex')}`
    mkdirSync(join(this.directory, id), { recursive: true, mode: 0o700 })
    const at = now.toISOString()
    const job = new Job<Spec>(
      join(this.directory, id),
      { version: 1, id, createdAt: at, updatedAt: at, state: 'planned', runs: 0, pid: process.pid, spec },
      this.parseSpec,
    )
    job.save()
    await job.claim()
    return job
  }

  /** The job as it is on disk, to read; `claim` it before running it. */
  open(id: string): Job<Spec> {
    if (!JOB_ID.test(id)) throw new CrossdockError('USAGE', `"${id}" is not a job id; crossdock jobs lists them.`)
    const directory = join(this.directory, id)
    return new Job<Spec>(directory, readRecord(directory, this.parseSpec), this.parseSpec)
  }

  /** The job, held by this process for a run; refused, with nothing written, while another process runs it. */
  async claim(id: string, waitMs?: number): Promise<Job<Spec>> {
    const job = this.open(id)
    await job.claim(waitMs)
    return job
  }

  /** Every job, newest first, with the state to show. */
  async list(): Promise<JobListing<Spec>[]> {
    let ids: string[]
    try {
      ids = readdirSync(this.directory).filter((name) => JOB_ID.test(name))
    } catch {
      return []
    }
    const listed = ids
      .sort()
      .reverse()
      .map(async (id): Promise<JobListing<Spec>[]> => {
        let job: Job<Spec>
        try {
          job = this.open(id)
        } catch (error) {
          // A directory a crash left before its first record holds nothing to show; any other record is damaged.
          if (isCrossdockError(error, 'NAME_UNKNOWN')) return []
          return [
            {
              id,
              state: 'damaged',
              createdAt: createdAtOf(id),
              problem: error instanceof Error ? error.message : String(error),
            },
          ]
        }
        return [{ id, state: await job.displayState(), job }]
      })
    return (await Promise.all(listed)).flat()
  }
}

export type JobListing<Spec> =
  | { id: string; state: Exclude<JobDisplayState, 'damaged'>; job: Job<Spec> }
  | { id: string; state: 'damaged'; createdAt: string; problem: string }

/** When a job was made, from its id (`YYYYMMDD-HHMMSS-xxxx`, UTC): all a damaged record still tells. */
function createdAtOf(id: string): string {
  return (
    `${id.slice(0, 4)}-${id.slice(4, 6)}-${id.slice(6, 8)}T${id.slice(9, 11)}:${id.slice(11, 13)}:` +
    `${id.slice(13, 15)}.000Z`
  )
}

function readRecord<Spec>(directory: string, parseSpec: (spec: unknown) => Spec): JobRecord<Spec> {
  const path = join(directory, 'job.json')
  const id = basename(directory)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new CrossdockError(
      'NAME_UNKNOWN',
      `There is no job ${id} in ${join(directory, '..')}; crossdock jobs lists them.`,
    )
  }
  let parsed: ReturnType<typeof recordSchema.safeParse>
  try {
    parsed = recordSchema.safeParse(JSON.parse(text))
  } catch {
    throw new CrossdockError('UNSUPPORTED', `${path} is damaged (not JSON); a job cannot be resumed without it.`)
  }
  if (!parsed.success)
    throw new CrossdockError(
      'UNSUPPORTED',
      `${path} is not a Crossdock job record (${parsed.error.issues[0]?.message}).`,
    )
  return { ...parsed.data, spec: parseSpec(parsed.data.spec) }
}

export class Job<Spec> {
  private lock?: FileLock
  /** Whether appends may go straight on: the journal ends with a whole line (a kill can leave half a one). */
  private journalEndsWithLine = false

  constructor(
    readonly directory: string,
    private current: JobRecord<Spec>,
    private readonly parseSpec: (spec: unknown) => Spec,
  ) {}

  get record(): Readonly<JobRecord<Spec>> {
    return this.current
  }

  /** Planned or running while no process holds its lock: `interrupted`, to be resumed. */
  async displayState(): Promise<Exclude<JobDisplayState, 'damaged'>> {
    const unfinished = this.current.state === 'running' || this.current.state === 'planned'
    return unfinished && !(await isFileLocked(this.lockPath).catch(() => false)) ? 'interrupted' : this.current.state
  }

  /**
   * Takes the job's lock for this process (waiting a few seconds for a holder that may be dying), then reads the
   * record again, as the last holder left it. Refused, with nothing written, while another process holds it.
   */
  async claim(waitMs = CLAIM_WAIT_MS): Promise<void> {
    if (this.lock) return
    const lock = await lockFile(this.lockPath, waitMs)
    if (!lock) {
      const by =
        this.current.pid === undefined
          ? 'another process'
          : `another process (pid ${this.current.pid} when last recorded)`
      throw new CrossdockError(
        'USAGE',
        `Job ${this.current.id} is being run by ${by}; wait for it to end, or stop it first.`,
      )
    }
    try {
      this.current = readRecord(this.directory, this.parseSpec)
    } catch (error) {
      lock.release()
      throw error
    }
    this.lock = lock
  }

  /** Lets another process run the job (this process's death does so too). */
  release(): void {
    this.lock?.release()
    this.lock = undefined
  }

  /** Marks the job as run by this process, which must hold it (`claim`). */
  start(): void {
    if (!this.lock) throw new Error(`Job ${this.current.id} was started without being claimed.`)
    this.update({ state: 'running', runs: this.current.runs + 1, pid: process.pid })
  }

  finish(state: Exclude<JobState, 'planned' | 'running'>): void {
    this.update({ state, pid: undefined })
  }

  append(event: object): void {
    const path = join(this.directory, 'journal.ndjson')
    const line = `${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`
    // A line torn by a kill (or a full disk) must not swallow this one: start it on a line of its own.
    const start = this.journalEndsWithLine || endsWithNewline(path) ? '' : '\n'
    this.journalEndsWithLine = false
    written(path, () => appendFileSync(path, start + line, { mode: 0o600 }))
    this.journalEndsWithLine = true
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
    const path = join(this.directory, name)
    written(path, () => writeFileAtomically(path, content))
  }

  readFile(name: string): string | undefined {
    try {
      return readFileSync(join(this.directory, name), 'utf8')
    } catch {
      return undefined
    }
  }

  save(): void {
    this.writeFile('job.json', `${JSON.stringify(this.current, null, 2)}\n`)
  }

  private get lockPath(): string {
    return join(this.directory, 'job.lock')
  }

  private update(change: Partial<JobRecord<Spec>>): void {
    this.current = { ...this.current, ...change, updatedAt: new Date().toISOString() }
    this.save()
  }
}

/** A failed write of a job file, as an error that names the file and what to do (a full disk, a removed directory). */
function written<T>(path: string, write: () => T): T {
  try {
    return write()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const fix =
      code === 'ENOSPC' || code === 'EDQUOT'
        ? 'free space on that disk'
        : code === 'ENOENT' || code === 'ENOTDIR'
          ? "the job's directory was removed or replaced; restore it"
          : 'make the jobs directory writable'
    throw new CrossdockError(
      'STORAGE',
      `Could not write ${path} (${code ?? String(error)}): ${fix}, then resume the job.`,
      { cause: error },
    )
  }
}

/** An empty or missing file counts as ending with a newline: nothing to keep apart from. */
function endsWithNewline(path: string): boolean {
  let size: number
  try {
    size = statSync(path).size
  } catch {
    return true
  }
  if (size === 0) return true
  const fd = openSync(path, 'r')
  try {
    const last = Buffer.alloc(1)
    readSync(fd, last, 0, 1, size - 1)
    return last[0] === 0x0a
  } finally {
    closeSync(fd)
  }
}
