/** Somewhere secrets are kept: a keychain through a credential helper, or ciphertexts only a keychain's key opens. */
export interface SecretVault {
  /** Where the secrets live, for users to see, e.g. `docker-credential-secretservice`. */
  readonly description: string
  /** Whether secrets put here are really protected (a keychain), not merely obfuscated or refused. */
  readonly secure: boolean
  put(key: string, secret: string, signal?: AbortSignal): Promise<void>
  /** Undefined when nothing is kept under the key. */
  get(key: string): Promise<string | undefined>
  /** Deleting a key that holds nothing is not an error. */
  delete(key: string): Promise<void>
}
