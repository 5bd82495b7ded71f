import { CrossdockError } from '../lib/errors'
import type { CredentialResolver, RegistryCredential } from '../registry/credentials'

/** Where the Docker Hub account in use came from. */
export type HubIdentitySource = 'saved-account' | 'src-creds' | 'environment' | 'docker-config'

/** Who Crossdock is on Docker Hub, for the Hub API and docker.io pulls alike. Undefined means anonymous. */
export interface HubIdentity {
  /** The saved account's name (source `saved-account` only). */
  name?: string
  /** The Docker Hub user; `identity token` for an OAuth entry of the Docker config. */
  user: string
  source: HubIdentitySource
  credential: RegistryCredential
}

export interface HubIdentityInputs {
  /** A saved account's name: `--account`, or the account chosen in the UI. */
  account?: string
  /** `--src-creds` (or CROSSDOCK_SRC_CREDS) of a copy from docker.io, already parsed. */
  srcCreds?: RegistryCredential
  env: NodeJS.ProcessEnv
  /** The user and token of a named account (saved, or kept for this session only). */
  signIn(name: string): Promise<{ username: string; secret: string }>
  /** The Docker config and its credential helpers. */
  dockerConfig: CredentialResolver
}

/**
 * The one precedence every front end applies: a named account (the choice, else CROSSDOCK_HUB_ACCOUNT), else
 * --src-creds, else CROSSDOCK_HUB_USER + CROSSDOCK_HUB_TOKEN, else the docker.io entry of ~/.docker/config.json
 * (and its credential helper), else anonymous.
 */
export async function resolveHubIdentity(inputs: HubIdentityInputs): Promise<HubIdentity | undefined> {
  const { env } = inputs
  const name = inputs.account ?? env.CROSSDOCK_HUB_ACCOUNT
  if (name && inputs.srcCreds)
    throw new CrossdockError(
      'USAGE',
      'Both --account (or CROSSDOCK_HUB_ACCOUNT) and --src-creds say how to sign in to Docker Hub; give one of them.',
    )
  if (name) {
    const { username, secret } = await inputs.signIn(name)
    return { name, user: username, source: 'saved-account', credential: { kind: 'basic', username, password: secret } }
  }
  if (inputs.srcCreds) return fromCredential(inputs.srcCreds, 'src-creds')
  if (env.CROSSDOCK_HUB_USER && env.CROSSDOCK_HUB_TOKEN) {
    return fromCredential(
      { kind: 'basic', username: env.CROSSDOCK_HUB_USER, password: env.CROSSDOCK_HUB_TOKEN },
      'environment',
    )
  }
  const credential = await inputs.dockerConfig('docker.io')
  return credential ? fromCredential(credential, 'docker-config') : undefined
}

function fromCredential(credential: RegistryCredential, source: HubIdentitySource): HubIdentity {
  return { user: credential.kind === 'basic' ? credential.username : 'identity token', source, credential }
}

/** The Hub API takes a user and a password or token; an identity token from `docker login` works for pulls only. */
export function hubSignInOf(identity: HubIdentity | undefined): { identifier: string; secret: string } | undefined {
  return identity?.credential.kind === 'basic'
    ? { identifier: identity.credential.username, secret: identity.credential.password }
    : undefined
}

/** `work (alice)`, `alice (from CROSSDOCK_HUB_USER)`, `alice (from ~/.docker/config.json)`, or `anonymous`. */
export function describeHubIdentity(identity: HubIdentity | undefined): string {
  if (!identity) return 'anonymous'
  const from = {
    'saved-account': '',
    'src-creds': '--src-creds',
    environment: 'CROSSDOCK_HUB_USER',
    'docker-config': '~/.docker/config.json',
  }[identity.source]
  return from ? `${identity.user} (from ${from})` : `${identity.name} (${identity.user})`
}

/** What JSON output says about the account: never the credential. */
export function hubIdentityJson(identity: HubIdentity): {
  name: string | null
  user: string
  source: HubIdentitySource
} {
  return { name: identity.name ?? null, user: identity.user, source: identity.source }
}
