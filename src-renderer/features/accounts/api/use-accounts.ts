import { useQuery, type QueryClient } from '@tanstack/react-query'
import { useCrossdockClient } from '../../../bridge/client-context'
import { limitsOverviewQueryKey } from '../../../lib/query-keys'

export const accountsQueryKey = ['accounts.list'] as const

export function useAccounts() {
  const client = useCrossdockClient()
  return useQuery({ queryKey: accountsQueryKey, queryFn: () => client.call('accounts.list', {}) })
}

/** After an account is added or removed: the list, and the Limits view's quota of each account. */
export function invalidateHubAccounts(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: accountsQueryKey }),
    queryClient.invalidateQueries({ queryKey: limitsOverviewQueryKey }),
  ])
}
