import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { AccountStore, type Vaults, type VaultName } from '../../../../src-main/core/credentials/account-store'
import { credentialHelperVault } from '../../../../src-main/core/credentials/credential-helper-vault'
import {
  type FakeCredentialHelper,
  fakeCredentialHelperPerTest,
  installFakeCredentialHelper,
} from '../../../support/credential-helper'

const WORK_TOKEN = 'dckr_pat_work-0000-aaaa'
const HOME_TOKEN = 'dckr_pat_home-1111-bbbb'
const ADDED = new Date('2025-03-01T10:00:00Z')

const fixture = fakeCredentialHelperPerTest('crossdock-accounts-')
/** A second keychain, standing in for the desktop app's safeStorage: any SecretVault will do for the store. */
let desktop: FakeCredentialHelper
beforeAll(async () => {
  desktop = await installFakeCredentialHelper(fixture.dir, 'crossdockdesktop')
})
const helperVault = (name: string) =>
  credentialHelperVault({ CROSSDOCK_CREDENTIAL_HELPER: name, DOCKER_CONFIG: join(fixture.dir, 'no-docker-config') })
const vault = () => helperVault(fixture.helper.name)

let stores = 0
/** A fresh config folder (not created yet). */
function newFolder(): { path: string; folder: string } {
  const folder = join(fixture.dir, `config-${++stores}`, 'crossdock')
  return { path: join(folder, 'accounts.json'), folder }
}

/** A store over a fresh config folder and the fake helper, as the CLI opens it. */
async function newStore(): Promise<{ store: AccountStore; path: string; folder: string }> {
  const { path, folder } = newFolder()
  const store = new AccountStore({
    path,
    vaults: { 'credential-helper': await vault() },
    saveTo: 'credential-helper',
    now: () => ADDED,
  })
  return { store, path, folder }
}

/** Stores over one accounts file as the CLI opens it (helper only) and as the desktop app does (both vaults). */
async function frontEnds(saveTo: VaultName): Promise<{ cli: AccountStore; app: AccountStore; path: string }> {
  const { path } = newFolder()
  const vaults: Vaults = { 'credential-helper': await vault(), 'safe-storage': await helperVault(desktop.name) }
  return {
    cli: new AccountStore({
      path,
      vaults: { 'credential-helper': vaults['credential-helper'] },
      saveTo: 'credential-helper',
    }),
    app: new AccountStore({ path, vaults, saveTo, now: () => ADDED }),
    path,
  }
}

/** The helper's keychain is one for the whole file, so each test uses account names of its own. */
const serverUrl = (name: string): string => `crossdock://dockerhub/${name}`

