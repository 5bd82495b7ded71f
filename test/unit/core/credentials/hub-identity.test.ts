import { describe, expect, it } from 'vitest'
import {
  describeHubIdentity,
  hubIdentityJson,
  hubSignInOf,
  resolveHubIdentity,
  type HubIdentityInputs,
} from '../../../../src-main/core/credentials/hub-identity'
import type { RegistryCredential } from '../../../../src-main/core/registry/credentials'

const SAVED = { work: { username: 'alice', secret: 'dckr_pat_work' } } as Record<
  string,
  { username: string; secret: string }
>
const FROM_CONFIG: RegistryCredential = { kind: 'basic', username: 'carol', password: 'config-password' }
const SRC_CREDS: RegistryCredential = { kind: 'basic', username: 'dave', password: 'flag-password' }
const HUB_ENV = { CROSSDOCK_HUB_USER: 'bob', CROSSDOCK_HUB_TOKEN: 'dckr_pat_env' }

function inputs(overrides: Partial<HubIdentityInputs> = {}): HubIdentityInputs {
  return {
    env: {},
    signIn: async (name) => {
      const account = SAVED[name]
      if (!account) throw new Error(`no account ${name}`)
      return account
    },
    dockerConfig: async (registry) => (registry === 'docker.io' ? FROM_CONFIG : undefined),
    ...overrides,
  }
}

describe('resolveHubIdentity: one precedence for every front end', () => {
  it('takes a named account first, over the environment and the Docker config', async () => {
    const identity = await resolveHubIdentity(inputs({ account: 'work', env: HUB_ENV }))
    expect(identity).toEqual({
      name: 'work',
      user: 'alice',
      source: 'saved-account',
      credential: { kind: 'basic', username: 'alice', password: 'dckr_pat_work' },
    })
    expect(describeHubIdentity(identity)).toBe('work (alice)')
  })

  it('takes CROSSDOCK_HUB_ACCOUNT when no account is chosen', async () => {
    const identity = await resolveHubIdentity(inputs({ env: { ...HUB_ENV, CROSSDOCK_HUB_ACCOUNT: 'work' } }))
    expect(identity?.name).toBe('work')
  })

  it('then --src-creds, then CROSSDOCK_HUB_USER and CROSSDOCK_HUB_TOKEN, then the Docker config', async () => {
    const fromFlag = await resolveHubIdentity(inputs({ srcCreds: SRC_CREDS, env: HUB_ENV }))
    expect(describeHubIdentity(fromFlag)).toBe('dave (from --src-creds)')
    const fromEnv = await resolveHubIdentity(inputs({ env: HUB_ENV }))
    expect(describeHubIdentity(fromEnv)).toBe('bob (from CROSSDOCK_HUB_USER)')
    expect(hubSignInOf(fromEnv)).toEqual({ identifier: 'bob', secret: 'dckr_pat_env' })
    // A user without a token is not an identity: the Docker config answers.
    const fromConfig = await resolveHubIdentity(inputs({ env: { CROSSDOCK_HUB_USER: 'bob' } }))
    expect(describeHubIdentity(fromConfig)).toBe('carol (from ~/.docker/config.json)')
  })

  it('is anonymous when nothing names an account', async () => {
    const identity = await resolveHubIdentity(inputs({ dockerConfig: async () => undefined }))
    expect(identity).toBeUndefined()
    expect(describeHubIdentity(identity)).toBe('anonymous')
    expect(hubSignInOf(identity)).toBeUndefined()
  })

  it('pulls with an identity token from docker login but never signs in to the Hub API with it', async () => {
    const token: RegistryCredential = { kind: 'identity-token', token: 'oauth-refresh' }
    const identity = await resolveHubIdentity(inputs({ dockerConfig: async () => token }))
    expect(identity).toMatchObject({ user: 'identity token', source: 'docker-config', credential: token })
    expect(hubSignInOf(identity)).toBeUndefined()
  })

  it('refuses a named account and --src-creds together, naming both', async () => {
    await expect(resolveHubIdentity(inputs({ account: 'work', srcCreds: SRC_CREDS }))).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('--src-creds'),
    })
  })

  it('says in JSON who it is, never the credential', async () => {
    const identity = await resolveHubIdentity(inputs({ env: HUB_ENV }))
    const json = JSON.stringify(hubIdentityJson(identity!))
    expect(json).toBe('{"name":null,"user":"bob","source":"environment"}')
  })
})
