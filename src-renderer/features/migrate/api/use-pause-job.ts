import type { JobEventsStore } from '../../../stores/job-events-store'
import { useJobMutation } from './job-mutation'

/** Stops starting new transfers; those in flight finish. */
export function usePauseJob(jobs: JobEventsStore) {
  return useJobMutation('jobs.pause', jobs)
}
