import { join } from 'node:path'
import { describeHubIdentity, type HubIdentity } from '../core/credentials/hub-identity'
import { openAccountStore } from '../core/credentials/open-account-store'
import { crossdockConfigDir } from '../core/lib/config-dir'
import { createUseCaseContext, type UseCaseContext } from '../core/use-cases/context'

/** The use cases' context for one command: Crossdock's config directory, the environment, and the flags' endpoints. */
export function cliContext(
  flags: { hubApi?: string; hubRegistry?: string },
  env: NodeJS.ProcessEnv = process.env,
): UseCaseContext {
  return createUseCaseContext({
    env,
    openAccountStore: () => openAccountStore(env),
    jobsDirectory: join(crossdockConfigDir(env), 'jobs'),
    given: flags,
  })
}

/** The one line a command that uses Docker Hub prints first, so a run's log says whose pulls it spent. */
export function hubIdentityNotice(identity: HubIdentity | undefined): string {
  return identity ? `Docker Hub account: ${describeHubIdentity(identity)}` : 'Docker Hub: anonymous'
}
