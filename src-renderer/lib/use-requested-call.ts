import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { CallArgs, CallName, CallResult } from '../../src-main/contract'
import { useCrossdockClient } from '../bridge/client-context'

/** One press of a button that runs a call: the arguments, and a number so pressing again runs it again. */
export interface CallRequest<C extends CallName> {
  id: number
  args: CallArgs<C>
}

export interface RequestedCallOptions {
  /** Keep showing the last answer while the next one loads. */
  keepPrevious?: boolean
  gcTime?: number
}

/** A query that runs only when asked (Compare, Plan), and keeps its answer until asked again. */
export function useRequestedCall<C extends CallName>(
  name: C,
  request: CallRequest<C> | undefined,
  options: RequestedCallOptions = {},
) {
  const client = useCrossdockClient()
  return useQuery<CallResult<C>>({
    queryKey: [name, request?.id ?? 0, request?.args ?? null],
    queryFn: () => client.call(name, request!.args),
    enabled: request !== undefined,
    staleTime: Infinity,
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
    ...(options.gcTime !== undefined ? { gcTime: options.gcTime } : {}),
  })
}
