import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock, type CliResult } from '../../support/cli'
import { installFakeCredentialHelper, type FakeCredentialHelper } from '../../support/credential-helper'

const CLI_TOKEN = 'dckr_pat_cli-vaults-5d2e'
/** What the desktop app keeps for an account when no helper is configured: a safeStorage ciphertext, opaque here. */
const CIPHERTEXT = Buffer.from('v11 opaque to the CLI').toString('base64')

let dir: string
let helper: FakeCredentialHelper
const configDir = (): string => join(dir, 'config')

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crossdock-accounts-vaults-'))
  helper = await installFakeCredentialHelper(dir)
  await mkdir(configDir(), { recursive: true })
  const saved = (name: string, username: string, vault: string) => ({
    name,
    kind: 'dockerhub',
    username,
    vault,
    addedAt: '2025-05-01T00:00:00.000Z',
  })
  await writeFile(
    join(configDir(), 'accounts.json'),
    JSON.stringify({
      version: 2,
      accounts: [saved('desk', 'alice', 'safe-storage'), saved('shared', 'bob', 'credential-helper')],
    }),
  )
  await writeFile(
    join(configDir(), 'safe-storage.json'),
    JSON.stringify({ version: 1, secrets: { 'dockerhub/desk': CIPHERTEXT } }),
  )
  await helper.put('crossdock://dockerhub/shared', { Username: 'dockerhub/shared', Secret: CLI_TOKEN })
})
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

function crossdock(args: string[]): Promise<CliResult> {
  return runCrossdock(args, {
    CROSSDOCK_CONFIG_DIR: configDir(),
    CROSSDOCK_CREDENTIAL_HELPER: helper.name,
    // Nothing listens here: a command that signed in would fail differently.
    CROSSDOCK_HUB_API: 'http://127.0.0.1:9',
    PATH: [helper.binDir, process.env.PATH].join(delimiter),
  })
}

describe('crossdock accounts beside the desktop app (one accounts.json, two vaults)', () => {
  it('ls names the vault of a token kept by the desktop app, on its line', async () => {
    const text = await crossdock(['accounts', 'ls'])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toBe(
      'desk\talice\tnot verified\ttoken kept by the Crossdock desktop app (Electron safeStorage)\n' +
        'shared\tbob\tnot verified\n' +
        '2 Docker Hub accounts; tokens are kept by docker-credential-crossdocktest unless its line says otherwise.\n',
    )
    const json = JSON.parse((await crossdock(['accounts', 'ls', '--json'])).stdout)
    expect(json.accounts.map((a: { name: string; vault: string }) => `${a.name}=${a.vault}`)).toEqual([
      'desk=safe-storage',
      'shared=credential-helper',
    ])
  })

  it('--account with a desktop-only token says to use it there or save it again here', async () => {
    const result = await crossdock(['limits', '--account', 'desk'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('CREDENTIALS: The token of account desk is encrypted by the Crossdock desktop app')
    expect(result.stderr).toContain('crossdock accounts add desk --user alice --replace')
  })

  it('add --replace saves it again in the credential helper, which every front end can read', async () => {
    const result = await runCrossdock(['accounts', 'add', 'desk', '--user', 'alice', '--no-verify', '--replace'], {
      CROSSDOCK_CONFIG_DIR: configDir(),
      CROSSDOCK_CREDENTIAL_HELPER: helper.name,
      CROSSDOCK_HUB_TOKEN: CLI_TOKEN,
      PATH: [helper.binDir, process.env.PATH].join(delimiter),
    })
    expect(result.code, result.stderr).toBe(0)
    expect((await helper.entries())['crossdock://dockerhub/desk']?.Secret).toBe(CLI_TOKEN)
    const file = await readFile(join(configDir(), 'accounts.json'), 'utf8')
    expect(JSON.parse(file).accounts).toMatchObject([
      { name: 'desk', vault: 'credential-helper' },
      { name: 'shared', vault: 'credential-helper' },
    ])
    expect(file).not.toContain(CLI_TOKEN)
    expect((await crossdock(['accounts', 'ls'])).stdout).toContain(
      '2 Docker Hub accounts; tokens are kept by docker-credential-crossdocktest.\n',
    )
  })
})
