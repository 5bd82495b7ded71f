import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock } from '../../support/cli'

let config: string
beforeAll(async () => {
  config = await mkdtemp(join(tmpdir(), 'crossdock-dialect-'))
})
afterAll(() => rm(config, { recursive: true, force: true }))

describe('the CLI speaks one dialect', () => {
  it('--help lists each command with its summary, then the exit codes and the environment it reads', async () => {
    const help = await runCrossdock(['--help'])
    expect(help.code).toBe(0)
    for (const command of [
      'copy',
      'sync',
      'compare',
      'migrate',
      'resume',
      'jobs',
      'report',
      'costs',
      'ui',
      'hub',
      'limits',
      'accounts',
    ]) {
      expect(help.stdout).toMatch(new RegExp(`\\n  ${command} .*\\S`))
    }
    const footer = help.stdout.slice(help.stdout.indexOf('Exit codes:'))
    expect(footer).toMatch(/\n {2}2 {4}usage/)
    expect(footer).toMatch(/\n {2}130 {2}cancelled/)
    expect(footer).toContain('CROSSDOCK_HUB_ACCOUNT')
    expect(footer).toContain('CROSSDOCK_QUOTA_POLL_SECONDS')
    expect(help.stdout.indexOf('Exit codes:')).toBeGreaterThan(help.stdout.indexOf('accounts'))
  })

  it('under --json a usage error is JSON on stdout too, with the same exit code', async () => {
    const badOption = await runCrossdock(['copy', 'a/b:1', 'c/d', '--jobs', '0', '--json'])
    expect(badOption.code).toBe(2)
    expect(JSON.parse(badOption.stdout)).toEqual({
      error: { code: 'USAGE', message: expect.stringContaining("'0' is invalid") },
    })

    const badName = await runCrossdock(['copy', 'a//b:1', 'c/d', '--json'])
    expect(badName.code).toBe(2)
    expect(JSON.parse(badName.stdout).error).toMatchObject({
      code: 'REFERENCE_INVALID',
      message: expect.stringContaining('a//b'),
    })
    expect(badName.stderr).toContain('crossdock: Invalid image reference')
  })

  it('under --json a failure is JSON on stdout, exit 1; without --json stdout stays empty', async () => {
    const args = ['hub', 'ls', 'acme', '--hub-api', 'http://127.0.0.1:9']
    const json = await runCrossdock([...args, '--json'], { CROSSDOCK_CONFIG_DIR: config })
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'NETWORK', message: expect.stringContaining('acme') })
    const text = await runCrossdock(args, { CROSSDOCK_CONFIG_DIR: config })
    expect(text.code).toBe(1)
    expect(text.stdout).toBe('')
    expect(text.stderr).toContain('crossdock: NETWORK:')
  })

  it(
    'names a setting the same on every command: --profile, --mutability and --lifecycle are on copy, sync and ' +
      'migrate',
    async () => {
      for (const command of ['copy', 'sync', 'migrate']) {
        const help = (await runCrossdock([command, '--help'])).stdout
        for (const option of ['--profile', '--mutability', '--lifecycle', '--account', '--hub-registry'])
          expect(help, `${command} ${option}`).toContain(option)
        for (const old of ['--aws-profile', '--immutable-tags', '--keep-last'])
          expect(help, `${command} ${old}`).not.toContain(old)
      }
    },
  )
})
