import { useMutation } from '@tanstack/react-query'
import { useCrossdockClient } from '../../../bridge/client-context'

/** The desktop app's folder dialog: the folders chosen, none when cancelled. */
export function usePickFolders() {
  const client = useCrossdockClient()
  return useMutation({ mutationFn: () => client.call('app.pickFolders', {}) })
}
