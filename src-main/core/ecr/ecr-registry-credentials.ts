import { GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr'
import { CrossdockError } from '../lib/errors'
import type { CredentialResolver, RegistryCredential } from '../registry/credentials'

interface IssuedToken {
  credential: Extract<RegistryCredential, { kind: 'basic' }>
  renewAt: number
}

export interface EcrCredentialOptions {
  client: ECRClient
  /** The registry host these credentials are for (`ACCOUNT.dkr.ecr.REGION.amazonaws.com`). */
  registry: string
  /** Credentials for every other registry. */
  fallback?: CredentialResolver
  now?: () => number
}

/**
 * Registry credentials for ECR from `GetAuthorizationToken` (`AWS:<password>`, valid 12 hours). The token is
 * kept and renewed before it expires (a tenth of its life or ten minutes early, whichever is less), and at
 * once when the registry refuses it, so a migration longer than a token's life goes on unnoticed.
 */
export function ecrCredentialResolver(options: EcrCredentialOptions): CredentialResolver {
  const now = options.now ?? Date.now
  let token: Promise<IssuedToken> | undefined
  let renewing = false
  return async (registry, resolveOptions) => {
    if (registry !== options.registry) return options.fallback?.(registry, resolveOptions)
    const current = renewing ? undefined : await token?.catch(() => undefined)
    // A refusal of a token already replaced (parallel requests sent the old one) needs no renewal; parallel
    // callers that find the token stale or refused join the one renewal under way.
    const refused =
      resolveOptions?.refused?.kind === 'basic' && resolveOptions.refused.password === current?.credential.password
    if (!renewing && (!current || refused || current.renewAt <= now())) {
      renewing = true
      token = issue(options.client, now).finally(() => (renewing = false))
    }
    return (await token!).credential
  }
}

async function issue(client: ECRClient, now: () => number): Promise<IssuedToken> {
  const answer = await client.send(new GetAuthorizationTokenCommand({}))
  const data = answer.authorizationData?.[0]
  const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (!data || colon <= 0)
    throw new CrossdockError('AUTH_FAILED', 'ECR GetAuthorizationToken answered without a usable token.')
  const issuedAt = now()
  const expiresAt = data.expiresAt?.getTime() ?? issuedAt + 12 * 3600_000
  const margin = Math.min(10 * 60_000, (expiresAt - issuedAt) / 10)
  return {
    credential: { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) },
    renewAt: expiresAt - margin,
  }
}
