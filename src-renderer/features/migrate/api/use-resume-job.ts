import type { JobEventsStore } from '../../../stores/job-events-store'
import { useJobMutation } from './job-mutation'

/** Continues a paused job, or runs an interrupted, cancelled or failed one again (also "Retry failed"). */
export function useResumeJob(jobs: JobEventsStore) {
  return useJobMutation('jobs.resume', jobs)
}
