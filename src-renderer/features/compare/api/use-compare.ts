import { useRequestedCall, type CallRequest } from '../../../lib/use-requested-call'

export type CompareRequest = CallRequest<'compare.run'>

/** Docker Hub and ECR side by side; kept while the user looks at other views (it lists every repository and tag). */
export function useCompare(request: CompareRequest | undefined) {
  return useRequestedCall('compare.run', request, { keepPrevious: true, gcTime: 30 * 60_000 })
}
