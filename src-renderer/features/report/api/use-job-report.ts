import { useQuery } from '@tanstack/react-query'
import { useCrossdockClient } from '../../../bridge/client-context'

export function useJobReport(jobId: string | undefined) {
  const client = useCrossdockClient()
  return useQuery({
    queryKey: ['jobs.report', jobId ?? null],
    queryFn: () => client.call('jobs.report', { jobId: jobId! }),
    enabled: jobId !== undefined,
  })
}