describe('AccountStore', () => {
  it('saves the name and user in a 0600 file and the token only in the vault', async () => {
    const { store, path, folder } = await newStore()
    const summary = await store.add({
      name: 'work',
      username: 'alice',
      secret: WORK_TOKEN,
      verifiedAt: '2025-03-01T09:59:00.000Z',
    })
    expect(summary).toEqual({
      name: 'work',
      kind: 'dockerhub',
      username: 'alice',
      vault: 'credential-helper',
      addedAt: ADDED.toISOString(),
      verifiedAt: '2025-03-01T09:59:00.000Z',
    })

    const text = await readFile(path, 'utf8')
    expect(JSON.parse(text)).toEqual({ version: 2, accounts: [summary] })
    expect(text).not.toContain(WORK_TOKEN)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(await readdir(folder)).toEqual(['accounts.json'])
    expect((await fixture.helper.entries())[serverUrl('work')]?.Secret).toBe(WORK_TOKEN)

    expect(await store.list()).toEqual([summary])
    expect(await store.get('work')).toEqual(summary)
    expect(await store.signIn('work')).toEqual({ username: 'alice', secret: WORK_TOKEN })
    expect(store.vaultDescription).toBe('docker-credential-crossdocktest')
  })

  it('keeps several accounts, sorted by name, without a verifiedAt when not verified', async () => {
    const { store } = await newStore()
    await store.add({ name: 'zeta', username: 'zed', secret: HOME_TOKEN })
    await store.add({ name: 'alpha', username: 'al', secret: WORK_TOKEN })
    const accounts = await store.list()
    expect(accounts.map((a) => a.name)).toEqual(['alpha', 'zeta'])
    expect(accounts[1]).not.toHaveProperty('verifiedAt')
  })

  it('refuses to overwrite an account unless told to replace it', async () => {
    const { store, path } = await newStore()
    await store.add({ name: 'dup', username: 'alice', secret: WORK_TOKEN })
    const before = await readFile(path, 'utf8')
    await expect(store.add({ name: 'dup', username: 'bob', secret: HOME_TOKEN })).rejects.toMatchObject({
      code: 'ACCOUNT_EXISTS',
      message: expect.stringContaining('--replace'),
    })
    expect(await readFile(path, 'utf8')).toBe(before)
    expect(await store.signIn('dup')).toEqual({ username: 'alice', secret: WORK_TOKEN })

    await store.add({ name: 'dup', username: 'bob', secret: HOME_TOKEN }, { replace: true })
    expect(await store.signIn('dup')).toEqual({ username: 'bob', secret: HOME_TOKEN })
    expect(await store.list()).toHaveLength(1)
  })

  it.each(['', '-leading-dash', 'has space', 'slash/name', 'x'.repeat(65), 'ünïcode'])(
    'refuses the account name %j before storing anything',
    async (name) => {
      const { store, path } = await newStore()
      const calls = (await fixture.helper.calls()).length
      await expect(store.add({ name, username: 'alice', secret: WORK_TOKEN })).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringContaining('letters, digits, dots, dashes or underscores'),
      })
      expect(await fixture.helper.calls()).toHaveLength(calls)
      await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' })
    },
  )

  it('accepts names with dots, dashes and underscores', async () => {
    const { store } = await newStore()
    await store.add({ name: 'ci.bot_2-prod', username: 'ci', secret: WORK_TOKEN })
    expect((await store.get('ci.bot_2-prod')).username).toBe('ci')
  })

  it('names the saved accounts and `crossdock accounts add` for an unknown name', async () => {
    const { store } = await newStore()
    await expect(store.signIn('nobody')).rejects.toMatchObject({
      code: 'ACCOUNT_UNKNOWN',
      message: expect.stringContaining('no account is saved yet'),
    })
    await store.add({ name: 'known-a', username: 'a', secret: WORK_TOKEN })
    await store.add({ name: 'known-b', username: 'b', secret: HOME_TOKEN })
    // One at a time: a rejection must have its handler before it happens.
    for (const attempt of [() => store.get('nobody'), () => store.signIn('nobody'), () => store.remove('nobody')]) {
      const error = (await attempt().catch((e: unknown) => e)) as Error & { code?: string }
      expect(error.code).toBe('ACCOUNT_UNKNOWN')
      expect(error.message).toContain('known-a, known-b')
      expect(error.message).toContain('crossdock accounts add nobody')
    }
  })

  it('removes the entry and erases the token from the vault', async () => {
    const { store } = await newStore()
    await store.add({ name: 'gone', username: 'alice', secret: WORK_TOKEN })
    await store.add({ name: 'stays', username: 'bob', secret: HOME_TOKEN })
    expect(await store.remove('gone')).toMatchObject({ name: 'gone', username: 'alice' })
    expect((await store.list()).map((a) => a.name)).toEqual(['stays'])
    expect(await fixture.helper.entries()).not.toHaveProperty([serverUrl('gone')])
    expect(await store.signIn('stays')).toEqual({ username: 'bob', secret: HOME_TOKEN })
  })

  it('saves nothing when the vault refuses the token', async () => {
    await fixture.helper.script(serverUrl('refused'), { stderr: `cannot store ${WORK_TOKEN}\n`, exitCode: 1 })
    const { store, path } = await newStore()
    const error = (await store
      .add({ name: 'refused', username: 'alice', secret: WORK_TOKEN })
      .catch((e: unknown) => e)) as Error & { code?: string }
    expect(error.code).toBe('CREDENTIALS')
    expect(error.message).not.toContain(WORK_TOKEN)
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('erases the token again when the accounts file cannot be written', async () => {
    const blocker = join(fixture.dir, 'a-file-not-a-folder')
    await writeFile(blocker, '')
    const store = new AccountStore({
      path: join(blocker, 'accounts.json'),
      vaults: { 'credential-helper': await vault() },
      saveTo: 'credential-helper',
    })
    await expect(store.add({ name: 'orphan', username: 'alice', secret: WORK_TOKEN })).rejects.toMatchObject({
      code: 'CREDENTIALS',
      message: expect.stringContaining(blocker),
    })
    expect(await fixture.helper.entries()).not.toHaveProperty([serverUrl('orphan')])
  })

  it('says how to fix a token missing from the vault', async () => {
    const { store } = await newStore()
    await store.add({ name: 'lost', username: 'alice', secret: WORK_TOKEN })
    await (await vault()).delete('dockerhub/lost')
    await expect(store.signIn('lost')).rejects.toMatchObject({
      code: 'CREDENTIALS',
      message: expect.stringContaining('crossdock accounts add lost --user alice --replace'),
    })
  })

  it.each<[string, string, string]>([
    ['not JSON', '{"version": 1,', 'is not valid JSON'],
    ['another version', '{"version": 3, "accounts": []}', 'is not a version 1 or 2 accounts file'],
    [
      'an entry without a user',
      '{"version": 1, "accounts": [{"name": "x", "kind": "dockerhub", "addedAt": "2025-01-01"}]}',
      'has an entry without',
    ],
    [
      'an entry of an unknown vault',
      '{"version": 2, "accounts": [{"name": "x", "kind": "dockerhub", "username": "u", "addedAt": "2025-01-01", ' +
        '"vault": "keyring"}]}',
      'has an entry (x) whose vault is not credential-helper or safe-storage',
    ],
  ])('reports an accounts file that is %s, naming it', async (_name, content, message) => {
    const { store, path } = await newStore()
    await store.add({ name: 'corrupted', username: 'alice', secret: WORK_TOKEN })
    await writeFile(path, content)
    const error = (await store.list().catch((e: unknown) => e)) as Error & { code?: string }
    expect(error.code).toBe('CREDENTIALS')
    expect(error.message).toContain(path)
    expect(error.message).toContain(message)
  })

  it('drops fields it does not know, so a token pasted into the file is not carried on', async () => {
    const { store, path } = await newStore()
    await store.add({ name: 'first', username: 'alice', secret: WORK_TOKEN })
    const file = JSON.parse(await readFile(path, 'utf8'))
    file.accounts[0].secret = HOME_TOKEN
    await writeFile(path, JSON.stringify(file))
    expect(await store.list()).toEqual([
      { name: 'first', kind: 'dockerhub', username: 'alice', vault: 'credential-helper', addedAt: ADDED.toISOString() },
    ])
    await store.add({ name: 'second', username: 'bob', secret: WORK_TOKEN })
    expect(await readFile(path, 'utf8')).not.toContain(HOME_TOKEN)
  })
})

