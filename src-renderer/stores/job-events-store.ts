import type { JobDto } from '../../src-main/contract'
import { createStore, useStore, type Store } from './external-store'

interface Entry {
  job: JobDto
  /** Bumped on every update, so an older call answer cannot overwrite a newer event. */
  version: number
}

/** The latest known state of each job: `job` events, and the answers of start/pause/resume/cancel. */
export interface JobEventsStore {
  readonly store: Store<ReadonlyMap<string, Entry>>
  apply(job: JobDto): void
  version(jobId: string): number
  /** Applies a call's answer only if no event for that job arrived since `version` was read. */
  applyIfUnchanged(job: JobDto, version: number): void
}

export function createJobEventsStore(): JobEventsStore {
  const store = createStore<ReadonlyMap<string, Entry>>(new Map())
  const version = (jobId: string): number => store.get().get(jobId)?.version ?? 0
  const apply = (job: JobDto): void =>
    store.set((previous) => {
      const next = new Map(previous)
      next.set(job.id, { job: keepFigures(previous.get(job.id)?.job, job), version: version(job.id) + 1 })
      return next
    })
  return {
    store,
    apply,
    version,
    applyIfUnchanged(job, seen) {
      if (version(job.id) === seen) apply(job)
    },
  }
}

/** A run's last update (once it stops) may come without figures: keep the ones that run already showed. */
function keepFigures(previous: JobDto | undefined, job: JobDto): JobDto {
  if (!previous || previous.runs !== job.runs) return job
  return { ...job, progress: job.progress ?? previous.progress, tags: job.tags ?? previous.tags }
}

export function useJobFromEvents(jobs: JobEventsStore, jobId: string | undefined): JobDto | undefined {
  return useStore(jobs.store, (entries) => (jobId ? entries.get(jobId)?.job : undefined))
}
