import type { AccountStore } from '../credentials/account-store'
import { defaultDockerConfigPath, dockerConfigResolver } from '../credentials/docker-config'
import { hubEndpointsFrom, type HubEndpoints } from '../dockerhub/hub-endpoints'
import { HubAccounts } from './hub-accounts'

/** What every use case runs over. Each front end builds one per process, here, from its settings. */
export interface UseCaseContext {
  env: NodeJS.ProcessEnv
  endpoints: HubEndpoints
  /** How often a run waiting for the Docker Hub quota asks again. */
  quotaPollMs: number
  accounts: HubAccounts
  /** Where migration jobs live, one directory each (see jobStoreOf). */
  jobsDirectory: string
}

export interface UseCaseSettings {
  env: NodeJS.ProcessEnv
  /** Saved accounts, opened on first use (the CLI's `jobs` or `copy` never needs them). */
  openAccountStore: () => Promise<AccountStore>
  jobsDirectory: string
  /** Endpoints from the command line; they win over CROSSDOCK_HUB_API and CROSSDOCK_HUB_REGISTRY. */
  given?: { hubApi?: string; hubRegistry?: string }
}

/**
 * The composition root of core: the CLI, `crossdock ui` and the desktop app all build their context here. It
 * loads nothing heavy (no zod, no AWS SDK): commands that need neither start as fast as before.
 */
export function createUseCaseContext(settings: UseCaseSettings): UseCaseContext {
  const { env } = settings
  const endpoints = hubEndpointsFrom(settings.given ?? {}, env)
  return {
    env,
    endpoints,
    quotaPollMs: quotaPollMs(env),
    accounts: new HubAccounts(settings.openAccountStore, {
      dockerConfig: dockerConfigResolver({ configPath: defaultDockerConfigPath(env) }),
      endpoints,
      env,
    }),
    jobsDirectory: settings.jobsDirectory,
  }
}

/** CROSSDOCK_QUOTA_POLL_SECONDS, 30 by default. */
function quotaPollMs(env: NodeJS.ProcessEnv): number {
  return Number(env.CROSSDOCK_QUOTA_POLL_SECONDS ?? 30) * 1000
}
