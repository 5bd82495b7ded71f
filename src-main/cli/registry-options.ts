import { dockerConfigResolver } from '../core/credentials/docker-config'
import type { CredentialResolver } from '../core/registry/credentials'
import { parseUserPass, type RegistryCredential } from '../core/registry/credentials'
import { parsePullQuota } from '../core/dockerhub/pull-quota'
import { probePullQuota } from '../core/dockerhub/quota-probe'
import { PullQuotaGate, type QuotaWait } from '../core/migration/pull-quota-gate'
import { RegistryPool } from '../core/registry/registry-pool'
import { hubCredentials, type HubAccount } from './hub-account'
import { UsageError } from './usage-error'

/** Flags every command that talks to registries shares. */
export interface RegistryFlags {
  plainHttp?: string[]
  srcCreds?: string
  destCreds?: string
  /** Docker Hub's registry endpoint (`registry-1.docker.io`), overridable for emulators and mirrors. */
  hubRegistry?: string
}

export interface RegistryPools {
  source: RegistryPool
  destination: RegistryPool
  /** Docker Hub's pull quota, fed by every source response's rate-limit headers. */
  quota: PullQuotaGate
  close(): Promise<void>
}

/**
 * Builds the source (pull) and destination (pull+push) registry pools. Explicit credentials apply to the
 * named side's registry; every other registry falls back to ~/.docker/config.json and its helpers.
 */
export interface PoolOptions {
  signal?: AbortSignal
  /** Replaces the destination's credentials (ECR: GetAuthorizationToken), given the ones it would have had. */
  destinationCredentials?: (fallback: CredentialResolver) => CredentialResolver
  /** For a docker.io source: the account resolveHubAccount chose (--src-creds included), none = anonymous. */
  dockerHub?: { account?: HubAccount }
  /** Where to reach registries other than by their names (ECR's proxyEndpoint when it is an override). */
  endpoints?: ReadonlyMap<string, URL>
  env?: NodeJS.ProcessEnv
}

export function registryPools(
  flags: RegistryFlags,
  sides: { source: string; destination: string },
  { signal, destinationCredentials, dockerHub, endpoints: extraEndpoints, env = process.env }: PoolOptions = {},
): RegistryPools {
  const plainHttp = new Set(
    (flags.plainHttp ?? [])
      .flatMap((hosts) => hosts.split(','))
      .map((host) => host.trim())
      .filter(Boolean),
  )
  const docker = dockerConfigResolver()
  const endpoints = new Map([...hubEndpoints(flags, env), ...(extraEndpoints ?? [])])
  // Only Docker Hub reports a pull quota, so the probe always asks docker.io (wherever that is reached).
  const quota = new PullQuotaGate({
    probe: () => probePullQuota(source.client('docker.io')),
    pollMs: quotaPollMs(env),
    onWait: quotaWaitNotice(process.stderr),
    signal,
  })
  const source: RegistryPool = new RegistryPool({
    credentials:
      dockerHub && sides.source === 'docker.io'
        ? hubCredentials(dockerHub.account, docker)
        : explicitOr(flags.srcCreds ?? env.CROSSDOCK_SRC_CREDS, '--src-creds', sides.source, docker),
    plainHttp,
    endpoints,
    onResponse: (response) => quota.observe(new URL(response.url).host, parsePullQuota(response.headers)),
  })
  const destinationBase = explicitOr(
    flags.destCreds ?? env.CROSSDOCK_DEST_CREDS,
    '--dest-creds',
    sides.destination,
    docker,
  )
  const destination = new RegistryPool({
    credentials: destinationCredentials ? destinationCredentials(destinationBase) : destinationBase,
    plainHttp,
    endpoints,
    actions: ['pull', 'push'],
  })
  return {
    source,
    destination,
    quota,
    close: async () => void (await Promise.all([source.close(), destination.close()])),
  }
}

/** How often a run waiting for the Docker Hub quota asks again: CROSSDOCK_QUOTA_POLL_SECONDS, 30 by default. */
export function quotaPollMs(env: NodeJS.ProcessEnv = process.env): number {
  return Number(env.CROSSDOCK_QUOTA_POLL_SECONDS ?? 30) * 1000
}

/** One line when the source side pauses for the Docker Hub quota, and one when it goes on. */
export function quotaWaitNotice(stream: NodeJS.WriteStream): (wait: QuotaWait | undefined) => void {
  return (wait) => {
    if (!wait) return void stream.write('Docker Hub quota available again: resuming.\n')
    const until = wait.until.toTimeString().slice(0, 5)
    if (wait.unreported) {
      return void stream.write(
        `warning: Docker Hub refuses pulls as over quota but reports no quota to wait for (no RateLimit headers); ` +
          `trying again at about ${until}.\n`,
      )
    }
    stream.write(
      `Waiting for Docker Hub quota until about ${until} (${wait.remaining} of ${wait.limit} pulls left); layers in ` +
        `flight finish meanwhile.\n`,
    )
  }
}

/** `docker.io` → the registry endpoint given by --hub-registry or CROSSDOCK_HUB_REGISTRY, if any. */
export function hubEndpoints(
  flags: Pick<RegistryFlags, 'hubRegistry'>,
  env: NodeJS.ProcessEnv = process.env,
): Map<string, URL> {
  const text = flags.hubRegistry ?? env.CROSSDOCK_HUB_REGISTRY
  if (!text) return new Map()
  return new Map([['docker.io', endpointUrl(text, '--hub-registry')]])
}

export function endpointUrl(text: string, flag: string): URL {
  try {
    const url = new URL(text)
    if (url.protocol === 'http:' || url.protocol === 'https:') return url
  } catch {
    // reported below
  }
  throw new UsageError(`${flag} must be an http:// or https:// URL (got "${text}").`)
}

function explicitOr(
  text: string | undefined,
  flag: string,
  registry: string,
  fallback: CredentialResolver,
): CredentialResolver {
  if (!text) return fallback
  let credential: RegistryCredential
  try {
    credential = parseUserPass(text, flag)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  return async (host, options) => (host === registry ? credential : fallback(host, options))
}
