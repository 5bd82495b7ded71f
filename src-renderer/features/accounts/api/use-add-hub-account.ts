import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { CallArgs } from '../../../../src-main/contract'
import { useCrossdockClient } from '../../../bridge/client-context'
import { invalidateHubAccounts } from './use-accounts'

export function useAddHubAccount() {
  const client = useCrossdockClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (args: CallArgs<'accounts.addHub'>) => client.call('accounts.addHub', args),
    onSuccess: () => invalidateHubAccounts(queryClient),
  })
}
