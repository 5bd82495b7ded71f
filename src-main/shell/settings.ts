import { join } from 'node:path'
import { app, safeStorage } from 'electron'
import Store from 'electron-store'
import { AccountStore } from '../core/credentials/account-store'
import { SafeStorageVault } from './safe-storage-vault'

interface SettingsFile {
  /** safeStorage ciphertexts (base64) by vault key. */
  secrets: Record<string, string>
}

export interface Settings {
  accounts: AccountStore
  secretStorage: { description: string; secure: boolean }
}

/** The desktop app's settings file (electron-store) and saved accounts, both in userData; call after app ready. */
export async function openSettings(userData: string = app.getPath('userData')): Promise<Settings> {
  // Vault keys contain dots (`dockerhub/my.team`), so no dot-path access.
  const store = new Store<SettingsFile>({
    name: 'settings',
    cwd: userData,
    defaults: { secrets: {} },
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
  })
  const vault = await SafeStorageVault.open(safeStorage, {
    read: () => store.get('secrets'),
    write: (secrets) => store.set('secrets', secrets),
  })
  return {
    accounts: new AccountStore({ path: join(userData, 'accounts.json'), vault }),
    secretStorage: { description: vault.description, secure: vault.secure },
  }
}
