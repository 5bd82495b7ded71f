import { join } from 'node:path'
import { safeStorage } from 'electron'
import { type AccountStore, readAccountsFile, vaultKey } from '../core/credentials/account-store'
import { openAccountStore } from '../core/credentials/open-account-store'
import { migrateLegacyDesktopAccounts } from './legacy-desktop-accounts'
import { safeStorageFile } from './safe-storage-file'
import { SafeStorageVault, type SecretRecords } from './safe-storage-vault'

export interface DesktopAccounts {
  accounts: AccountStore
  /** What the move of an earlier version's accounts left behind, for the log. */
  notices: string[]
}

/**
 * The saved accounts the CLI and `crossdock ui` see too (openAccountStore in Crossdock's config directory), with
 * Electron safeStorage as the vault for new tokens when no credential helper is configured. Call after app ready.
 */
export async function openDesktopAccounts(
  configDir: string,
  userData: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DesktopAccounts> {
  const records = safeStorageFile(join(configDir, 'safe-storage.json'))
  // The app must start all the same: the legacy files stay where they are, and the log says why.
  const notices = await migrateLegacyDesktopAccounts({ configDir, userData, records }).catch((error: unknown) => [
    `The accounts of an earlier Crossdock desktop app in ${userData} were not moved: ${(error as Error).message}`,
  ])
  // A damaged file is reported where it is used (listing, signing in), not by refusing to start.
  await dropUnnamedCiphertexts(join(configDir, 'accounts.json'), records).catch(() => undefined)
  const vault = await SafeStorageVault.open(safeStorage, records)
  return { accounts: await openAccountStore(env, { configDir, safeStorage: vault }), notices }
}

/** The CLI can replace an account whose token safeStorage holds, but not erase that ciphertext: the app does. */
async function dropUnnamedCiphertexts(accountsPath: string, records: SecretRecords): Promise<void> {
  const { accounts } = await readAccountsFile(accountsPath)
  const named = new Set(accounts.filter((a) => a.vault === 'safe-storage').map((a) => vaultKey(a.name)))
  const secrets = records.read()
  const kept = Object.fromEntries(Object.entries(secrets).filter(([key]) => named.has(key)))
  if (Object.keys(kept).length < Object.keys(secrets).length) records.write(kept)
}