describe('AccountStore over two vaults (accounts.json version 2)', () => {
  it('records the vault of each entry, and keeps each token only there', async () => {
    const { app, path } = await frontEnds('safe-storage')
    await app.add({ name: 'v2-desk', username: 'alice', secret: WORK_TOKEN })
    const text = await readFile(path, 'utf8')
    expect(JSON.parse(text)).toEqual({
      version: 2,
      accounts: [
        { name: 'v2-desk', kind: 'dockerhub', username: 'alice', vault: 'safe-storage', addedAt: ADDED.toISOString() },
      ],
    })
    expect(text).not.toContain(WORK_TOKEN)
    expect((await desktop.entries())[serverUrl('v2-desk')]?.Secret).toBe(WORK_TOKEN)
    expect(await fixture.helper.entries()).not.toHaveProperty([serverUrl('v2-desk')])
    expect(app.vaultDescription).toBe('docker-credential-crossdockdesktop')
    expect(await app.signIn('v2-desk')).toEqual({ username: 'alice', secret: WORK_TOKEN })
  })

  it('reads a version 1 file as credential-helper entries and rewrites it as version 2 on the next add', async () => {
    const { store, path } = await newStore()
    const old = { name: 'v1-old', kind: 'dockerhub', username: 'alice', addedAt: '2024-12-01T00:00:00.000Z' }
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, JSON.stringify({ version: 1, accounts: [old] }))
    await fixture.helper.put(serverUrl('v1-old'), { Username: 'dockerhub/v1-old', Secret: WORK_TOKEN })

    expect(await store.list()).toEqual([{ ...old, vault: 'credential-helper' }])
    expect(await store.signIn('v1-old')).toEqual({ username: 'alice', secret: WORK_TOKEN })
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(1)

    await store.add({ name: 'v1-new', username: 'bob', secret: HOME_TOKEN })
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      version: 2,
      accounts: [
        {
          name: 'v1-new',
          kind: 'dockerhub',
          username: 'bob',
          vault: 'credential-helper',
          addedAt: ADDED.toISOString(),
        },
        { ...old, vault: 'credential-helper' },
      ],
    })
  })

  it('lists an entry whose vault this front end lacks, and says how to use or replace it instead of signing in', async () => {
    const { cli, app } = await frontEnds('safe-storage')
    await app.add({ name: 'lacked', username: 'alice', secret: WORK_TOKEN })
    expect(await cli.list()).toMatchObject([{ name: 'lacked', vault: 'safe-storage' }])
    expect(cli.describeVault('safe-storage')).toBe('the Crossdock desktop app (Electron safeStorage)')
    expect(cli.describeVault('credential-helper')).toBe('docker-credential-crossdocktest')

    const refused = (await cli.signIn('lacked').catch((e: unknown) => e)) as Error & { code?: string }
    expect(refused.code).toBe('CREDENTIALS')
    expect(refused.message).toContain('The token of account lacked is encrypted by the Crossdock desktop app')
    expect(refused.message).toContain('only the app can read')
    expect(refused.message).toContain('crossdock accounts add lacked --user alice --replace')
    expect(refused.message).toContain('credential helper')
    expect(refused.message).not.toContain(WORK_TOKEN)

    await expect(cli.remove('lacked')).rejects.toMatchObject({
      code: 'CREDENTIALS',
      message: expect.stringContaining('only the app can erase'),
    })
    expect((await cli.list()).map((a) => a.name)).toEqual(['lacked'])
    expect((await desktop.entries())[serverUrl('lacked')]?.Secret).toBe(WORK_TOKEN)
  })

  it("removes each entry's token from the entry's own vault", async () => {
    const { cli, app } = await frontEnds('safe-storage')
    await cli.add({ name: 'rm-cli', username: 'alice', secret: WORK_TOKEN })
    await app.add({ name: 'rm-desk', username: 'bob', secret: HOME_TOKEN })

    await app.remove('rm-cli')
    expect(await fixture.helper.entries()).not.toHaveProperty([serverUrl('rm-cli')])
    expect((await desktop.entries())[serverUrl('rm-desk')]?.Secret).toBe(HOME_TOKEN)

    await app.remove('rm-desk')
    expect(await desktop.entries()).not.toHaveProperty([serverUrl('rm-desk')])
    expect(await app.list()).toEqual([])
  })

  it('a replacement saved to another vault erases the old token where it can', async () => {
    const { cli, app, path } = await frontEnds('safe-storage')
    await cli.add({ name: 'moved', username: 'alice', secret: WORK_TOKEN })
    await app.add({ name: 'moved', username: 'alice', secret: HOME_TOKEN }, { replace: true })
    expect(await fixture.helper.entries()).not.toHaveProperty([serverUrl('moved')])
    expect(await cli.list()).toMatchObject([{ name: 'moved', vault: 'safe-storage' }])

    // The CLI cannot erase a safeStorage ciphertext (the desktop app drops it when it starts), but takes the name.
    await cli.add({ name: 'moved', username: 'alice', secret: WORK_TOKEN }, { replace: true })
    expect(await cli.signIn('moved')).toEqual({ username: 'alice', secret: WORK_TOKEN })
    expect(await app.list()).toMatchObject([{ name: 'moved', vault: 'credential-helper' }])
    expect(await readFile(path, 'utf8')).not.toMatch(new RegExp(`${WORK_TOKEN}|${HOME_TOKEN}`))
  })
})
