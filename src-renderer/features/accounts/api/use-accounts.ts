import { useQuery } from '@tanstack/react-query'
import { useCrossdockClient } from '../../../bridge/client-context'

export const accountsQueryKey = ['accounts.list'] as const

export function useAccounts() {
  const client = useCrossdockClient()
  return useQuery({ queryKey: accountsQueryKey, queryFn: () => client.call('accounts.list', {}) })
}
