import { useRequestedCall, type CallRequest } from '../../../lib/use-requested-call'

export type CostsRequest = CallRequest<'costs.estimate'>

/** Both sides' monthly cost; the last answer stays on screen while a changed assumption recomputes. */
export function useCostEstimate(request: CostsRequest | undefined) {
  return useRequestedCall('costs.estimate', request, { keepPrevious: true, gcTime: 10 * 60_000 })
}
