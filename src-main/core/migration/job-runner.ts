import { setMaxListeners } from 'node:events'
import { CrossdockError } from '../lib/errors'
import { PauseGate } from '../lib/pause-gate'
import type { TagResult } from './copy-engine'
import type { CopyProgress } from './copy-stats'
import type { Job, JobListing, JobState, JobStore } from './job-store'
import { runJob, type MigrationServices } from './migration-run'
import type { MigrationSession } from './migration-session'
import { describeJobEnds, type MigrationSpec } from './migration-spec'
import type { QuotaWait } from './pull-quota-gate'

export type LiveJobState = JobState | 'paused' | 'waiting-quota' | 'interrupted' | 'damaged'

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
  /** Why the job cannot go on as it is: its record is damaged, or its last run failed outside any tag. */
  problem?: string
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
  problem?: string
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

  /** Runs a job just created in the store (createMigrationJob). */
  start(job: Job<MigrationSpec>): JobSnapshot {
    return this.run(job)
  }

  /** Refused, with nothing written, while another process (a CLI run, another UI) runs the job. */
  async resume(id: string): Promise<JobSnapshot> {
    const running = this.live.get(id)
    if (running) {
      running.pause.resume()
      return this.snapshot(running.job, running)
    }
    const job = await this.options.store.claim(id)
    if (job.record.state === 'finished') {
      job.release()
      throw new CrossdockError('USAGE', `Job ${id} has finished; its report says what it did.`)
    }
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

  async list(): Promise<JobSnapshot[]> {
    return (await this.options.store.list()).map((listed) => {
      const running = this.live.get(listed.id)
      if (running) return this.snapshot(running.job, running)
      return this.listedSnapshot(listed)
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
      this.options.onUpdate({
        ...this.snapshot(job, undefined),
        ...(live.progress ? { progress: live.progress } : {}),
        tags: live.tags.slice(-RECENT_TAGS),
        ...(live.problem ? { problem: live.problem } : {}),
      })
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
          live.tags.push({
            source: result.source,
            destination: result.destination,
            outcome: result.outcome,
            ...(result.error ? { error: result.error } : {}),
          })
          if (live.tags.length > RECENT_TAGS * 2) live.tags.splice(0, live.tags.length - RECENT_TAGS)
        },
        onPlan: () => update(),
      }
      await runJob(job, services)
    } catch (error) {
      if (!signal.aborted) live.problem = error instanceof Error ? error.message : String(error)
      recordFailure(job, signal.aborted, error)
      live.controller.abort() // tags still under way stop: the run has ended
    } finally {
      await session?.close()
      job.release()
    }
  }

  private listedSnapshot(listed: JobListing<MigrationSpec>): JobSnapshot {
    if (listed.state === 'damaged')
      return {
        id: listed.id,
        state: 'damaged',
        createdAt: listed.createdAt,
        runs: 0,
        from: '',
        to: '',
        tags: [],
        problem: listed.problem,
      }
    return this.snapshot(listed.job, undefined, listed.state)
  }

  /** `settled` is the state of a job no runner here runs (as listed); a job that just ended here has its own. */
  private snapshot(
    job: Job<MigrationSpec>,
    live: LiveJob | undefined,
    settled: LiveJobState = job.record.state,
  ): JobSnapshot {
    const { id, createdAt, runs, spec } = job.record
    const state: LiveJobState = live?.pause.paused
      ? 'paused'
      : live?.quotaWait
        ? 'waiting-quota'
        : live
          ? 'running'
          : settled
    return {
      id,
      state,
      createdAt,
      runs,
      ...describeJobEnds(spec),
      ...(live?.progress ? { progress: live.progress } : {}),
      ...(live?.quotaWait
        ? {
            quotaWait: {
              until: live.quotaWait.until.toISOString(),
              remaining: live.quotaWait.remaining,
              limit: live.quotaWait.limit,
            },
          }
        : {}),
      tags: live ? live.tags.slice(-RECENT_TAGS) : [],
      ...(live?.problem ? { problem: live.problem } : {}),
    }
  }
}

/**
 * runJob records a failure in the job; one that happened before it started (sign-in) is recorded here. A job
 * whose files cannot be written (a full disk, a removed directory) keeps its failure in memory and ends all
 * the same: the process and its other jobs go on.
 */
function recordFailure(job: Job<MigrationSpec>, aborted: boolean, error: unknown): void {
  try {
    if (job.record.state !== 'failed' && job.record.state !== 'cancelled') job.finish(aborted ? 'cancelled' : 'failed')
    job.append({
      type: 'error',
      code: error instanceof CrossdockError ? error.code : 'INTERNAL',
      message: error instanceof Error ? error.message : String(error),
    })
  } catch {
    // The job's own error already says which file could not be written and what to do.
  }
}
