import { join } from 'node:path'
import { AccountStore } from '../core/credentials/account-store'
import { credentialHelperVault } from '../core/credentials/credential-helper-vault'
import { defaultDockerConfigPath, dockerConfigResolver } from '../core/credentials/docker-config'
import type { HubSignIn } from '../core/dockerhub/hub-api'
import { parseUserPass, type CredentialResolver, type RegistryCredential } from '../core/registry/credentials'
import { crossdockConfigDir } from '../core/lib/config-dir'
import { UsageError } from './usage-error'

/** Where the Docker Hub account in use came from. */
export type HubAccountSource = 'saved-account' | 'src-creds' | 'environment' | 'docker-config'

export interface HubAccount {
  /** The saved account's name (source `saved-account` only). */
  name?: string
  /** The Docker Hub user; `identity token` for an OAuth entry of the Docker config. */
  user: string
  source: HubAccountSource
  credential: RegistryCredential
}

export interface HubAccountFlags {
  account?: string
  /** USER:PASSWORD given for a docker.io source; commands without a source leave it out. */
  srcCreds?: string
}

export async function openAccountStore(env: NodeJS.ProcessEnv = process.env): Promise<AccountStore> {
  return new AccountStore({
    path: join(crossdockConfigDir(env), 'accounts.json'),
    vault: await credentialHelperVault(env),
  })
}

/**
 * The Docker Hub account a command uses, for the Hub API and docker.io pulls alike: --account (or
 * CROSSDOCK_HUB_ACCOUNT) or --src-creds, else CROSSDOCK_HUB_USER + CROSSDOCK_HUB_TOKEN, else the docker.io entry of
 * ~/.docker/config.json (and its credential helper). Undefined means anonymous.
 */
export async function resolveHubAccount(
  flags: HubAccountFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<HubAccount | undefined> {
  const name = flags.account ?? env.CROSSDOCK_HUB_ACCOUNT
  if (name && flags.srcCreds)
    throw new UsageError(
      'Both --account (or CROSSDOCK_HUB_ACCOUNT) and --src-creds say how to sign in to Docker Hub; give one of them.',
    )
  if (name) {
    const { username, secret } = await (await openAccountStore(env)).signIn(name)
    return { name, user: username, source: 'saved-account', credential: { kind: 'basic', username, password: secret } }
  }
  if (flags.srcCreds) return fromCredential(userPass(flags.srcCreds), 'src-creds')
  if (env.CROSSDOCK_HUB_USER && env.CROSSDOCK_HUB_TOKEN) {
    return fromCredential(
      { kind: 'basic', username: env.CROSSDOCK_HUB_USER, password: env.CROSSDOCK_HUB_TOKEN },
      'environment',
    )
  }
  const credential = await dockerConfigResolver({ configPath: defaultDockerConfigPath(env) })('docker.io')
  return credential ? fromCredential(credential, 'docker-config') : undefined
}

function fromCredential(credential: RegistryCredential, source: HubAccountSource): HubAccount {
  return { user: credential.kind === 'basic' ? credential.username : 'identity token', source, credential }
}

function userPass(text: string): RegistryCredential {
  try {
    return parseUserPass(text, '--src-creds')
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/** The Hub API takes a user and a password or token; an identity token from `docker login` works for pulls only. */
export function hubSignInOf(account: HubAccount | undefined): HubSignIn | undefined {
  return account?.credential.kind === 'basic'
    ? { identifier: account.credential.username, secret: account.credential.password }
    : undefined
}

/** docker.io signs in as the account; every other registry as `others` says. */
export function hubCredentials(account: HubAccount | undefined, others: CredentialResolver): CredentialResolver {
  return async (registry, options) => (registry === 'docker.io' ? account?.credential : others(registry, options))
}

/** `work (alice)`, `alice (from CROSSDOCK_HUB_USER)`, `alice (from ~/.docker/config.json)`, or `anonymous`. */
export function describeHubAccount(account: HubAccount | undefined): string {
  if (!account) return 'anonymous'
  const from = {
    'saved-account': '',
    'src-creds': '--src-creds',
    environment: 'CROSSDOCK_HUB_USER',
    'docker-config': '~/.docker/config.json',
  }[account.source]
  return from ? `${account.user} (from ${from})` : `${account.name} (${account.user})`
}

/** The one line a copy from Docker Hub prints first, so a run's log says whose pulls it spent. */
export function hubAccountNotice(account: HubAccount | undefined): string {
  return account ? `Docker Hub account: ${describeHubAccount(account)}` : 'Docker Hub: anonymous'
}

/** What JSON output says about the account: never the credential. */
export function hubAccountJson(account: HubAccount): { name: string | null; user: string; source: HubAccountSource } {
  return { name: account.name ?? null, user: account.user, source: account.source }
}
