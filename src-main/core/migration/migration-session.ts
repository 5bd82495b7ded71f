import { hubSignInOf, type HubIdentity } from '../credentials/hub-identity'
import { DockerHubApi } from '../dockerhub/hub-api'
import { hubRegistryEndpoints, type HubEndpoints } from '../dockerhub/hub-endpoints'
import { ecrClient } from '../ecr/ecr-client'
import { ecrRegistryEndpoint } from '../ecr/ecr-registry-endpoint'
import { ecrCredentialResolver } from '../ecr/ecr-registry-credentials'
import { CrossdockError } from '../lib/errors'
import { HttpClient } from '../registry/http'
import type { MigrationServices } from './migration-run'
import type { QuotaWait } from './pull-quota-gate'
import { openRegistryPools } from './registry-pools'

export interface MigrationSessionOptions {
  region: string
  awsProfile?: string
  /** The account the user named; the credentials must be for it. */
  accountId?: string
  /** Who to be on Docker Hub: for the Hub API (user + token) and for pulls; none = anonymous. */
  hub?: HubIdentity
  endpoints: HubEndpoints
  quotaPollMs: number
  onQuotaWait?: (wait: QuotaWait | undefined) => void
  onWarning?: (message: string) => void
  signal?: AbortSignal
}

export interface MigrationSession {
  services: MigrationServices
  close(): Promise<void>
}

/**
 * Signs in to both sides for a migration: the Hub API and docker.io pulls as one Docker Hub account, AWS
 * credentials to the account's ECR registry (found from GetAuthorizationToken), pulls kept within the quota.
 */
export async function openMigrationSession(o: MigrationSessionOptions): Promise<MigrationSession> {
  const hubHttp = new HttpClient()
  const hub = new DockerHubApi({ http: hubHttp, baseUrl: o.endpoints.api, signIn: hubSignInOf(o.hub) })
  const ecr = ecrClient(o.region, o.awsProfile)
  const closeClients = (): void => {
    hubHttp.close()
    ecr.destroy()
  }
  try {
    const registry = await ecrRegistryEndpoint(ecr, o.region, o.signal)
    if (o.accountId && o.accountId !== registry.accountId) {
      throw new CrossdockError(
        'USAGE',
        `The target names account ${o.accountId}, but the AWS credentials are for account ${registry.accountId}; use ` +
          `a profile of ${o.accountId}.`,
      )
    }
    const pools = openRegistryPools({
      sourceCredentials: async (host) => (host === 'docker.io' ? o.hub?.credential : undefined),
      destinationCredentials: ecrCredentialResolver({ client: ecr, registry: registry.host }),
      endpoints: new Map([[registry.host, registry.url], ...hubRegistryEndpoints(o.endpoints)]),
      quotaPollMs: o.quotaPollMs,
      onQuotaWait: o.onQuotaWait,
      signal: o.signal,
    })
    return {
      services: {
        hub,
        ecr,
        registry,
        source: (r) => pools.source.client(r),
        destination: (r) => pools.destination.client(r),
        quota: pools.quota,
        signal: o.signal,
        onWarning: o.onWarning,
      },
      close: async () => {
        await pools.close()
        closeClients()
      },
    }
  } catch (error) {
    closeClients()
    throw error
  }
}
