import type { RegistryCredential } from '../registry/credentials'
import { discard } from '../registry/http'
import { RegistryPool } from '../registry/registry-pool'
import type { RegistryClient } from '../registry/registry-client'
import { parsePullQuota, type PullQuota } from './pull-quota'

/** The repository Docker documents for reading the quota; any public image would do. */
const PROBE_REPOSITORY = 'ratelimitpreview/test'

/**
 * Reads the remaining pull quota of whoever `client` signs in as (anonymous: the caller's IP) with a HEAD,
 * which Docker does not count as a pull, so this is free to poll.
 */
export async function probePullQuota(client: RegistryClient, signal?: AbortSignal): Promise<PullQuota> {
  const response = await client.transport.send({
    method: 'HEAD',
    path: `/v2/${PROBE_REPOSITORY}/manifests/latest`,
    headers: {
      accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json',
    },
    scopes: [{ repository: PROBE_REPOSITORY, actions: ['pull'] }],
    expect: [200, 404],
    what: 'Docker Hub pull quota probe',
    signal,
  })
  await discard(response.body)
  return parsePullQuota(response.headers)
}

/**
 * The quota of one Docker Hub identity (none: anonymous), through a connection of its own; `endpoint` replaces
 * registry-1.docker.io.
 */
export async function probeHubQuota(
  credential: RegistryCredential | undefined,
  endpoint?: URL,
  signal?: AbortSignal,
): Promise<PullQuota> {
  const pool = new RegistryPool({
    credentials: async (host) => (host === 'docker.io' ? credential : undefined),
    endpoints: new Map(endpoint ? [['docker.io', endpoint]] : []),
  })
  try {
    return await probePullQuota(pool.client('docker.io'), signal)
  } finally {
    await pool.close()
  }
}
