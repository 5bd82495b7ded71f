import { useState } from 'react'
import { resolveCrossdockClient } from '../bridge/resolve-client'
import type { CrossdockClient } from '../bridge/crossdock-client'
import { AppShell } from './app-shell'
import { createAppStores, type AppStores } from './app-stores'
import { AppProviders, createQueryClient } from './providers'

export interface AppProps {
  /** Tests pass a fake; the page finds Electron's `window.crossdock` or talks HTTP to `crossdock ui`. */
  client?: CrossdockClient
  stores?: AppStores
}

export function App({ client, stores }: AppProps) {
  const [resolved] = useState(() => ({
    client: client ?? resolveCrossdockClient(),
    stores: stores ?? createAppStores(),
    queryClient: createQueryClient(),
  }))
  return (
    <AppProviders client={resolved.client} stores={resolved.stores} queryClient={resolved.queryClient}>
      <AppShell />
    </AppProviders>
  )
}
