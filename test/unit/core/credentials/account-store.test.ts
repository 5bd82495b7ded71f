import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AccountStore } from '../../../../src-main/core/credentials/account-store'
import { credentialHelperVault } from '../../../../src-main/core/credentials/credential-helper-vault'
import { fakeCredentialHelperPerTest } from '../../../support/credential-helper'

const WORK_TOKEN = 'dckr_pat_work-0000-aaaa'
const HOME_TOKEN = 'dckr_pat_home-1111-bbbb'
const ADDED = new Date('2025-03-01T10:00:00Z')

const fixture = fakeCredentialHelperPerTest('crossdock-accounts-')
const vault = () =>
  credentialHelperVault({
    CROSSDOCK_CREDENTIAL_HELPER: fixture.helper.name,
    DOCKER_CONFIG: join(fixture.dir, 'no-docker-config'),
  })

let stores = 0
/** A store over a fresh config folder (not created yet) and the fake helper. */
async function newStore(): Promise<{ store: AccountStore; path: string; folder: string }> {
  const folder = join(fixture.dir, `config-${++stores}`, 'crossdock')
  const path = join(folder, 'accounts.json')
  return { store: new AccountStore({ path, vault: await vault(), now: () => ADDED }), path, folder }
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
      addedAt: ADDED.toISOString(),
      verifiedAt: '2025-03-01T09:59:00.000Z',
    })

    const text = await readFile(path, 'utf8')
    expect(JSON.parse(text)).toEqual({ version: 1, accounts: [summary] })
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
    const store = new AccountStore({ path: join(blocker, 'accounts.json'), vault: await vault() })
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
    ['another version', '{"version": 2, "accounts": []}', 'is not a version 1 accounts file'],
    [
      'an entry without a user',
      '{"version": 1, "accounts": [{"name": "x", "kind": "dockerhub", "addedAt": "2025-01-01"}]}',
      'has an entry without',
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
      { name: 'first', kind: 'dockerhub', username: 'alice', addedAt: ADDED.toISOString() },
    ])
    await store.add({ name: 'second', username: 'bob', secret: WORK_TOKEN })
    expect(await readFile(path, 'utf8')).not.toContain(HOME_TOKEN)
  })
})
