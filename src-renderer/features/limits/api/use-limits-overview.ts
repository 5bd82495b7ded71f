import { useQuery } from '@tanstack/react-query'
import { useCrossdockClient } from '../../../bridge/client-context'
import { limitsOverviewQueryKey } from '../../../lib/query-keys'

/** Docker Hub's quotas (anonymous and each account, a free HEAD each) and ECR's API quotas. */
export function useLimitsOverview() {
  const client = useCrossdockClient()
  return useQuery({
    queryKey: limitsOverviewQueryKey,
    queryFn: () => client.call('limits.overview', {}),
    staleTime: 60_000,
  })
}
