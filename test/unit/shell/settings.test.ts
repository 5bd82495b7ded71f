import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSettings } from '../../../src-main/shell/settings'
import { stub } from '../../stubs/electron'

const TOKEN = 'dckr_pat_s3cr3t-value'

describe('openSettings', () => {
  let userData: string
  beforeEach(() => {
    stub.reset()
    userData = mkdtempSync(join(tmpdir(), 'crossdock-settings-'))
  })
  afterEach(() => rmSync(userData, { recursive: true, force: true }))

  it('saves accounts in userData with the token encrypted in settings.json (mode 0600), and signs in with it', async () => {
    const { accounts, secretStorage } = await openSettings(userData)
    expect(secretStorage.secure).toBe(true)
    await accounts.add({ name: 'my.team', username: 'alice', secret: TOKEN })
    const settingsFile = join(userData, 'settings.json')
    const onDisk = readFileSync(settingsFile, 'utf8') + readFileSync(join(userData, 'accounts.json'), 'utf8')
    expect(onDisk).not.toContain(TOKEN)
    expect(Object.keys(JSON.parse(readFileSync(settingsFile, 'utf8')).secrets)).toEqual(['dockerhub/my.team'])
    expect(statSync(settingsFile).mode & 0o777).toBe(0o600)
    const reopened = await openSettings(userData)
    await expect(reopened.accounts.signIn('my.team')).resolves.toEqual({ username: 'alice', secret: TOKEN })
    await reopened.accounts.remove('my.team')
    expect(JSON.parse(readFileSync(settingsFile, 'utf8')).secrets).toEqual({})
  })
})
