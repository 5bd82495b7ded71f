import { useQuery } from '@tanstack/react-query'
import { useCrossdockClient } from '../../../bridge/client-context'

export const appInfoQueryKey = ['app.info'] as const

/** Which backend this is (demo sandbox or real) and whether saved tokens are really protected. */
export function useAppInfo() {
  const client = useCrossdockClient()
  return useQuery({ queryKey: appInfoQueryKey, queryFn: () => client.call('app.info', {}), staleTime: Infinity })
}
