import { useRequestedCall, type CallRequest } from '../../../lib/use-requested-call'

export type LiveRequest = CallRequest<'cutover.live'>

/** The running workloads (ECS, CodeBuild, Kubernetes) and which still pull from Docker Hub. */
export function useLiveWorkloads(request: LiveRequest | undefined) {
  return useRequestedCall('cutover.live', request, { keepPrevious: true })
}
