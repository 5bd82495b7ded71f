import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query'
import { useEffect, type ReactNode } from 'react'
import type { JobDto } from '../../src-main/contract'
import { ApiError } from '../bridge/api-error'
import { CrossdockClientProvider, useCrossdockClient } from '../bridge/client-context'
import type { CrossdockClient } from '../bridge/crossdock-client'
import { jobsQueryKey } from '../features/migrate/api/use-jobs'
import { isActive } from '../features/migrate/model/job-view'
import { AppStoresProvider, useAppStores, type AppStores } from './app-stores'

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Retry only what the backend says may work again (a dropped connection, a throttled API).
        retry: (failures, error) => error instanceof ApiError && error.retryable && failures < 2,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  })
}

/**
 * `job` events into the job store; a job that changes state refreshes the jobs list (and, once it stops, its report and
 * the comparison).
 */
function JobEventsSync() {
  const client = useCrossdockClient()
  const queryClient = useQueryClient()
  const { jobs } = useAppStores()
  useEffect(
    () =>
      client.subscribe((event, payload) => {
        if (event !== 'job') return
        const job = payload as JobDto
        const before = jobs.store.get().get(job.id)?.job.state
        jobs.apply(job)
        if (before === job.state) return
        void queryClient.invalidateQueries({ queryKey: jobsQueryKey })
        if (isActive(job.state)) return
        void queryClient.invalidateQueries({ queryKey: ['jobs.report', job.id] })
        // What ECR holds has changed: a comparison on screen is out of date.
        void queryClient.invalidateQueries({ queryKey: ['compare.run'] })
      }),
    [client, queryClient, jobs],
  )
  return null
}

export interface AppProvidersProps {
  client: CrossdockClient
  stores: AppStores
  queryClient: QueryClient
  children: ReactNode
}

export function AppProviders({ client, stores, queryClient, children }: AppProvidersProps) {
  return (
    <CrossdockClientProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <AppStoresProvider stores={stores}>
          <JobEventsSync />
          {children}
        </AppStoresProvider>
      </QueryClientProvider>
    </CrossdockClientProvider>
  )
}
