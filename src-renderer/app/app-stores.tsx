import type { ReactNode } from 'react'
import type { CompareRequest } from '../features/compare/api/use-compare'
import type { CompareFilter } from '../features/compare/model/compare-rows'
import { DEFAULT_COST_FORM, type CostForm } from '../features/costs/model/cost-form'
import type { ScanRequest } from '../features/cutover/api/use-cutover-scan'
import type { PreviewRequest } from '../features/cutover/api/use-cutover-preview'
import type { LiveRequest } from '../features/cutover/api/use-live-workloads'
import { DEFAULT_CUTOVER_FORM, type CutoverForm } from '../features/cutover/model/cutover-form'
import { DEFAULT_LIVE_FORM, type LiveForm } from '../features/cutover/model/live-workloads'
import type { ReferenceFilter } from '../features/cutover/model/references'
import { DEFAULT_WHAT_IF_FORM, type WhatIfForm } from '../features/limits/model/what-if-form'
import type { PlanRequest } from '../features/migrate/api/use-migration-plan'
import { DEFAULT_SETTINGS_FORM, type SettingsForm } from '../features/migrate/model/settings-form'
import { createRequiredContext } from '../lib/required-context'
import type { CallRequest } from '../lib/use-requested-call'
import { createConnectionStore, type Connection } from '../stores/connection-store'
import { createStore, type Store } from '../stores/external-store'
import { createJobEventsStore, type JobEventsStore } from '../stores/job-events-store'
import { createSelectionStores, type SelectionStores } from '../stores/selection-stores'
import { createThemeStore, type ThemeChoice } from './theme'

export interface ActiveJob {
  id: string
  /** The plan's bytes when the job was started from this window's plan (a byte-based ETA). */
  plannedBytes?: number
  /** The plan request it was started from: that plan cannot start a second job. */
  planId?: number
}

/**
 * The app's client state, one set per App (so each test starts clean). Views keep their inputs while the user moves
 * around.
 */
export interface AppStores extends SelectionStores {
  connection: Store<Connection>
  theme: Store<ThemeChoice>
  jobs: JobEventsStore
  compareRequest: Store<CompareRequest | undefined>
  compareFilter: Store<CompareFilter>
  migrateForm: Store<SettingsForm>
  migratePlan: Store<PlanRequest | undefined>
  activeJob: Store<ActiveJob | undefined>
  /** The namespace and target "Estimate" was pressed for; the assumptions come from `costForm`. */
  costsTarget: Store<CallRequest<'compare.run'> | undefined>
  costForm: Store<CostForm>
  whatIfForm: Store<WhatIfForm>
  /** Cutover: the folders and mapping as typed, the scan and preview asked for, the filter, the live check. */
  cutoverForm: Store<CutoverForm>
  cutoverScan: Store<ScanRequest | undefined>
  cutoverFilter: Store<ReferenceFilter>
  cutoverPreview: Store<PreviewRequest | undefined>
  cutoverLiveForm: Store<LiveForm>
  cutoverLive: Store<LiveRequest | undefined>
}

export function createAppStores(storage?: Storage): AppStores {
  return {
    connection: createConnectionStore(storage),
    theme: createThemeStore(storage),
    jobs: createJobEventsStore(),
    ...createSelectionStores(),
    compareRequest: createStore<CompareRequest | undefined>(undefined),
    compareFilter: createStore<CompareFilter>({ state: 'all', search: '' }),
    migrateForm: createStore<SettingsForm>(DEFAULT_SETTINGS_FORM),
    migratePlan: createStore<PlanRequest | undefined>(undefined),
    activeJob: createStore<ActiveJob | undefined>(undefined),
    costsTarget: createStore<CallRequest<'compare.run'> | undefined>(undefined),
    costForm: createStore<CostForm>(DEFAULT_COST_FORM),
    whatIfForm: createStore<WhatIfForm>(DEFAULT_WHAT_IF_FORM),
    cutoverForm: createStore<CutoverForm>(DEFAULT_CUTOVER_FORM),
    cutoverScan: createStore<ScanRequest | undefined>(undefined),
    cutoverFilter: createStore<ReferenceFilter>('all'),
    cutoverPreview: createStore<PreviewRequest | undefined>(undefined),
    cutoverLiveForm: createStore<LiveForm>(DEFAULT_LIVE_FORM),
    cutoverLive: createStore<LiveRequest | undefined>(undefined),
  }
}

const storesContext = createRequiredContext<AppStores>('useAppStores', 'AppStoresProvider')

export function AppStoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <storesContext.Provider value={stores}>{children}</storesContext.Provider>
}

export const useAppStores = storesContext.useRequired
