import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { CallArgs } from '../../../../src-main/contract'
import { useCrossdockClient } from '../../../bridge/client-context'

/**
 * Writes the rewrite of exactly the files the user confirmed (refused when the plan changed since the preview). The
 * jobs it took its mapping from record it, so their reports are read again.
 */
export function useApplyRewrite() {
  const client = useCrossdockClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (args: CallArgs<'cutover.apply'>) => client.call('cutover.apply', args),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['jobs.report'] }),
  })
}
