import { dockerConfigResolver } from '../core/credentials/docker-config'
import type { HubIdentity } from '../core/credentials/hub-identity'
import { hubRegistryEndpoints } from '../core/dockerhub/hub-endpoints'
import type { QuotaWait } from '../core/migration/pull-quota-gate'
import { openRegistryPools, type RegistryPools } from '../core/migration/registry-pools'
import { parseUserPass, type CredentialResolver, type RegistryCredential } from '../core/registry/credentials'
import type { UseCaseContext } from '../core/use-cases/context'
import { UsageError } from './usage-error'

/** Flags every command that talks to registries shares. */
export interface RegistryFlags {
  plainHttp?: string[]
  srcCreds?: string
  destCreds?: string
  /** Docker Hub's registry endpoint (`registry-1.docker.io`), overridable for emulators and mirrors. */
  hubRegistry?: string
}

export interface PoolOptions {
  context: Pick<UseCaseContext, 'endpoints' | 'quotaPollMs' | 'env'>
  signal?: AbortSignal
  /** Replaces the destination's credentials (ECR: GetAuthorizationToken), given the ones it would have had. */
  destinationCredentials?: (fallback: CredentialResolver) => CredentialResolver
  /** For a docker.io source: who to be there (the one precedence, --src-creds included); none = anonymous. */
  dockerHub?: { identity?: HubIdentity }
}

/**
 * The source (pull) and destination (pull+push) registry pools of `copy` and `sync`. Explicit credentials apply to
 * the named side's registry; every other registry falls back to ~/.docker/config.json and its helpers.
 */
export function registryPools(
  flags: RegistryFlags,
  sides: { source: string; destination: string },
  { context, signal, destinationCredentials, dockerHub }: PoolOptions,
): RegistryPools {
  const { env } = context
  const plainHttp = new Set(
    (flags.plainHttp ?? [])
      .flatMap((hosts) => hosts.split(','))
      .map((host) => host.trim())
      .filter(Boolean),
  )
  const docker = dockerConfigResolver()
  const destination = explicitOr(flags.destCreds ?? env.CROSSDOCK_DEST_CREDS, '--dest-creds', sides.destination, docker)
  return openRegistryPools({
    sourceCredentials:
      dockerHub && sides.source === 'docker.io'
        ? async (host, options) => (host === 'docker.io' ? dockerHub.identity?.credential : docker(host, options))
        : explicitOr(flags.srcCreds ?? env.CROSSDOCK_SRC_CREDS, '--src-creds', sides.source, docker),
    destinationCredentials: destinationCredentials ? destinationCredentials(destination) : destination,
    plainHttp,
    endpoints: hubRegistryEndpoints(context.endpoints),
    quotaPollMs: context.quotaPollMs,
    onQuotaWait: quotaWaitNotice(process.stderr),
    signal,
  })
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

/** USER:PASSWORD from a flag, as a credential; a malformed one is a usage error naming the flag. */
export function userPassFlag(text: string, flag: string): RegistryCredential {
  try {
    return parseUserPass(text, flag)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

function explicitOr(
  text: string | undefined,
  flag: string,
  registry: string,
  fallback: CredentialResolver,
): CredentialResolver {
  if (!text) return fallback
  const credential = userPassFlag(text, flag)
  return async (host, options) => (host === registry ? credential : fallback(host, options))
}
