import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock } from '../../support/cli'
import { startDockerHubEmulator, type DockerHubEmulator } from '../../support/dockerhub'
import { buildImage, getManifestDigest, listTags, pushManifestTree } from '../../support/images'
import { startRegistry, type RunningRegistry } from '../../support/registry'

const image = buildImage({ format: 'oci', seed: 'hub-cli' })
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString()
let hub: DockerHubEmulator
let destination: RunningRegistry

beforeAll(async () => {
  ;[hub, destination] = await Promise.all([
    startDockerHubEmulator({
      seed: {
        users: [{ username: 'alice', password: 'alice-password', accessTokens: ['dckr_pat_alice0000000000000000000'] }],
        orgs: [{ name: 'acme', members: ['alice'] }],
        repositories: [
          {
            namespace: 'acme',
            name: 'web',
            pullCount: 1234,
            tags: {
              '1.0': { lastPushed: daysAgo(100) },
              '1.1': { lastPushed: daysAgo(10) },
              '2.0': { lastPushed: daysAgo(1) },
              v1: { lastPushed: daysAgo(2) },
            },
          },
          { namespace: 'acme', name: 'vault', isPrivate: true },
          { namespace: 'ratelimitpreview', name: 'test' },
        ],
      },
    }),
    startRegistry({ auth: true }),
  ])
  await pushManifestTree(hub.registry.url, 'acme/web', image, 'v1')
  for (const tag of ['1.0', '1.1', '2.0']) await pushManifestTree(hub.registry.url, 'acme/web', image, tag)
  await pushManifestTree(hub.registry.url, 'acme/vault', image, 'v1')
  await pushManifestTree(hub.registry.url, 'ratelimitpreview/test', image, 'latest')
})
afterAll(async () => {
  await Promise.all([hub?.stop(), destination?.stop()])
})

const endpoints = () => ({ CROSSDOCK_HUB_API: hub.hubUrl, CROSSDOCK_HUB_REGISTRY: hub.registryUrl })
const aliceEnv = { CROSSDOCK_HUB_USER: 'alice', CROSSDOCK_HUB_TOKEN: 'dckr_pat_alice0000000000000000000' }

describe('crossdock with Docker Hub (emulated)', () => {
  it('hub ls lists what the account may see, with visibility, tags and pulls', async () => {
    const anonymous = await runCrossdock(['hub', 'ls', 'acme', '--json'], endpoints())
    expect(anonymous.code, anonymous.stderr).toBe(0)
    expect(JSON.parse(anonymous.stdout).map((r: { repository: string }) => r.repository)).toEqual(['acme/web'])

    const signedIn = await runCrossdock(['hub', 'ls', 'acme'], { ...endpoints(), ...aliceEnv })
    expect(signedIn.code, signedIn.stderr).toBe(0)
    expect(signedIn.stdout).toMatch(/acme\/vault\tprivate\t1 tags/)
    expect(signedIn.stdout).toMatch(/acme\/web\tpublic\t4 tags\t1234 pulls/)
    expect(signedIn.stdout).not.toContain('dckr_pat_')
  })

  it('signs in to the Hub API with the docker.io entry of ~/.docker/config.json', async () => {
    const home = await mkdtemp(join(tmpdir(), 'crossdock-home-'))
    try {
      await mkdir(join(home, '.docker'))
      const auth = Buffer.from('alice:dckr_pat_alice0000000000000000000').toString('base64')
      await writeFile(
        join(home, '.docker', 'config.json'),
        JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth } } }),
      )
      const result = await runCrossdock(['hub', 'ls', 'acme', '--json'], { ...endpoints(), HOME: home })
      expect(result.code, result.stderr).toBe(0)
      expect(JSON.parse(result.stdout).map((r: { repository: string }) => r.repository)).toEqual([
        'acme/vault',
        'acme/web',
      ])
      const limits = await runCrossdock(['limits'], { ...endpoints(), HOME: home })
      expect(limits.stdout).toMatch(
        /Docker Hub pulls, account alice \(from ~\/\.docker\/config\.json\): \d+ of 200 pulls left/,
      )
    } finally {
      await rm(home, { recursive: true, force: true })
    }
  })

  it('limits reports the anonymous and the account quota without spending a pull', async () => {
    const before = hub.pulls()
    const result = await runCrossdock(['limits', '--json'], { ...endpoints(), ...aliceEnv })
    expect(result.code, result.stderr).toBe(0)
    const limits = JSON.parse(result.stdout).dockerHub
    expect(limits.anonymous).toMatchObject({ kind: 'limited', limit: 100, remaining: 100, windowSeconds: 21600 })
    expect(limits.account).toMatchObject({ user: 'alice', quota: { kind: 'limited', limit: 200 } })
    expect(hub.pulls()).toBe(before)

    const text = await runCrossdock(['limits'], endpoints())
    expect(text.stdout).toMatch(/anonymous \(this IP\): \d+ of 100 pulls left in a rolling 6 h window/)
    expect(text.stdout).toMatch(/PutImage +10\/s/)
  })

  it('copies an image from docker.io (the emulator) to another registry', async () => {
    const result = await runCrossdock(
      [
        'copy',
        'docker.io/acme/web:v1',
        `${destination.host}/mirror/web`,
        '--plain-http',
        destination.host,
        '--dest-creds',
        `${destination.auth!.user}:${destination.auth!.password}`,
        '--json',
      ],
      endpoints(),
    )
    expect(result.code, result.stderr).toBe(0)
    expect(await getManifestDigest(destination.url, 'mirror/web', 'v1', destination.auth)).toBe(image.digest)
  })

  it('syncs a Docker Hub namespace through the Hub API, selecting tags by pattern, push time and version', async () => {
    // Credentials on stdin, so the first line of stderr is the Hub identity, not the password-on-the-command-line
    // warning.
    const destCreds = ['--plain-http', destination.host, '--dest-creds-stdin']
    const result = await runCrossdock(
      [
        'sync',
        'docker.io/acme',
        `${destination.host}/hubsync`,
        ...destCreds,
        '--tags',
        '[0-9.]+',
        '--pushed-within',
        '30',
        '--latest',
        '1',
        '--json',
      ],
      endpoints(),
      `${destination.auth!.user}:${destination.auth!.password}\n`,
    )
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/^Docker Hub: anonymous\n/)
    expect(result.stderr).toMatch(
      /Docker Hub \(anonymous\): 1 pulls for 1 tags to copy \(0 already up to date cost none\); quota: \d+ of 100 /,
    )
    expect(JSON.parse(result.stdout).results.map((r: { destination: string }) => r.destination)).toEqual([
      `${destination.host}/hubsync/web:2.0`,
    ])
    expect(await listTags(destination.url, 'hubsync/web', destination.auth)).toEqual(['2.0'])
  })

  it('refuses --pushed-within for a registry that does not list push times', async () => {
    const result = await runCrossdock([
      'sync',
      `${destination.host}/hubsync`,
      `${destination.host}/again`,
      '--plain-http',
      destination.host,
      '--pushed-within',
      '3',
    ])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('only Docker Hub lists')
  })
})
