import { useRequestedCall, type CallRequest } from '../../../lib/use-requested-call'

export type ScanRequest = CallRequest<'cutover.scan'>

/** Every image reference in the folders and its status; the last answer stays on screen while a rescan runs. */
export function useCutoverScan(request: ScanRequest | undefined) {
  return useRequestedCall('cutover.scan', request, { keepPrevious: true })
}
