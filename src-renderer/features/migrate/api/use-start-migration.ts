import type { JobEventsStore } from '../../../stores/job-events-store'
import { useJobMutation } from './job-mutation'

/** Starts a migration job; progress then arrives as `job` events. */
export function useStartMigration(jobs: JobEventsStore) {
  return useJobMutation('migrate.start', jobs)
}
