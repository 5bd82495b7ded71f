import type { ReactNode } from 'react'
import { createRequiredContext } from '../lib/required-context'
import type { CrossdockClient } from './crossdock-client'

const clientContext = createRequiredContext<CrossdockClient>('useCrossdockClient', 'CrossdockClientProvider')

export function CrossdockClientProvider({ client, children }: { client: CrossdockClient; children: ReactNode }) {
  return <clientContext.Provider value={client}>{children}</clientContext.Provider>
}

export const useCrossdockClient = clientContext.useRequired
