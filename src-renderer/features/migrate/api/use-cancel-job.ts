import type { JobEventsStore } from '../../../stores/job-events-store'
import { useJobMutation } from './job-mutation'

/** Cancels a job; what was copied stays, and it can be resumed later. */
export function useCancelJob(jobs: JobEventsStore) {
  return useJobMutation('jobs.cancel', jobs)
}
