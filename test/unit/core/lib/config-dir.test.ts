import { join, win32 } from 'node:path'
import { describe, expect, it } from 'vitest'
import { crossdockConfigDir } from '../../../../src-main/core/lib/config-dir'

describe('crossdockConfigDir', () => {
  it.each<[string, NodeJS.ProcessEnv, NodeJS.Platform, string]>([
    [
      'CROSSDOCK_CONFIG_DIR over everything',
      { CROSSDOCK_CONFIG_DIR: '/etc/crossdock', XDG_CONFIG_HOME: '/xdg' },
      'darwin',
      '/etc/crossdock',
    ],
    ['XDG_CONFIG_HOME over the platform default', { XDG_CONFIG_HOME: '/xdg' }, 'linux', join('/xdg', 'crossdock')],
    ['~/.config on Linux', {}, 'linux', join('/home/u', '.config', 'crossdock')],
    ['Application Support on macOS', {}, 'darwin', join('/home/u', 'Library', 'Application Support', 'crossdock')],
    [
      '%APPDATA% on Windows',
      { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
      'win32',
      'C:\\Users\\u\\AppData\\Roaming\\crossdock',
    ],
    [
      'AppData\\Roaming under the home on Windows without APPDATA',
      {},
      'win32',
      win32.join('/home/u', 'AppData', 'Roaming', 'crossdock'),
    ],
  ])('%s', (_name, env, platform, expected) => {
    expect(crossdockConfigDir(env, platform, '/home/u')).toBe(expected)
  })
})
