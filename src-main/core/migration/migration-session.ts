import { DockerHubApi, type HubSignIn } from '../dockerhub/hub-api'
import { parsePullQuota } from '../dockerhub/pull-quota'
import { probePullQuota } from '../dockerhub/quota-probe'
import { ecrClient } from '../ecr/ecr-client'
import { ecrRegistryEndpoint } from '../ecr/ecr-registry-endpoint'
import { ecrCredentialResolver } from '../ecr/ecr-registry-credentials'
import { CrossdockError } from '../lib/errors'
import type { RegistryCredential } from '../registry/credentials'
import { HttpClient } from '../registry/http'
import { RegistryPool } from '../registry/registry-pool'
import type { MigrationServices } from './migration-run'
import { PullQuotaGate, type QuotaWait } from './pull-quota-gate'

export interface MigrationSessionOptions {
  region: string
  awsProfile?: string
  /** The account the user named; the credentials must be for it. */
  accountId?: string
  /** Who to be on Docker Hub: for the Hub API (user + token) and for pulls; none = anonymous. */
  hub?: { signIn?: HubSignIn; credential: RegistryCredential }
  /** Docker Hub's API and registry, when not the real hosts (emulators, mirrors). */
  endpoints: { hubApi: string; hubRegistry?: URL }
  quotaPollMs?: number
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
  const hub = new DockerHubApi({ http: hubHttp, baseUrl: o.endpoints.hubApi, signIn: o.hub?.signIn })
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
    const endpoints = new Map([
      [registry.host, registry.url],
      ...(o.endpoints.hubRegistry ? ([['docker.io', o.endpoints.hubRegistry]] as const) : []),
    ])
    // Only Docker Hub reports a pull quota, so the probe always asks docker.io (wherever that is reached).
    const quota = new PullQuotaGate({
      probe: () => probePullQuota(source.client('docker.io')),
      pollMs: o.quotaPollMs ?? 30_000,
      onWait: o.onQuotaWait,
      signal: o.signal,
    })
    const source: RegistryPool = new RegistryPool({
      credentials: async (host) => (host === 'docker.io' ? o.hub?.credential : undefined),
      endpoints,
      onResponse: (response) => quota.observe(new URL(response.url).host, parsePullQuota(response.headers)),
    })
    const destination = new RegistryPool({
      credentials: ecrCredentialResolver({ client: ecr, registry: registry.host }),
      endpoints,
      actions: ['pull', 'push'],
    })
    return {
      services: {
        hub,
        ecr,
        registry,
        source: (r) => source.client(r),
        destination: (r) => destination.client(r),
        quota,
        signal: o.signal,
        onWarning: o.onWarning,
      },
      close: async () => {
        await Promise.all([source.close(), destination.close()])
        closeClients()
      },
    }
  } catch (error) {
    closeClients()
    throw error
  }
}
