import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { safeStorage } from 'electron'
import { beforeEach, describe, expect, it } from 'vitest'
import { openDesktopAccounts } from '../../../src-main/shell/desktop-accounts'
import { fakeCredentialHelperPerTest } from '../../support/credential-helper'
import { stub } from '../../stubs/electron'

const WORK_TOKEN = 'dckr_pat_work-legacy-0001'
const CLASH_TOKEN = 'dckr_pat_clash-legacy-0002'
const CLI_TOKEN = 'dckr_pat_cli-legacy-0003'
const TOKENS = new RegExp(`${WORK_TOKEN}|${CLASH_TOKEN}|${CLI_TOKEN}`)

const fixture = fakeCredentialHelperPerTest('crossdock-legacy-accounts-')
let folders = 0
const newRoot = (): string => join(fixture.dir, `machine-${++folders}`)

const entry = (name: string, username: string) => ({
  name,
  kind: 'dockerhub',
  username,
  addedAt: '2024-06-01T08:00:00.000Z',
  verifiedAt: '2024-06-01T07:59:00.000Z',
})

/** What an earlier desktop app left: a version 1 accounts.json and electron-store's settings.json of ciphertexts. */
async function legacyDesktop(folder: string, accounts: object[], tokens: Record<string, string>): Promise<void> {
  const secrets: Record<string, string> = {}
  for (const [name, token] of Object.entries(tokens))
    secrets[`dockerhub/${name}`] = (await safeStorage.encryptStringAsync(token)).toString('base64')
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, 'accounts.json'), JSON.stringify({ version: 1, accounts }))
  writeFileSync(join(folder, 'settings.json'), JSON.stringify({ secrets }))
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'))
/** Every file under a folder, as one text. */
const everything = (folder: string): string =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((file) => file.isFile())
    .map((file) => readFileSync(join(file.parentPath, file.name), 'utf8'))
    .join('\n')

describe('the move of an earlier desktop app’s accounts (openDesktopAccounts)', () => {
  beforeEach(() => stub.reset())

  it('from a separate userData: adds them as safe-storage entries, keeps a clashing name, renames the old files', async () => {
    const root = newRoot()
    const [configDir, userData] = [join(root, 'config'), join(root, 'userData')]
    const env = { CROSSDOCK_CONFIG_DIR: configDir, DOCKER_CONFIG: join(root, 'no-docker-config') }
    await legacyDesktop(userData, [entry('work', 'alice'), entry('clash', 'carol'), entry('tokenless', 'dan')], {
      work: WORK_TOKEN,
      clash: CLASH_TOKEN,
    })
    const legacyAccounts = readFileSync(join(userData, 'accounts.json'), 'utf8')
    const legacySettings = readFileSync(join(userData, 'settings.json'), 'utf8')
    // The CLI's own account of the same name, in its version 1 file.
    mkdirSync(configDir, { recursive: true })
    const cliClash = { ...entry('clash', 'cli-user'), addedAt: '2025-01-01T00:00:00.000Z' }
    writeFileSync(join(configDir, 'accounts.json'), JSON.stringify({ version: 1, accounts: [cliClash] }))

    const { accounts, notices } = await openDesktopAccounts(configDir, userData, env)

    expect(notices).toEqual([
      `Account clash of an earlier Crossdock desktop app was not moved: ${join(configDir, 'accounts.json')} already ` +
        'has an account of that name, which is kept. The earlier one stays in ' +
        `${join(userData, 'accounts.json')}.migrated.`,
    ])
    expect(readJson(join(configDir, 'accounts.json'))).toEqual({
      version: 2,
      accounts: [
        { ...cliClash, vault: 'credential-helper' },
        { ...entry('work', 'alice'), vault: 'safe-storage' },
      ],
    })
    expect(Object.keys(readJson(join(configDir, 'safe-storage.json')).secrets)).toEqual(['dockerhub/work'])
    await expect(accounts.signIn('work')).resolves.toEqual({ username: 'alice', secret: WORK_TOKEN })

    expect(readdirSync(userData).sort()).toEqual(['accounts.json.migrated', 'settings.json.migrated'])
    expect(readFileSync(join(userData, 'accounts.json.migrated'), 'utf8')).toBe(legacyAccounts)
    expect(readFileSync(join(userData, 'settings.json.migrated'), 'utf8')).toBe(legacySettings)
    expect(everything(root)).not.toMatch(TOKENS)

    // Once: the next start finds nothing to move.
    const again = await openDesktopAccounts(configDir, userData, env)
    expect(again.notices).toEqual([])
    expect((await again.accounts.list()).map((a) => a.name)).toEqual(['clash', 'work'])
  })

  it("in one folder (userData is the config directory by another name): the desktop app's v1 entries change vault", async () => {
    const root = newRoot()
    const configDir = join(root, 'crossdock')
    // What `Crossdock` and `crossdock` are on a case-insensitive disk: two names, one folder.
    const userData = join(root, 'Crossdock-by-another-name')
    const env = {
      CROSSDOCK_CONFIG_DIR: configDir,
      DOCKER_CONFIG: join(root, 'no-docker-config'),
      CROSSDOCK_CREDENTIAL_HELPER: fixture.helper.name,
    }
    await legacyDesktop(configDir, [entry('desk', 'alice'), entry('cli', 'bob')], { desk: WORK_TOKEN })
    symlinkSync(configDir, userData)
    await fixture.helper.put('crossdock://dockerhub/cli', { Username: 'dockerhub/cli', Secret: CLI_TOKEN })

    const { accounts, notices } = await openDesktopAccounts(configDir, userData, env)

    expect(notices).toEqual([])
    expect(readJson(join(configDir, 'accounts.json'))).toEqual({
      version: 2,
      accounts: [
        { ...entry('cli', 'bob'), vault: 'credential-helper' },
        { ...entry('desk', 'alice'), vault: 'safe-storage' },
      ],
    })
    await expect(accounts.signIn('desk')).resolves.toEqual({ username: 'alice', secret: WORK_TOKEN })
    await expect(accounts.signIn('cli')).resolves.toEqual({ username: 'bob', secret: CLI_TOKEN })
    expect(readdirSync(configDir).sort()).toEqual(['accounts.json', 'safe-storage.json', 'settings.json.migrated'])
    expect(everything(configDir)).not.toMatch(TOKENS)
  })

  it('starts all the same when the old settings cannot be read, and says so', async () => {
    const root = newRoot()
    const [configDir, userData] = [join(root, 'config'), join(root, 'userData')]
    mkdirSync(userData, { recursive: true })
    writeFileSync(join(userData, 'settings.json'), '{"secrets": {')
    const { accounts, notices } = await openDesktopAccounts(configDir, userData, {
      CROSSDOCK_CONFIG_DIR: configDir,
      DOCKER_CONFIG: join(root, 'no-docker-config'),
    })
    expect(notices).toHaveLength(1)
    expect(notices[0]).toContain(`The accounts of an earlier Crossdock desktop app in ${userData} were not moved`)
    expect(await accounts.list()).toEqual([])
    expect(existsSync(join(userData, 'settings.json'))).toBe(true)
  })
})
