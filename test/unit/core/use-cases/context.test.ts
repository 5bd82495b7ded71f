import { describe, expect, it } from 'vitest'
import type { AccountStore } from '../../../../src-main/core/credentials/account-store'
import { createUseCaseContext } from '../../../../src-main/core/use-cases/context'

const NO_DOCKER_CONFIG = { DOCKER_CONFIG: '/nonexistent/crossdock-test' }

function context(env: NodeJS.ProcessEnv, given?: { hubApi?: string; hubRegistry?: string }) {
  let opened = 0
  const store = {
    list: async () => [],
    signIn: async () => ({ username: 'alice', secret: 'dckr_pat_saved' }),
  } as unknown as AccountStore
  const built = createUseCaseContext({
    env: { ...NO_DOCKER_CONFIG, ...env },
    openAccountStore: async () => {
      opened += 1
      return store
    },
    jobsDirectory: '/tmp/crossdock-jobs',
    given,
  })
  return { built, opened: () => opened }
}

describe('createUseCaseContext: what every front end builds its use cases over', () => {
  it('asks Docker Hub again every CROSSDOCK_QUOTA_POLL_SECONDS, every 30 s by default', () => {
    expect(context({ CROSSDOCK_QUOTA_POLL_SECONDS: '1' }).built.quotaPollMs).toBe(1_000)
    expect(context({}).built.quotaPollMs).toBe(30_000)
  })

  it("takes Docker Hub's endpoints from the flags over the environment, and Docker Hub's own by default", () => {
    expect(context({}).built.endpoints).toEqual({ api: 'https://hub.docker.com/' })
    const env = { CROSSDOCK_HUB_API: 'http://127.0.0.1:1/', CROSSDOCK_HUB_REGISTRY: 'http://127.0.0.1:2' }
    expect(context(env).built.endpoints).toEqual({
      api: 'http://127.0.0.1:1/',
      registry: new URL('http://127.0.0.1:2'),
    })
    expect(context(env, { hubApi: 'http://127.0.0.1:3' }).built.endpoints.api).toBe('http://127.0.0.1:3/')
  })

  it('refuses an endpoint that is not an http(s) URL, naming the flag', () => {
    expect(() => context({ CROSSDOCK_HUB_REGISTRY: 'file:///etc/passwd' })).toThrow(
      expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('--hub-registry') }),
    )
  })

  it('opens the saved accounts only when a use case needs them, and once', async () => {
    const { built, opened } = context({})
    expect(opened()).toBe(0)
    expect(await built.accounts.identity()).toBeUndefined()
    expect(opened()).toBe(0)
    expect(await built.accounts.identity('work')).toMatchObject({ name: 'work', user: 'alice' })
    await built.accounts.list()
    expect(opened()).toBe(1)
  })

  it('resolves the environment account for the UI as for the CLI', async () => {
    const { built } = context({ CROSSDOCK_HUB_USER: 'bob', CROSSDOCK_HUB_TOKEN: 'dckr_pat_env' })
    expect(await built.accounts.identity()).toMatchObject({ user: 'bob', source: 'environment' })
  })
})
