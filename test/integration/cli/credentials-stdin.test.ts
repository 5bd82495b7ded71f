import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock } from '../../support/cli'
import { buildImage, getManifestDigest, pushManifestTree, type BuiltManifest } from '../../support/images'
import { startRegistry, type RunningRegistry } from '../../support/registry'

let source: RunningRegistry
let destination: RunningRegistry
let image: BuiltManifest

beforeAll(async () => {
  ;[source, destination] = await Promise.all([startRegistry({ auth: true }), startRegistry({ auth: true })])
  image = buildImage({ format: 'oci', seed: 'creds-stdin' })
  await pushManifestTree(source.url, 'creds/app', image, '1.0', source.auth)
})
afterAll(async () => {
  await Promise.all([source?.stop(), destination?.stop()])
})

const hosts = () => ['--plain-http', `${source.host},${destination.host}`]
const userPass = (registry: RunningRegistry) => `${registry.auth!.user}:${registry.auth!.password}`
const copy = (target: string) => [
  'copy',
  `${source.host}/creds/app:1.0`,
  `${destination.host}/creds/${target}`,
  ...hosts(),
]
const WARNING = /visible to other users/

describe('credentials kept out of the command line', () => {
  it('reads USER:PASSWORD for the destination from stdin, and does not warn', async () => {
    const result = await runCrossdock(
      [...copy('whole'), '--dest-creds-stdin'],
      { CROSSDOCK_SRC_CREDS: userPass(source) },
      `${userPass(destination)}\n`,
    )
    expect(result.code, result.stderr).toBe(0)
    expect(await getManifestDigest(destination.url, 'creds/whole', '1.0', destination.auth)).toBe(image.digest)
    expect(result.stderr).not.toMatch(WARNING)
  })

  it('reads only the password from stdin when --src-creds names the user', async () => {
    const result = await runCrossdock(
      [...copy('user-only'), '--src-creds', source.auth!.user, '--src-creds-stdin'],
      { CROSSDOCK_DEST_CREDS: userPass(destination) },
      source.auth!.password,
    )
    expect(result.code, result.stderr).toBe(0)
    expect(await getManifestDigest(destination.url, 'creds/user-only', '1.0', destination.auth)).toBe(image.digest)
    expect(result.stderr).not.toMatch(WARNING)
  })

  it('warns, without echoing it, when a password is given on the command line', async () => {
    const result = await runCrossdock([
      ...copy('argv'),
      '--src-creds',
      userPass(source),
      '--dest-creds',
      userPass(destination),
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(
      /warning: the password given with --src-creds is visible to other users .*--src-creds-stdin/,
    )
    expect(result.stderr).toMatch(
      /warning: the password given with --dest-creds is visible to other users .*--dest-creds-stdin/,
    )
    expect(result.stdout + result.stderr).not.toContain(source.auth!.password)
  })

  it.each([
    [
      ['--src-creds-stdin', '--dest-creds-stdin'],
      'a:b',
      /--src-creds-stdin and --dest-creds-stdin both read standard input/,
    ],
    [['--dest-creds-stdin'], '', /No USER:PASSWORD arrived on standard input for --dest-creds-stdin/],
    [
      ['--dest-creds', 'alice', '--dest-creds-stdin'],
      '\n',
      /No password arrived on standard input for --dest-creds-stdin/,
    ],
    [['--dest-creds-stdin'], 'no-colon-secret', /--dest-creds-stdin .*USER:PASSWORD/],
    [
      ['--dest-creds', 'alice:pw', '--dest-creds-stdin'],
      'pw2',
      /--dest-creds gives a password and --dest-creds-stdin reads one/,
    ],
  ])('refuses %j with a clear message (exit 2) before touching a registry', async (flags, input, message) => {
    const result = await runCrossdock([...copy('refused'), ...flags], {}, input)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).not.toContain('no-colon-secret')
  })
})
