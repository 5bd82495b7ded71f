import { discard } from '../registry/http'
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
    headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json' },
    scopes: [{ repository: PROBE_REPOSITORY, actions: ['pull'] }],
    expect: [200, 404],
    what: 'Docker Hub pull quota probe',
    signal,
  })
  await discard(response.body)
  return parsePullQuota(response.headers)
}
