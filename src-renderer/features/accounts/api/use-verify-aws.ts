import { useMutation } from '@tanstack/react-query'
import type { CallArgs } from '../../../../src-main/contract'
import { useCrossdockClient } from '../../../bridge/client-context'

/** An explicit check the user asks for, so a mutation: it runs on "Verify", not on every render. */
export function useVerifyAws() {
  const client = useCrossdockClient()
  return useMutation({ mutationFn: (args: CallArgs<'accounts.verifyAws'>) => client.call('accounts.verifyAws', args) })
}
