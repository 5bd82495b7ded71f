import { setMaxListeners } from 'node:events'
import { CrossdockError } from '../lib/errors'
import { PauseGate } from '../lib/pause-gate'
import type { TagResult } from './copy-engine'
import type { CopyProgress } from './copy-stats'
import type { Job, JobState, JobStore } from './job-store'
import { runJob, type MigrationServices } from './migration-run'
import type { MigrationSession } from './migration-session'
import { describeJobEnds, type MigrationSpec } from './migration-spec'
import type { QuotaWait } from './pull-quota-gate'

export type LiveJobState = JobState | 'paused' | 'waiting-quota' | 'interrupted'

/** What a UI shows of a job: where it stands, its progress, and the latest tag outcomes. */
export interface JobSnapshot {
  id: string
  state: LiveJobState
  createdAt: string
  runs: number
  from: string
  to: string
  progress?: CopyProgress
  quotaWait?: { until: string; remaining: number; limit: number }
  tags: Pick<TagResult, 'source' | 'destination' | 'outcome' | 'error'>[]
}

export interface SessionCallbacks {
  onQuotaWait: (wait: QuotaWait | undefined) => void
  signal: AbortSignal
}

export interface JobRunnerOptions {
  store: JobStore<MigrationSpec>
  /** Signs in to both sides for a job's spec. */
  openSession: (spec: MigrationSpec, callbacks: SessionCallbacks) => Promise<MigrationSession>
  onUpdate: (job: JobSnapshot) => void
}

// Each update carries the latest outcomes, not all of them: a run of 50,000 tags would flood the UI.
const RECENT_TAGS = 200

interface LiveJob {
  job: Job<MigrationSpec>
  controller: AbortController
  pause: PauseGate
  progress?: CopyProgress
  quotaWait?: QuotaWait
  tags: JobSnapshot['tags']
  done: Promise<void>
}

/**
 * Runs migration jobs inside a long-lived process (the desktop app, `crossdock ui`): start, pause (new work
 * waits, work under way finishes), resume (a paused run goes on; a stopped job runs again, skipping what ECR
 * holds), cancel; every change is told through `onUpdate`.
 */
export class JobRunner {
  private readonly live = new Map<string, LiveJob>()

  constructor(private readonly options: JobRunnerOptions) {}

  start(spec: MigrationSpec): JobSnapshot {
    return this.run(this.options.store.create(spec))
  }

  resume(id: string): JobSnapshot {
    const running = this.live.get(id)
    if (running) {
      running.pause.resume()
      return this.snapshot(running.job, running)
    }
    const job = this.options.store.open(id)
    if (job.record.state === 'finished') throw new CrossdockError('USAGE', `Job ${id} has finished; its report says what it did.`)
    return this.run(job)
  }

  pause(id: string): JobSnapshot {
    const running = this.required(id)
    running.pause.pause()
    return this.snapshot(running.job, running)
  }

  cancel(id: string): JobSnapshot {
    const running = this.required(id)
    running.pause.resume()
    running.controller.abort()
    return this.snapshot(running.job, running)
  }

  list(): JobSnapshot[] {
    return this.options.store.list().map((job) => {
      const running = this.live.get(job.record.id)
      return this.snapshot(running?.job ?? job, running)
    })
  }

  get active(): number {
    return this.live.size
  }

  /** Cancels every running job and waits for each to record where it stopped. */
  async close(): Promise<void> {
    const running = [...this.live.values()]
    for (const job of running) job.controller.abort()
    await Promise.all(running.map((job) => job.done))
  }

  private required(id: string): LiveJob {
    const running = this.live.get(id)
    if (!running) throw new CrossdockError('USAGE', `Job ${id} is not running.`)
    return running
  }

  private run(job: Job<MigrationSpec>): JobSnapshot {
    const controller = new AbortController()
    setMaxListeners(0, controller.signal)
    const live: LiveJob = { job, controller, pause: new PauseGate(), tags: [], done: Promise.resolve() }
    this.live.set(job.record.id, live)
    const update = (): void => this.options.onUpdate(this.snapshot(job, this.live.get(job.record.id)))
    live.pause.onChange(update)
    live.done = this.execute(job, live, update).finally(() => {
      this.live.delete(job.record.id)
      // The last word on a run keeps its figures: where it ended, not a blank.
      this.options.onUpdate({ ...this.snapshot(job, undefined), ...(live.progress ? { progress: live.progress } : {}), tags: live.tags.slice(-RECENT_TAGS) })
    })
    return this.snapshot(job, live)
  }

  private async execute(job: Job<MigrationSpec>, live: LiveJob, update: () => void): Promise<void> {
    const { signal } = live.controller
    let session: MigrationSession | undefined
    try {
      session = await this.options.openSession(job.record.spec, {
        signal,
        onQuotaWait: (wait) => {
          live.quotaWait = wait
          update()
        },
      })
      const services: MigrationServices = {
        ...session.services,
        pause: live.pause,
        onProgress: (progress) => {
          live.progress = progress
          update()
        },
        onTagDone: (result) => {
          live.tags.push({ source: result.source, destination: result.destination, outcome: result.outcome, ...(result.error ? { error: result.error } : {}) })
          if (live.tags.length > RECENT_TAGS * 2) live.tags.splice(0, live.tags.length - RECENT_TAGS)
        },
        onPlan: () => update(),
      }
      await runJob(job, services)
    } catch (error) {
      // runJob records the failure in the job; one that happened before it started (sign-in) is recorded here.
      if (job.record.state !== 'failed' && job.record.state !== 'cancelled') job.finish(signal.aborted ? 'cancelled' : 'failed')
      job.append({ type: 'error', code: error instanceof CrossdockError ? error.code : 'INTERNAL', message: error instanceof Error ? error.message : String(error) })
    } finally {
      await session?.close()
    }
  }

  private snapshot(job: Job<MigrationSpec>, live: LiveJob | undefined): JobSnapshot {
    const { id, createdAt, runs, spec } = job.record
    const state: LiveJobState = live?.pause.paused ? 'paused' : live?.quotaWait ? 'waiting-quota' : live ? 'running' : job.displayState
    return {
      id,
      state,
      createdAt,
      runs,
      ...describeJobEnds(spec),
      ...(live?.progress ? { progress: live.progress } : {}),
      ...(live?.quotaWait ? { quotaWait: { until: live.quotaWait.until.toISOString(), remaining: live.quotaWait.remaining, limit: live.quotaWait.limit } } : {}),
      tags: live ? live.tags.slice(-RECENT_TAGS) : [],
    }
  }
}
