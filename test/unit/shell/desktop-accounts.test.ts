import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { openAccountStore } from '../../../src-main/core/credentials/open-account-store'
import { openDesktopAccounts } from '../../../src-main/shell/desktop-accounts'
import { fakeCredentialHelperPerTest } from '../../support/credential-helper'
import { stub } from '../../stubs/electron'

const TOKEN = 'dckr_pat_s3cr3t-value'
const CLI_TOKEN = 'dckr_pat_from-the-cli-42'

const fixture = fakeCredentialHelperPerTest('crossdock-desktop-accounts-')
let folders = 0
/** A fresh config directory and userData, and the environment both front ends see (with or without a helper). */
function machine(options: { helper: boolean }) {
  const root = join(fixture.dir, `machine-${++folders}`)
  const configDir = join(root, 'config')
  const userData = join(root, 'userData')
  const env: NodeJS.ProcessEnv = {
    CROSSDOCK_CONFIG_DIR: configDir,
    DOCKER_CONFIG: join(root, 'no-docker-config'),
    ...(options.helper ? { CROSSDOCK_CREDENTIAL_HELPER: fixture.helper.name } : {}),
  }
  const desktop = () => openDesktopAccounts(configDir, userData, env)
  return { configDir, userData, env, desktop, cli: () => openAccountStore(env) }
}

/** Every file under a folder, as one text: no token may be in it. */
function everything(folder: string): string {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n')
}

describe('openDesktopAccounts', () => {
  beforeEach(() => stub.reset())

  it("with a credential helper, the desktop app's accounts work in the CLI and the CLI's in the app", async () => {
    const { configDir, desktop, cli } = machine({ helper: true })
    const { accounts } = await desktop()
    expect(accounts.vaultDescription).toBe('docker-credential-crossdocktest')
    await accounts.add({ name: 'from.app', username: 'alice', secret: TOKEN })
    await expect((await cli()).signIn('from.app')).resolves.toEqual({ username: 'alice', secret: TOKEN })

    await (await cli()).add({ name: 'from-cli', username: 'bob', secret: CLI_TOKEN })
    const reopened = (await desktop()).accounts
    await expect(reopened.signIn('from-cli')).resolves.toEqual({ username: 'bob', secret: CLI_TOKEN })
    expect((await reopened.list()).map((a) => [a.name, a.vault])).toEqual([
      ['from-cli', 'credential-helper'],
      ['from.app', 'credential-helper'],
    ])
    expect(readdirSync(configDir)).toEqual(['accounts.json'])
    expect(everything(configDir)).not.toMatch(new RegExp(`${TOKEN}|${CLI_TOKEN}`))
  })

  it('without a helper, the app encrypts with safeStorage beside accounts.json and the CLI says to use it there', async () => {
    const { configDir, userData, desktop, cli } = machine({ helper: false })
    const { accounts } = await desktop()
    expect({ description: accounts.vaultDescription, secure: accounts.vaultSecure }).toEqual({
      description: 'the system keyring (gnome_libsecret)',
      secure: true,
    })
    await accounts.add({ name: 'my.team', username: 'alice', secret: TOKEN })
    const secretsFile = join(configDir, 'safe-storage.json')
    const { version, secrets } = JSON.parse(readFileSync(secretsFile, 'utf8'))
    expect({ version, keys: Object.keys(secrets) }).toEqual({ version: 1, keys: ['dockerhub/my.team'] })
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(join(configDir, 'accounts.json'), 'utf8')).accounts).toMatchObject([
      { name: 'my.team', vault: 'safe-storage' },
    ])
    expect(everything(configDir)).not.toContain(TOKEN)
    expect(() => readdirSync(userData)).toThrow(/ENOENT/)

    const reopened = (await desktop()).accounts
    await expect(reopened.signIn('my.team')).resolves.toEqual({ username: 'alice', secret: TOKEN })
    await expect((await cli()).signIn('my.team')).rejects.toMatchObject({
      code: 'CREDENTIALS',
      message: expect.stringContaining('crossdock accounts add my.team --user alice --replace'),
    })
    await reopened.remove('my.team')
    expect(JSON.parse(readFileSync(secretsFile, 'utf8')).secrets).toEqual({})
  })

  it('drops the ciphertexts no safe-storage entry names when it opens (the CLI replaced them)', async () => {
    const { configDir, desktop } = machine({ helper: false })
    const { accounts } = await desktop()
    await accounts.add({ name: 'kept', username: 'alice', secret: TOKEN })
    await accounts.add({ name: 'replaced', username: 'bob', secret: CLI_TOKEN })
    const accountsPath = join(configDir, 'accounts.json')
    const file = JSON.parse(readFileSync(accountsPath, 'utf8'))
    file.accounts[1].vault = 'credential-helper'
    writeFileSync(accountsPath, JSON.stringify(file))

    await desktop()
    const { secrets } = JSON.parse(readFileSync(join(configDir, 'safe-storage.json'), 'utf8'))
    expect(Object.keys(secrets)).toEqual(['dockerhub/kept'])
  })

  it('names a damaged safe-storage.json and how to fix it', async () => {
    const { configDir, desktop } = machine({ helper: false })
    mkdirSync(configDir, { recursive: true })
    writeFileSync(join(configDir, 'safe-storage.json'), '{"secrets": []}')
    const { accounts } = await desktop()
    await expect(accounts.add({ name: 'x', username: 'alice', secret: TOKEN })).rejects.toMatchObject({
      code: 'CREDENTIALS',
      message: expect.stringMatching(/safe-storage\.json is not a version 1 file .*fix or remove it/),
    })
  })
})
