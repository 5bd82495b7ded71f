import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { CallArgs } from '../../../../src-main/contract'
import { useCrossdockClient } from '../../../bridge/client-context'

/** A workload against the limits: pure arithmetic on the backend, so it runs as the inputs change. */
export function useWhatIf(args: CallArgs<'limits.whatIf'> | undefined) {
  const client = useCrossdockClient()
  return useQuery({
    queryKey: ['limits.whatIf', args ?? null],
    queryFn: () => client.call('limits.whatIf', args!),
    enabled: args !== undefined,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  })
}
