import { dockerConfigResolver } from '../core/credentials/docker-config'
import type { CredentialResolver } from '../core/registry/credentials'
import { parseUserPass } from '../core/registry/credentials'
import { RegistryPool } from '../core/registry/registry-pool'
import { UsageError } from './usage-error'

/** Flags every command that talks to registries shares. */
export interface RegistryFlags {
  plainHttp?: string[]
  srcCreds?: string
  destCreds?: string
}

export interface RegistryPools {
  source: RegistryPool
  destination: RegistryPool
  close(): Promise<void>
}

/**
 * Builds the source (pull) and destination (pull+push) registry pools. Explicit credentials apply to the
 * named side's registry; every other registry falls back to ~/.docker/config.json and its helpers.
 */
export function registryPools(flags: RegistryFlags, sides: { source: string; destination: string }, env: NodeJS.ProcessEnv = process.env): RegistryPools {
  const plainHttp = new Set((flags.plainHttp ?? []).flatMap((hosts) => hosts.split(',')).map((host) => host.trim()).filter(Boolean))
  const docker = dockerConfigResolver()
  const source = new RegistryPool({
    credentials: explicitOr(flags.srcCreds ?? env.CROSSDOCK_SRC_CREDS, '--src-creds', sides.source, docker),
    plainHttp,
  })
  const destination = new RegistryPool({
    credentials: explicitOr(flags.destCreds ?? env.CROSSDOCK_DEST_CREDS, '--dest-creds', sides.destination, docker),
    plainHttp,
    actions: ['pull', 'push'],
  })
  return { source, destination, close: async () => void (await Promise.all([source.close(), destination.close()])) }
}

function explicitOr(text: string | undefined, flag: string, registry: string, fallback: CredentialResolver): CredentialResolver {
  if (!text) return fallback
  let credential
  try {
    credential = parseUserPass(text, flag)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  return async (host) => (host === registry ? credential : fallback(host))
}
