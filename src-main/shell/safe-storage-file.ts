import { mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { writeFileAtomically } from '../core/lib/atomic-write'
import { CrossdockError } from '../core/lib/errors'
import type { SecretRecords } from './safe-storage-vault'

interface SafeStorageFile {
  version: 1
  /** safeStorage ciphertexts (base64) by vault key. */
  secrets: Record<string, string>
}

/**
 * safeStorage ciphertexts in a plain JSON file beside accounts.json (mode 0600, replaced atomically): only this
 * app's key, which the OS keychain guards, can decrypt them.
 */
export function safeStorageFile(path: string): SecretRecords {
  return {
    read: () => readSecrets(path),
    write(secrets) {
      const file: SafeStorageFile = { version: 1, secrets }
      try {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
        writeFileAtomically(path, `${JSON.stringify(file, null, 2)}\n`)
      } catch (error) {
        throw new CrossdockError('CREDENTIALS', `Cannot save the encrypted tokens ${path}: ${(error as Error).message}`)
      }
    },
  }
}

function readSecrets(path: string): Record<string, string> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new CrossdockError('CREDENTIALS', `Cannot read the encrypted tokens ${path}: ${(error as Error).message}`)
  }
  let file: Partial<SafeStorageFile> | null
  try {
    file = JSON.parse(text)
  } catch {
    file = null
  }
  const { secrets } = file ?? {}
  if (
    file?.version !== 1 ||
    typeof secrets !== 'object' ||
    secrets === null ||
    !Object.values(secrets).every((secret) => typeof secret === 'string')
  )
    throw new CrossdockError(
      'CREDENTIALS',
      `The encrypted tokens file ${path} is not a version 1 file of base64 strings; fix or remove it (then save ` +
        'the accounts it held again).',
    )
  return secrets
}
