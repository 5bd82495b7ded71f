import type { Backend, EventName, Events } from '../contract'
import { CrossdockError } from '../core/lib/errors'
import { JobRunner } from '../core/migration/job-runner'
import { loadPriceTables } from '../core/pricing/price-tables'
import { openMigrationServices } from '../core/use-cases/connections'
import type { UseCaseContext } from '../core/use-cases/context'
import { jobStoreOf } from '../core/use-cases/jobs'
import { accountsCalls } from './accounts-calls'
import { compareCalls } from './compare-calls'
import { costsCalls } from './costs-calls'
import { cutoverCalls } from './cutover-calls'
import { limitsCalls } from './limits-calls'
import { migrationCalls } from './migration-calls'

export interface BackendOptions {
  version: string
  transport: 'ipc' | 'http'
  /** The use cases' services, built by the front end (createUseCaseContext). */
  context: UseCaseContext
  /** The emulated sandbox of `crossdock ui --demo`. */
  demo?: boolean
  /** The system's folder picker, where there is one (the desktop app's dialog). */
  pickFolders?: () => Promise<string[]>
}

export type CrossdockBackend = Backend & { close(): Promise<void>; activeJobs(): number }

/**
 * The contract implemented over core's use cases, for the desktop app and `crossdock ui`: each call group
 * validates nothing more than the contract did and maps core's answers to DTOs; jobs run in this process.
 */
export function createBackend(options: BackendOptions): CrossdockBackend {
  const { context } = options
  const tables = loadPriceTables()
  const listeners = new Set<<E extends EventName>(event: E, payload: Events[E]) => void>()
  const runner = new JobRunner({
    store: jobStoreOf(context),
    openSession: (spec, callbacks) => openMigrationServices(context, spec, callbacks),
    onUpdate: (job) => {
      for (const listener of listeners) listener('job', job)
    },
  })
  return {
    'app.info': async () => {
      const store = await context.accounts.store()
      return {
        version: options.version,
        transport: options.transport,
        demo: options.demo ?? false,
        secretStorage: { description: store.vaultDescription, secure: store.vaultSecure },
        canPickFolders: options.pickFolders !== undefined,
      }
    },
    'app.pickFolders': async () => {
      if (!options.pickFolders)
        throw new CrossdockError('USAGE', 'There is no folder picker in a browser; type the full path of the folder.')
      return { paths: await options.pickFolders() }
    },
    ...accountsCalls(context),
    ...compareCalls(context),
    ...migrationCalls(context, runner, tables),
    ...costsCalls(context, tables),
    ...limitsCalls(context, tables),
    ...cutoverCalls(context),
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: () => runner.close(),
    activeJobs: () => runner.active,
  }
}
