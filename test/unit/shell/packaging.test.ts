import { execFile } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { listPackage } from '@electron/asar'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const scratch = mkdtempSync(join(tmpdir(), 'crossdock-packaging-'))

/**
 * Packs `--linux dir` offline: electron-builder gets a stand-in Electron (no binary can be downloaded here)
 * and a snapshot of the built app, so a concurrent rebuild of out/ cannot change what is packed.
 * Fuses are left out because flipping them needs the real Electron binary.
 */
async function packSnapshot(): Promise<string> {
  const project = join(scratch, 'project')
  const electronDist = join(scratch, 'electron')
  const output = join(scratch, 'dist')
  mkdirSync(join(project, 'resources'), { recursive: true })
  mkdirSync(electronDist)
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml', 'resources/icon.png'])
    cpSync(join(root, file), join(project, file))
  cpSync(join(root, 'out'), join(project, 'out'), { recursive: true })
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir')
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho stand-in Electron\n')
  chmodSync(join(electronDist, 'electron'), 0o755)
  const script = `require(${JSON.stringify(join(root, 'node_modules/electron-builder'))}).build({
    projectDir: ${JSON.stringify(project)},
    targets: require('electron-builder').Platform.LINUX.createTarget('dir'),
    config: {
      electronDist: ${JSON.stringify(electronDist)},
      directories: { output: ${JSON.stringify(output)} },
      electronFuses: null,
    },
    publish: 'never',
  }).catch((error) => { console.error(error); process.exit(1) })`
  await promisify(execFile)(process.execPath, ['-e', script], { cwd: project, maxBuffer: 16 * 1024 * 1024 })
  return join(output, 'linux-unpacked')
}

describe('desktop packaging (electron-builder.yml)', () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('is a valid electron-builder configuration for AppImage + deb, dmg and nsis', async () => {
    const config = await getConfig(root, null, null)
    expect(config).toMatchObject({
      appId: 'dev.crossdock.app',
      productName: 'Crossdock',
      asar: true,
      files: [{ filter: ['out/**', 'package.json'] }],
      icon: 'resources/icon.png',
    })
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toBe('dmg')
    expect(config.win?.target).toBe('nsis')
    // The page comes from app://, so file:// pages need none of their old extra privileges.
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
    await validateConfiguration(config, new DebugLogger(false))
  })

  it('`npm run dist` builds first, then packs', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts
    expect(scripts.dist).toBe('npm run build && electron-builder')
  })

  it('packs app.asar with the built app and runtime dependencies only; the icon beside it', async () => {
    const app = await packSnapshot()
    const files = listPackage(join(app, 'resources/app.asar'), { isPack: false }).map((file) =>
      file.replaceAll('\\', '/'),
    )
    for (const built of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/cli.js',
      '/out/preload/preload.js',
      '/out/renderer/index.html',
    ])
      expect(files).toContain(built)
    const ours = files.filter((file) => !file.startsWith('/node_modules'))
    expect(ours.filter((file) => !/^\/(out(\/|$)|package\.json$)/.test(file))).toEqual([])
    expect(files.filter((file) => /^\/(test|src-main|src-renderer|resources|dist)(\/|$)/.test(file))).toEqual([])
    const modules = new Set(
      files.map((file) => file.match(/^\/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1]).filter(Boolean),
    )
    for (const runtime of ['zod', '@aws-sdk/client-ecr', 'commander']) expect(modules).toContain(runtime)
    for (const tool of ['electron', 'electron-builder', 'vitest', 'typescript', '@playwright/test', 'electron-vite'])
      expect(modules).not.toContain(tool)
    // The job lock's native addon ships unpacked beside the archive (a .node file cannot load from inside app.asar).
    expect(existsSync(join(app, 'resources/app.asar.unpacked/node_modules/os-lock/build/Release/addon.node'))).toBe(
      true,
    )
    expect(existsSync(join(app, 'resources/icon.png'))).toBe(true)
    expect(existsSync(join(app, 'crossdock'))).toBe(true)
  }, 120_000)
})
