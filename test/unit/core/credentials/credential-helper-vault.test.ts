import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { credentialHelperVault } from '../../../../src-main/core/credentials/credential-helper-vault'
import { fakeCredentialHelperPerTest } from '../../../support/credential-helper'

const SECRET = 'dckr_pat_vault-secret-5d2e'

const fixture = fakeCredentialHelperPerTest('crossdock-vault-')

let configs = 0
/** A DOCKER_CONFIG folder whose config.json holds `content` (nothing when undefined). */
async function dockerConfig(content?: unknown): Promise<string> {
  const folder = join(fixture.dir, `docker-${++configs}`)
  await mkdir(folder)
  if (content !== undefined) await writeFile(join(folder, 'config.json'), JSON.stringify(content))
  return folder
}

describe('credentialHelperVault', () => {
  it('keeps secrets through the credsStore helper under crossdock:// server URLs', async () => {
    const vault = await credentialHelperVault({ DOCKER_CONFIG: await dockerConfig({ credsStore: 'crossdocktest' }) })
    expect(vault.description).toBe('docker-credential-crossdocktest')
    const before = (await fixture.helper.calls()).length

    await vault.put('dockerhub/work', SECRET)
    expect((await fixture.helper.entries())['crossdock://dockerhub/work']).toEqual({
      Username: 'dockerhub/work',
      Secret: SECRET,
    })
    expect(await vault.get('dockerhub/work')).toBe(SECRET)
    await vault.delete('dockerhub/work')
    expect(await fixture.helper.entries()).not.toHaveProperty(['crossdock://dockerhub/work'])
    expect(await vault.get('dockerhub/work')).toBeUndefined()

    expect((await fixture.helper.calls()).slice(before)).toEqual([
      'store crossdock://dockerhub/work',
      'get crossdock://dockerhub/work',
      'erase crossdock://dockerhub/work',
      'get crossdock://dockerhub/work',
    ])
  })

  it('treats erasing what is not stored as done', async () => {
    const vault = await credentialHelperVault({ DOCKER_CONFIG: await dockerConfig({ credsStore: 'crossdocktest' }) })
    await expect(vault.delete('dockerhub/never-added')).resolves.toBeUndefined()
  })

  it('prefers CROSSDOCK_CREDENTIAL_HELPER over credsStore', async () => {
    const env = {
      DOCKER_CONFIG: await dockerConfig({ credsStore: 'crossdock-not-installed' }),
      CROSSDOCK_CREDENTIAL_HELPER: 'crossdocktest',
    }
    const vault = await credentialHelperVault(env)
    expect(vault.description).toBe('docker-credential-crossdocktest')
    await vault.put('dockerhub/env', SECRET)
    expect(await vault.get('dockerhub/env')).toBe(SECRET)
  })

  it.each<[string, unknown]>([
    ['there is no Docker config', undefined],
    ['the Docker config has no credsStore', { auths: {} }],
  ])('without a helper (%s) describes itself and says how to configure one on use', async (_name, content) => {
    const folder = await dockerConfig(content)
    const vault = await credentialHelperVault({ DOCKER_CONFIG: folder })
    expect(vault.description).toMatch(/no credential helper/)
    const error = await vault.put('dockerhub/work', SECRET).catch((e: unknown) => e as Error & { code?: string })
    expect(error).toMatchObject({ code: 'CREDENTIALS' })
    for (const fix of [
      'credsStore',
      join(folder, 'config.json'),
      'secretservice',
      'osxkeychain',
      'wincred',
      'CROSSDOCK_HUB_USER',
      'CROSSDOCK_HUB_TOKEN',
    ]) {
      expect((error as Error).message).toContain(fix)
    }
    expect((error as Error).message).not.toContain(SECRET)
    await expect(vault.get('dockerhub/work')).rejects.toMatchObject({ code: 'CREDENTIALS' })
  })

  it('reports a helper that fails to store as CREDENTIALS without what it printed', async () => {
    await fixture.helper.script('crossdock://dockerhub/locked', {
      stderr: `keyring locked; was given ${SECRET}\n`,
      exitCode: 3,
    })
    const vault = await credentialHelperVault({
      CROSSDOCK_CREDENTIAL_HELPER: 'crossdocktest',
      DOCKER_CONFIG: await dockerConfig(),
    })
    const error = (await vault.put('dockerhub/locked', SECRET).catch((e: unknown) => e)) as Error & { code?: string }
    expect(error.code).toBe('CREDENTIALS')
    expect(error.message).toContain('docker-credential-crossdocktest could not be used (it exited with an error)')
    expect(error.message).toContain('CROSSDOCK_CREDENTIAL_HELPER')
    expect(error.message).not.toContain(SECRET)
  })

  it('reports a configured helper that is not installed, naming the program and where it is configured', async () => {
    const folder = await dockerConfig({ credsStore: 'crossdock-not-installed' })
    const vault = await credentialHelperVault({ DOCKER_CONFIG: folder })
    const error = (await vault.get('dockerhub/work').catch((e: unknown) => e)) as Error & { code?: string }
    expect(error.code).toBe('CREDENTIALS')
    expect(error.message).toContain('docker-credential-crossdock-not-installed could not be used (it is not on PATH)')
    expect(error.message).toContain(join(folder, 'config.json'))
  })

  it('stops a store when the signal is aborted', async () => {
    const vault = await credentialHelperVault({
      CROSSDOCK_CREDENTIAL_HELPER: 'crossdocktest',
      DOCKER_CONFIG: await dockerConfig(),
    })
    await expect(vault.put('dockerhub/cancelled', SECRET, AbortSignal.abort())).rejects.toMatchObject({
      code: 'CANCELLED',
    })
    expect(await fixture.helper.entries()).not.toHaveProperty(['crossdock://dockerhub/cancelled'])
  })
})
