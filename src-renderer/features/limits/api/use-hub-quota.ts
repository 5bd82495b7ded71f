import { queryOptions, useQueries } from '@tanstack/react-query'
import { useCrossdockClient } from '../../../bridge/client-context'
import type { CrossdockClient } from '../../../bridge/crossdock-client'

function hubQuotaQuery(client: CrossdockClient, hubAccount: string | undefined) {
  return queryOptions({
    queryKey: ['limits.hub', hubAccount ?? null],
    queryFn: () => client.call('limits.hub', hubAccount ? { hubAccount } : {}),
    staleTime: 60_000,
  })
}

/**
 * The Docker Hub pull quota of each account (a free HEAD each), in the order given; `''` is the default (Docker config
 * user or anonymous).
 */
export function useHubQuotas(hubAccounts: readonly string[]) {
  const client = useCrossdockClient()
  return useQueries({ queries: hubAccounts.map((name) => hubQuotaQuery(client, name)) })
}
