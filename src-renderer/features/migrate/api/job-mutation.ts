import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { CallArgs, JobDto } from '../../../../src-main/contract'
import { useCrossdockClient } from '../../../bridge/client-context'
import type { JobEventsStore } from '../../../stores/job-events-store'
import { jobsQueryKey } from './use-jobs'

export type JobCall = 'migrate.start' | 'jobs.pause' | 'jobs.resume' | 'jobs.cancel'

/**
 * The calls that answer with a job. The answer goes into the job events store, unless an event about that
 * job arrived while the call was out (the event is newer); the jobs list is refreshed.
 */
export function useJobMutation<C extends JobCall>(call: C, jobs: JobEventsStore) {
  const client = useCrossdockClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (args: CallArgs<C>) => client.call<JobCall>(call, args) as Promise<JobDto>,
    onMutate: (args: CallArgs<C>) => ({ seen: 'jobId' in args ? jobs.version(args.jobId) : 0 }),
    onSuccess: (job, _args, context) => {
      jobs.applyIfUnchanged(job, context.seen)
      return queryClient.invalidateQueries({ queryKey: jobsQueryKey })
    },
  })
}
