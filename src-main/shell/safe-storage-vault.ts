import type { SafeStorage } from 'electron'
import { CrossdockError, throwIfAborted } from '../core/lib/errors'
import type { SecretVault } from '../core/credentials/secret-vault'

export type SafeStorageCipher = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>

/** Where the ciphertexts live (safe-storage.json, see safeStorageFile): base64 strings by vault key. */
export interface SecretRecords {
  read(): Record<string, string>
  write(records: Record<string, string>): void
}

/**
 * Tokens encrypted with Electron's safeStorage (a key the OS keychain guards), kept as base64 in SecretRecords.
 * On Linux without a keyring (`basic_text`) that is obfuscation only, so `secure` says false.
 */
export class SafeStorageVault implements SecretVault {
  private constructor(
    private readonly cipher: SafeStorageCipher,
    private readonly records: SecretRecords,
    private readonly available: boolean,
    readonly description: string,
    readonly secure: boolean,
  ) {}

  static async open(
    cipher: SafeStorageCipher,
    records: SecretRecords,
    platform: NodeJS.Platform = process.platform,
  ): Promise<SafeStorageVault> {
    const available = await cipher.isAsyncEncryptionAvailable()
    if (!available)
      return new SafeStorageVault(cipher, records, false, 'no encryption available: tokens cannot be saved', false)
    if (platform === 'darwin') return new SafeStorageVault(cipher, records, true, 'the macOS Keychain', true)
    if (platform === 'win32')
      return new SafeStorageVault(cipher, records, true, 'Windows DPAPI (your user account)', true)
    const backend = cipher.getSelectedStorageBackend()
    // `unknown` means asked before app ready: nothing vouches for the key then either.
    if (backend === 'basic_text' || backend === 'unknown')
      return new SafeStorageVault(cipher, records, true, 'no keyring: tokens would only be obfuscated', false)
    return new SafeStorageVault(cipher, records, true, `the system keyring (${backend})`, true)
  }

  async put(key: string, secret: string, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal)
    if (!this.available)
      throw new CrossdockError(
        'CREDENTIALS',
        `Cannot save the token: ${this.description}. Use it without saving, or sign in to a keyring and restart ` +
          `Crossdock.`,
      )
    const encrypted = await this.cipher.encryptStringAsync(secret)
    this.records.write({ ...this.records.read(), [key]: encrypted.toString('base64') })
  }

  async get(key: string): Promise<string | undefined> {
    const records = this.records.read()
    if (!Object.hasOwn(records, key)) return undefined
    let decrypted: Awaited<ReturnType<SafeStorageCipher['decryptStringAsync']>>
    try {
      decrypted = await this.cipher.decryptStringAsync(Buffer.from(records[key]!, 'base64'))
    } catch {
      throw new CrossdockError(
        'CREDENTIALS',
        `The saved token ${key} cannot be decrypted with ${this.description} (was the keyring reset?); save it again.`,
      )
    }
    // The key was rotated or got stronger: store the secret again under the current one.
    if (decrypted.shouldReEncrypt) await this.put(key, decrypted.result)
    return decrypted.result
  }

  async delete(key: string): Promise<void> {
    const { [key]: _removed, ...rest } = this.records.read()
    this.records.write(rest)
  }
}
