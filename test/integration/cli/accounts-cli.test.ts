import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock, type CliResult } from '../../support/cli'
import { installFakeCredentialHelper, type FakeCredentialHelper } from '../../support/credential-helper'
import { startDockerHubEmulator, type DockerHubEmulator } from '../../support/dockerhub'
import { buildImage, getManifestDigest, pushManifestTree } from '../../support/images'
import { startRegistry, type RunningRegistry } from '../../support/registry'

const ALICE_TOKEN = 'dckr_pat_alice-accounts-7e1f0c'
const BOB_TOKEN = 'dckr_pat_bob-accounts-93ab55'
const WRONG_TOKEN = 'dckr_pat_not-alices-token-4411'
const TOKENS = [ALICE_TOKEN, BOB_TOKEN, WRONG_TOKEN]

const image = buildImage({ format: 'oci', seed: 'accounts-cli' })
let hub: DockerHubEmulator
let destination: RunningRegistry
let dir: string
let helper: FakeCredentialHelper
/** Everything the CLI printed in this file, checked for tokens at the end. */
const printed: string[] = []

beforeAll(async () => {
  ;[hub, destination] = await Promise.all([
    startDockerHubEmulator({
      seed: {
        users: [
          { username: 'alice', accessTokens: [ALICE_TOKEN] },
          { username: 'bob', accessTokens: [BOB_TOKEN], pullLimit: 150 },
        ],
        repositories: [
          { namespace: 'alice', name: 'private', isPrivate: true },
          { namespace: 'alice', name: 'public' },
          { namespace: 'ratelimitpreview', name: 'test' },
        ],
      },
    }),
    startRegistry(),
  ])
  for (const repository of ['alice/private', 'alice/public'])
    await pushManifestTree(hub.registry.url, repository, image, 'v1')
  await pushManifestTree(hub.registry.url, 'ratelimitpreview/test', image, 'latest')
  dir = await mkdtemp(join(tmpdir(), 'crossdock-accounts-cli-'))
  helper = await installFakeCredentialHelper(dir)
})
afterAll(async () => {
  await Promise.all([hub?.stop(), destination?.stop()])
  if (dir) await rm(dir, { recursive: true, force: true })
})

const accountsFile = (): string => join(dir, 'config', 'accounts.json')

