import { existsSync, readFileSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { type AccountSummary, readAccountsFile, vaultKey, writeAccountsFile } from '../core/credentials/account-store'
import type { SecretRecords } from './safe-storage-vault'

/**
 * Moves the accounts of desktop app versions that kept them in userData (`accounts.json`, and safeStorage
 * ciphertexts in electron-store's `settings.json`) into Crossdock's config directory as `safe-storage` entries,
 * once: the legacy files are renamed `*.migrated` afterwards, never deleted. Returns what was not moved, and why.
 */
export async function migrateLegacyDesktopAccounts(options: {
  configDir: string
  userData: string
  records: SecretRecords
}): Promise<string[]> {
  const { configDir, userData, records } = options
  const settingsPath = join(userData, 'settings.json')
  const secrets = legacySecrets(settingsPath)
  if (Object.keys(secrets).length === 0) return []
  const sharedPath = join(configDir, 'accounts.json')
  const legacyPath = join(userData, 'accounts.json')
  const oneFolder = sameFolder(userData, configDir)
  const shared = await readAccountsFile(sharedPath)
  const hasCiphertext = (account: AccountSummary): boolean => Object.hasOwn(secrets, vaultKey(account.name))
  const notices: string[] = []
  let kept = shared.accounts
  let moved: AccountSummary[] = []
  if (oneFolder) {
    // One accounts.json for both (userData is the config directory): its version 1 entries with a ciphertext are
    // the desktop app's. A version 2 file was rewritten since by a front end that recorded each token's vault.
    if (shared.version === 1) {
      moved = shared.accounts.filter(hasCiphertext)
      kept = shared.accounts.filter((account) => !hasCiphertext(account))
    }
  } else {
    const taken = new Set(shared.accounts.map((account) => account.name))
    for (const account of (await readAccountsFile(legacyPath)).accounts.filter(hasCiphertext)) {
      if (!taken.has(account.name)) moved.push(account)
      else
        notices.push(
          `Account ${account.name} of an earlier Crossdock desktop app was not moved: ${sharedPath} already has ` +
            `an account of that name, which is kept. The earlier one stays in ${legacyPath}.migrated.`,
        )
    }
  }
  if (moved.length > 0) {
    // Ciphertexts first: an entry must never name a token its vault does not hold.
    const copied = Object.fromEntries(
      moved.map((account) => [vaultKey(account.name), secrets[vaultKey(account.name)]!]),
    )
    records.write({ ...records.read(), ...copied })
    await writeAccountsFile(sharedPath, [
      ...kept,
      ...moved.map((account) => ({ ...account, vault: 'safe-storage' as const })),
    ])
  }
  for (const legacy of oneFolder ? [settingsPath] : [settingsPath, legacyPath])
    if (existsSync(legacy)) renameSync(legacy, `${legacy}.migrated`)
  return notices
}

/** electron-store's file held one key, `secrets`: base64 ciphertexts by vault key. */
function legacySecrets(path: string): Record<string, string> {
  if (!existsSync(path)) return {}
  const { secrets } = (JSON.parse(readFileSync(path, 'utf8')) ?? {}) as { secrets?: Record<string, unknown> }
  return Object.fromEntries(
    Object.entries(secrets ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
}

/** By identity, not by name: `Crossdock` and `crossdock` are one folder on the usual macOS and Windows disks. */
function sameFolder(a: string, b: string): boolean {
  try {
    const [one, other] = [statSync(a, { bigint: true }), statSync(b, { bigint: true })]
    return one.dev === other.dev && one.ino === other.ino
  } catch {
    return false
  }
}
