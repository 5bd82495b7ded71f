import { safeStorage } from 'electron'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { SafeStorageVault, type SecretRecords } from '../../../src-main/shell/safe-storage-vault'
import { stub } from '../../stubs/electron'

const TOKEN = 'dckr_pat_s3cr3t'

function memoryRecords(): SecretRecords & { records: Record<string, string> } {
  return {
    records: {},
    read() {
      return { ...this.records }
    },
    write(records) {
      this.records = { ...records }
    },
  }
}

describe('SafeStorageVault', () => {
  beforeEach(() => stub.reset())

  it('keeps base64 ciphertext, never the secret, and decrypts it back', async () => {
    const records = memoryRecords()
    const vault = await SafeStorageVault.open(safeStorage, records, 'linux')
    await vault.put('dockerhub/my.team', TOKEN)
    expect(Object.keys(records.records)).toEqual(['dockerhub/my.team'])
    expect(records.records['dockerhub/my.team']).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(JSON.stringify(records.records)).not.toContain(TOKEN)
    expect(Buffer.from(records.records['dockerhub/my.team']!, 'base64').toString()).not.toContain(TOKEN)
    await expect(vault.get('dockerhub/my.team')).resolves.toBe(TOKEN)
    await expect(vault.get('dockerhub/other')).resolves.toBeUndefined()
    await expect(vault.get('toString')).resolves.toBeUndefined()
  })

  it('deletes one key, and deleting a missing key is no error', async () => {
    const records = memoryRecords()
    const vault = await SafeStorageVault.open(safeStorage, records, 'linux')
    await vault.put('a', 'one')
    await vault.put('b', 'two')
    await vault.delete('a')
    await vault.delete('missing')
    expect(Object.keys(records.records)).toEqual(['b'])
  })

  it('re-encrypts a secret when safeStorage says the key changed', async () => {
    const records = memoryRecords()
    const vault = await SafeStorageVault.open(safeStorage, records, 'linux')
    await vault.put('k', TOKEN)
    const encrypt = vi.spyOn(safeStorage, 'encryptStringAsync')
    stub.safeStorage.keyRotated = true
    await expect(vault.get('k')).resolves.toBe(TOKEN)
    expect(encrypt).toHaveBeenCalledWith(TOKEN)
    stub.safeStorage.keyRotated = false
    encrypt.mockClear()
    await expect(vault.get('k')).resolves.toBe(TOKEN)
    expect(encrypt).not.toHaveBeenCalled()
  })

  it.each([
    ['linux', 'gnome_libsecret', 'the system keyring (gnome_libsecret)', true],
    ['linux', 'kwallet6', 'the system keyring (kwallet6)', true],
    ['linux', 'basic_text', 'no keyring: tokens would only be obfuscated', false],
    ['darwin', 'unknown', 'the macOS Keychain', true],
    ['win32', 'unknown', 'Windows DPAPI (your user account)', true],
  ] as const)('on %s with %s: %s (secure %s)', async (platform, backend, description, secure) => {
    stub.safeStorage.backend = backend
    const vault = await SafeStorageVault.open(safeStorage, memoryRecords(), platform)
    expect({ description: vault.description, secure: vault.secure }).toEqual({ description, secure })
  })

  it('without encryption: insecure, and refuses to save instead of keeping plaintext', async () => {
    stub.safeStorage.available = false
    const records = memoryRecords()
    const vault = await SafeStorageVault.open(safeStorage, records, 'linux')
    expect(vault.secure).toBe(false)
    expect(vault.description).toBe('no encryption available: tokens cannot be saved')
    await expect(vault.put('k', TOKEN)).rejects.toMatchObject({ code: 'CREDENTIALS' })
    expect(records.records).toEqual({})
  })

  it('says which key cannot be decrypted, without the ciphertext', async () => {
    const records = memoryRecords()
    records.records = { 'dockerhub/work': Buffer.from('garbage').toString('base64') }
    const vault = await SafeStorageVault.open(safeStorage, records, 'linux')
    await expect(vault.get('dockerhub/work')).rejects.toMatchObject({
      code: 'CREDENTIALS',
      message: expect.stringContaining('dockerhub/work'),
    })
  })

  it('stops before encrypting when the signal is aborted', async () => {
    const vault = await SafeStorageVault.open(safeStorage, memoryRecords(), 'linux')
    await expect(vault.put('k', TOKEN, AbortSignal.abort())).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})
