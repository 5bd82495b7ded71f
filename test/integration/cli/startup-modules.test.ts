import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI_PATH } from '../../support/cli'

const dir = mkdtempSync(join(tmpdir(), 'crossdock-startup-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Records every package the process loads, then prints them as it exits.
const recorder = join(dir, 'record-loads.cjs')
writeFileSync(
  recorder,
  `const Module = require('node:module')
const loaded = new Set()
const load = Module._load
Module._load = function (request, ...rest) {
  if (!request.startsWith('.') && !request.startsWith('node:') && !request.startsWith('/')) loaded.add(request)
  return load.call(this, request, ...rest)
}
process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify([...loaded]) + '\\n'))
`,
)

function packagesLoadedBy(args: string[]): string[] {
  const run = spawnSync(process.execPath, ['--require', recorder, CLI_PATH, ...args], {
    env: { PATH: process.env.PATH, HOME: '/nonexistent-crossdock-home', CROSSDOCK_CONFIG_DIR: dir },
    encoding: 'utf8',
  })
  const line = run.stderr.split('\n').find((text) => text.startsWith('LOADED '))
  if (!line) throw new Error(`crossdock ${args.join(' ')} printed no module list: ${run.stderr}`)
  return JSON.parse(line.slice('LOADED '.length)) as string[]
}

describe('what the crossdock CLI loads to start', () => {
  it('starts without the AWS SDK or zod: only ECR commands and the price tables need them', () => {
    const loaded = packagesLoadedBy(['--version'])
    expect(loaded).toContain('commander')
    expect(loaded.filter((name) => name.startsWith('@aws-sdk/') || name === 'zod')).toEqual([])
  })
})
