import { CrossdockError } from '../lib/errors'
import { CredentialHelperProgram } from './credential-helper'
import { defaultDockerConfigPath, readDockerConfig } from './docker-config'
import type { SecretVault } from './secret-vault'

/** Our own scheme keeps these entries apart from the registries' in the same keychain. */
const serverUrlOf = (key: string): string => `crossdock://${key}`

/**
 * Keeps secrets in the keychain behind a docker credential helper (`store`, `get`, `erase`). Without a helper it
 * still describes itself, so listing saved accounts works, and every read or write says how to configure one.
 */
export class CredentialHelperVault implements SecretVault {
  readonly description: string
  readonly secure: boolean
  /** Whether a helper is named at all: without one, the desktop app keeps tokens in safeStorage instead. */
  readonly configured: boolean

  constructor(
    private readonly helper: CredentialHelperProgram | undefined,
    private readonly configPath: string,
  ) {
    this.configured = helper !== undefined
    this.secure = this.configured
    this.description = helper
      ? helper.program
      : `no credential helper (set "credsStore" in ${configPath} or CROSSDOCK_CREDENTIAL_HELPER)`
  }

  async put(key: string, secret: string, signal?: AbortSignal): Promise<void> {
    await this.program().store(serverUrlOf(key), { username: key, secret }, signal)
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.program().get(serverUrlOf(key)))?.secret || undefined
  }

  async delete(key: string): Promise<void> {
    await this.program().erase(serverUrlOf(key))
  }

  private program(): CredentialHelperProgram {
    if (this.helper) return this.helper
    throw new CrossdockError(
      'CREDENTIALS',
      `No credential helper is configured to keep Docker Hub tokens in: set "credsStore" in ${this.configPath} ` +
        `(secretservice, pass, osxkeychain, wincred or desktop) ` +
        'or CROSSDOCK_CREDENTIAL_HELPER to a helper name, or instead pass CROSSDOCK_HUB_USER and CROSSDOCK_HUB_TOKEN ' +
        'on each run.',
    )
  }
}

/**
 * The helper named by CROSSDOCK_CREDENTIAL_HELPER, else the `credsStore` of the Docker config (as `docker login` uses).
 */
export async function credentialHelperVault(env: NodeJS.ProcessEnv = process.env): Promise<CredentialHelperVault> {
  const configPath = defaultDockerConfigPath(env)
  if (env.CROSSDOCK_CREDENTIAL_HELPER) {
    return new CredentialHelperVault(
      new CredentialHelperProgram(env.CROSSDOCK_CREDENTIAL_HELPER, 'install it or change CROSSDOCK_CREDENTIAL_HELPER'),
      configPath,
    )
  }
  const { credsStore } = await readDockerConfig(configPath)
  return new CredentialHelperVault(
    credsStore
      ? new CredentialHelperProgram(credsStore, `install it or change "credsStore" in ${configPath}`)
      : undefined,
    configPath,
  )
}
