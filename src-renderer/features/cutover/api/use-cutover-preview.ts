import { useRequestedCall, type CallRequest } from '../../../lib/use-requested-call'

export type PreviewRequest = CallRequest<'cutover.preview'>

/** The rewrite as a diff per file, each edit labelled: nothing is written, so it runs whenever asked. */
export function useCutoverPreview(request: PreviewRequest | undefined) {
  return useRequestedCall('cutover.preview', request)
}
