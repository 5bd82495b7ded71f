import { parsePullQuota } from '../dockerhub/pull-quota'
import { probePullQuota } from '../dockerhub/quota-probe'
import type { CredentialResolver } from '../registry/credentials'
import { RegistryPool } from '../registry/registry-pool'
import { PullQuotaGate, type QuotaWait } from './pull-quota-gate'

export interface RegistryPoolsOptions {
  /** Who to be when pulling, per registry. */
  sourceCredentials: CredentialResolver
  /** Who to be when pushing, per registry. */
  destinationCredentials: CredentialResolver
  /** Where to reach registries other than by their names (a Docker Hub emulator, ECR's proxy endpoint). */
  endpoints: ReadonlyMap<string, URL>
  /** Registries spoken to over plain HTTP (loopback test registries). */
  plainHttp?: ReadonlySet<string>
  /** How often a run waiting for the Docker Hub quota asks again. */
  quotaPollMs: number
  onQuotaWait?: (wait: QuotaWait | undefined) => void
  signal?: AbortSignal
}

/** The two sides of a copy: pull-only sources and pull+push destinations, pulls kept within Docker Hub's quota. */
export interface RegistryPools {
  source: RegistryPool
  destination: RegistryPool
  /** Docker Hub's pull quota, fed by every source response's rate-limit headers. */
  quota: PullQuotaGate
  close(): Promise<void>
}

/** The one place a copy's registry connections and its pull-quota gate are put together (CLI copies and jobs). */
export function openRegistryPools(o: RegistryPoolsOptions): RegistryPools {
  // Only Docker Hub reports a pull quota, so the probe always asks docker.io (wherever that is reached).
  const quota = new PullQuotaGate({
    probe: () => probePullQuota(source.client('docker.io')),
    pollMs: o.quotaPollMs,
    onWait: o.onQuotaWait,
    signal: o.signal,
  })
  const source: RegistryPool = new RegistryPool({
    credentials: o.sourceCredentials,
    plainHttp: o.plainHttp,
    endpoints: o.endpoints,
    onResponse: (response) => quota.observe(new URL(response.url).host, parsePullQuota(response.headers)),
  })
  const destination = new RegistryPool({
    credentials: o.destinationCredentials,
    plainHttp: o.plainHttp,
    endpoints: o.endpoints,
    actions: ['pull', 'push'],
  })
  return {
    source,
    destination,
    quota,
    close: async () => void (await Promise.all([source.close(), destination.close()])),
  }
}
