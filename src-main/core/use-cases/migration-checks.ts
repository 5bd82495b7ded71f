import type { ECRClient } from '@aws-sdk/client-ecr'
import type { MappingRule } from '../cutover/image-mapping'
import type { MigrationCheck } from '../cutover/reference-scan'
import { defaultDockerConfigPath, dockerConfigResolver } from '../credentials/docker-config'
import type { HubIdentity } from '../credentials/hub-identity'
import { hubRegistryEndpoints } from '../dockerhub/hub-endpoints'
import { ecrClient } from '../ecr/ecr-client'
import { ecrCredentialResolver } from '../ecr/ecr-registry-credentials'
import { ecrRegistryEndpoint } from '../ecr/ecr-registry-endpoint'
import { CrossdockError, isCrossdockError, type ErrorCode } from '../lib/errors'
import { memo } from '../lib/memo'
import { parseEcrHost } from '../reference/ecr-host'
import type { ImageRef } from '../reference/reference'
import type { CredentialResolver } from '../registry/credentials'
import { RegistryPool } from '../registry/registry-pool'
import type { UseCaseContext } from './context'

interface Head {
  digest?: string
  problem?: string
}

// How registries say an image is not there for us: unknown, or (Docker Hub, for a missing repository) not ours.
const ABSENT = new Set<ErrorCode>(['NAME_UNKNOWN', 'MANIFEST_UNKNOWN', 'AUTH_FAILED', 'DENIED'])

export interface CheckSettings {
  /** Who to be on Docker Hub for its HEADs (they cost no pulls, but an anonymous IP has its own limit). */
  identity: HubIdentity | undefined
  /** The rules whose targets will be asked: their ECR registries are signed in to with this AWS profile. */
  mapping: readonly MappingRule[]
  awsProfile?: string
  signal?: AbortSignal
}

/**
 * For the length of `use`, a check of whether a target holds the digest Docker Hub has now: one HEAD on each side
 * (a HEAD is never a Docker Hub pull), each answer kept for the references that repeat it.
 */
export async function withMigrationChecks<T>(
  context: UseCaseContext,
  settings: CheckSettings,
  use: (check: MigrationCheck) => Promise<T>,
): Promise<T> {
  const ecrClients: ECRClient[] = []
  const pools: RegistryPool[] = []
  try {
    const hub = new RegistryPool({
      credentials: async (host) => (host === 'docker.io' ? settings.identity?.credential : undefined),
      endpoints: hubRegistryEndpoints(context.endpoints),
    })
    pools.push(hub)
    const targets = await targetAccess(context, settings, ecrClients)
    const destination = new RegistryPool(targets)
    pools.push(destination)
    const digests = new Map<string, Promise<Head>>()
    const digestOf = (pool: RegistryPool, image: ImageRef): Promise<Head> =>
      memo(digests, `${image.registry}/${image.repository}@${image.digest ?? image.tag}`, async () => {
        try {
          const head = await pool
            .client(image.registry)
            .headManifest(image.repository, image.digest ?? image.tag ?? 'latest', { signal: settings.signal })
          return { digest: head?.digest }
        } catch (error) {
          // A repository that is not there, or not ours to read, is an answer about this image, not a failed scan.
          if (isCrossdockError(error) && ABSENT.has(error.code)) return { problem: error.message }
          throw error
        }
      })
    return await use(async (hubImage, target) => {
      const [now, there] = await Promise.all([digestOf(hub, hubImage), digestOf(destination, target)])
      return {
        ...(now.digest ? { hub: now.digest } : {}),
        ...(there.digest ? { target: there.digest } : {}),
        ...(now.digest
          ? {}
          : { problem: `Docker Hub has no such image readable here (${now.problem ?? 'not found'})` }),
      }
    })
  } finally {
    await Promise.all(pools.map((pool) => pool.close()))
    for (const client of ecrClients) client.destroy()
  }
}

/** Credentials and endpoints of the mapping's target registries: ECR's from AWS, others' from the Docker config. */
async function targetAccess(
  context: UseCaseContext,
  settings: CheckSettings,
  clients: ECRClient[],
): Promise<{ credentials: CredentialResolver; endpoints: Map<string, URL> }> {
  const dockerConfig = dockerConfigResolver({ configPath: defaultDockerConfigPath(context.env) })
  const ecr = new Map<string, CredentialResolver>()
  const endpoints = new Map<string, URL>()
  for (const host of new Set(settings.mapping.map((rule) => rule.to.registry))) {
    const named = parseEcrHost(host)
    if (!named) continue
    const client = ecrClient(named.region, settings.awsProfile)
    clients.push(client)
    const registry = await ecrRegistryEndpoint(client, named.region, settings.signal)
    if (registry.accountId !== named.accountId)
      throw new CrossdockError(
        'USAGE',
        `The mapping moves images to account ${named.accountId}, but the AWS credentials are for account ` +
          `${registry.accountId}; use a profile of ${named.accountId} (--profile), or --offline to skip the checks.`,
      )
    ecr.set(host, ecrCredentialResolver({ client, registry: host }))
    endpoints.set(host, registry.url)
  }
  return {
    credentials: async (host, options) => (ecr.get(host) ?? dockerConfig)(host, options),
    endpoints,
  }
}
