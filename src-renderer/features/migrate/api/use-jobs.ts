import { useQuery } from '@tanstack/react-query'
import { useCrossdockClient } from '../../../bridge/client-context'

export const jobsQueryKey = ['jobs.list'] as const

export function useJobs() {
  const client = useCrossdockClient()
  return useQuery({ queryKey: jobsQueryKey, queryFn: () => client.call('jobs.list', {}) })
}