async function crossdock(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<CliResult> {
  const result = await runCrossdock(
    args,
    {
      CROSSDOCK_HUB_API: hub.hubUrl,
      CROSSDOCK_HUB_REGISTRY: hub.registryUrl,
      CROSSDOCK_CONFIG_DIR: join(dir, 'config'),
      CROSSDOCK_CREDENTIAL_HELPER: helper.name,
      PATH: [helper.binDir, process.env.PATH].join(delimiter),
      ...env,
    },
    input,
  )
  printed.push(result.stdout, result.stderr)
  return result
}

describe('crossdock accounts and --account (Docker Hub emulated, a real credential helper)', () => {
  it('adds an account after signing in with the token from stdin', async () => {
    const result = await crossdock(
      ['accounts', 'add', 'work', '--user', 'alice', '--token-stdin'],
      {},
      `${ALICE_TOKEN}\n`,
    )
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe(
      'Saved Docker Hub account work (alice), signed in to check it; its token is kept by ' +
        'docker-credential-crossdocktest.\n',
    )
    expect((await helper.entries())['crossdock://dockerhub/work']?.Secret).toBe(ALICE_TOKEN)
  })

  it('saves nothing when Docker Hub refuses the sign-in, and says so without the token', async () => {
    const result = await crossdock(['accounts', 'add', 'stolen', '--user', 'alice'], {
      CROSSDOCK_HUB_TOKEN: WRONG_TOKEN,
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('AUTH_FAILED: Sign in to Docker Hub as alice failed (HTTP 401)')
    expect(result.stderr).toContain('Account stolen was not saved')
    expect(await readFile(accountsFile(), 'utf8')).not.toContain('stolen')
    expect(await helper.entries()).not.toHaveProperty(['crossdock://dockerhub/stolen'])
  })

  it('refuses to add an account without a token', async () => {
    const result = await crossdock(['accounts', 'add', 'empty', '--user', 'bob'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--token-stdin, or in CROSSDOCK_HUB_TOKEN')
  })

  it('adds a second account from CROSSDOCK_HUB_TOKEN and lists both, with where tokens are kept', async () => {
    const added = await crossdock(['accounts', 'add', 'home', '--user', 'bob'], { CROSSDOCK_HUB_TOKEN: BOB_TOKEN })
    expect(added.code, added.stderr).toBe(0)

    const text = await crossdock(['accounts', 'ls'])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(
      new RegExp(
        '^home\\tbob\\tverified \\d{4}-\\d\\d-\\d\\dT.*\\nwork\\talice\\tverified .*\\n' +
          '2 Docker Hub accounts; tokens are kept by docker-credential-crossdocktest\\.\\n$',
      ),
    )

    const json = JSON.parse((await crossdock(['accounts', 'ls', '--json'])).stdout)
    expect(json.tokensKeptBy).toBe('docker-credential-crossdocktest')
    expect(json.accounts.map((a: { name: string; username: string }) => `${a.name}=${a.username}`)).toEqual([
      'home=bob',
      'work=alice',
    ])
  })

  it("limits --account shows that account's quota, named", async () => {
    const work = await crossdock(['limits', '--account', 'work', '--json'])
    expect(work.code, work.stderr).toBe(0)
    expect(JSON.parse(work.stdout).dockerHub.account).toMatchObject({
      name: 'work',
      user: 'alice',
      source: 'saved-account',
      quota: { kind: 'limited', limit: 200 },
    })

    const home = await crossdock(['limits', '--account', 'home'])
    expect(home.code, home.stderr).toBe(0)
    expect(home.stdout).toMatch(/Docker Hub pulls, account home \(bob\): \d+ of 150 pulls left in a rolling 6 h window/)
  })

  it('hub ls --account sees a private repository only that account can see', async () => {
    const listed = async (account: string): Promise<string[]> => {
      const result = await crossdock(['hub', 'ls', 'alice', '--account', account, '--json'])
      expect(result.code, result.stderr).toBe(0)
      return JSON.parse(result.stdout).map((r: { repository: string }) => r.repository)
    }
    expect(await listed('work')).toEqual(['alice/private', 'alice/public'])
    expect(await listed('home')).toEqual(['alice/public'])
  })

  it('sync --account lists and pulls a private repository as that account, and says which', async () => {
    const before = hub.pulls('alice')
    const result = await crossdock([
      'sync',
      'docker.io/alice/private',
      `${destination.host}/mirror/private`,
      '--plain-http',
      destination.host,
      '--account',
      'work',
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/^Docker Hub account: work \(alice\)\n/)
    expect(result.stderr).toContain('Docker Hub (as alice):')
    expect(await getManifestDigest(destination.url, 'mirror/private', 'v1')).toBe(image.digest)
    expect(hub.pulls('alice')).toBeGreaterThan(before)
  })

  it('copy with an account that may not see the repository fails, and says which account it used', async () => {
    const result = await crossdock(
      ['copy', 'docker.io/alice/private:v1', `${destination.host}/mirror/denied`, '--plain-http', destination.host],
      { CROSSDOCK_HUB_ACCOUNT: 'home' },
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^Docker Hub account: home \(bob\)\n/)
  })

  it('refuses two sign-ins for one docker.io source', async () => {
    const result = await crossdock([
      'copy',
      'docker.io/alice/public:v1',
      `${destination.host}/mirror/public`,
      '--plain-http',
      destination.host,
      '--account',
      'work',
      '--src-creds',
      `alice:${ALICE_TOKEN}`,
    ])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      'Both --account (or CROSSDOCK_HUB_ACCOUNT) and --src-creds say how to sign in to Docker Hub',
    )
  })

  it('names the saved accounts for an unknown --account', async () => {
    const result = await crossdock(['limits', '--account', 'nobody'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'ACCOUNT_UNKNOWN: There is no Docker Hub account named nobody (saved accounts: home, work)',
    )
    expect(result.stderr).toContain('crossdock accounts add')
  })

  it('rm forgets the account and erases its token', async () => {
    const result = await crossdock(['accounts', 'rm', 'home'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('Removed Docker Hub account home (bob)')
    expect(await helper.entries()).not.toHaveProperty(['crossdock://dockerhub/home'])
    expect(
      JSON.parse((await crossdock(['accounts', 'ls', '--json'])).stdout).accounts.map((a: { name: string }) => a.name),
    ).toEqual(['work'])
  })

  it('never wrote a token to the accounts file, stdout or stderr', async () => {
    const file = await readFile(accountsFile(), 'utf8')
    expect(JSON.parse(file).accounts.length).toBeGreaterThan(0)
    expect(printed.length).toBeGreaterThan(20)
    for (const token of TOKENS) {
      expect(file).not.toContain(token)
      for (const output of printed) expect(output).not.toContain(token)
    }
  })
})
