import { describe, expect, it } from 'vitest'
import { Authenticator } from '../../../../src-main/core/registry/authenticator'
import { HttpClient } from '../../../../src-main/core/registry/http'

const resolve = async () => ({ kind: 'basic' as const, username: 'alice', password: 'secret' })
const pull = [{ repository: 'team/app', actions: ['pull' as const] }]

describe('Authenticator: token realms', () => {
  it('refuses to send credentials to a plain-HTTP realm of an HTTPS registry, and says how to allow it', async () => {
    const auth = new Authenticator('registry.example.com', resolve, new HttpClient())
    expect(
      await auth.unauthorized('Bearer realm="http://auth.example.com/token",service="registry"', pull, undefined),
    ).toBe(true)
    const refused = auth.authorization(pull)
    await expect(refused).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringContaining('http://auth.example.com, which is not HTTPS'),
    })
    await expect(refused).rejects.toThrow(/--plain-http/)
    await expect(refused).rejects.not.toThrow(/secret/)
  })
})
