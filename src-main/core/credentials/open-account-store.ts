import { join } from 'node:path'
import { crossdockConfigDir } from '../lib/config-dir'
import { AccountStore } from './account-store'
import { credentialHelperVault } from './credential-helper-vault'
import type { SecretVault } from './secret-vault'

export interface OpenAccountStoreOptions {
  /** Crossdock's config directory; crossdockConfigDir(env) by default. */
  configDir?: string
  /** Electron safeStorage, which only the desktop app can open. */
  safeStorage?: SecretVault
}

/**
 * The saved accounts as every front end opens them: `accounts.json` in Crossdock's config directory, so the CLI,
 * `crossdock ui` and the desktop app see the same accounts. New tokens go to the docker credential helper when one
 * is configured (then all three share them), else to safeStorage where the front end has it, else nowhere: saving
 * then says how to configure a helper.
 */
export async function openAccountStore(
  env: NodeJS.ProcessEnv = process.env,
  options: OpenAccountStoreOptions = {},
): Promise<AccountStore> {
  const helper = await credentialHelperVault(env)
  const { safeStorage } = options
  return new AccountStore({
    path: join(options.configDir ?? crossdockConfigDir(env), 'accounts.json'),
    vaults: { 'credential-helper': helper, ...(safeStorage ? { 'safe-storage': safeStorage } : {}) },
    saveTo: !helper.configured && safeStorage ? 'safe-storage' : 'credential-helper',
  })
}
