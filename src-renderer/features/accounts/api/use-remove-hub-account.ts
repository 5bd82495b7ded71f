import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useCrossdockClient } from '../../../bridge/client-context'
import { invalidateHubAccounts } from './use-accounts'

export function useRemoveHubAccount() {
  const client = useCrossdockClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (name: string) => client.call('accounts.removeHub', { name }),
    onSuccess: () => invalidateHubAccounts(queryClient),
  })
}
