import { cleanup, render, type RenderResult } from '@testing-library/react'
import type { ReactElement } from 'react'
import { afterEach } from 'vitest'
import { AppShell } from '../../../../src-renderer/app/app-shell'
import { createAppStores, type AppStores } from '../../../../src-renderer/app/app-stores'
import { AppProviders, createQueryClient } from '../../../../src-renderer/app/providers'
import type { FakeBackend } from './fake-backend'

// Vitest runs without globals here, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup()
  localStorage.clear()
  window.location.hash = ''
})

export interface Rendered extends RenderResult {
  stores: AppStores
}

/**
 * Renders `ui` (the whole shell by default) with the fake backend, fresh stores and a query client that does not retry.
 */
export function renderWithBackend(
  backend: FakeBackend,
  ui: ReactElement = <AppShell />,
  stores: AppStores = createAppStores(localStorage),
): Rendered {
  const queryClient = createQueryClient()
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } })
  const result = render(
    <AppProviders client={backend.client} stores={stores} queryClient={queryClient}>
      {ui}
    </AppProviders>,
  )
  return { ...result, stores }
}

/** Opens a view the way the sidebar does. */
export function openView(hash: string): void {
  window.location.hash = hash
}
