import { homedir } from 'node:os'
import { join, win32 } from 'node:path'

/**
 * Where Crossdock keeps its own settings: CROSSDOCK_CONFIG_DIR, else $XDG_CONFIG_HOME/crossdock, else the
 * platform's usual place (~/.config, ~/Library/Application Support, %APPDATA%).
 */
export function crossdockConfigDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.CROSSDOCK_CONFIG_DIR) return env.CROSSDOCK_CONFIG_DIR
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'crossdock')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'crossdock')
  if (platform === 'win32') return win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), 'crossdock')
  return join(home, '.config', 'crossdock')
}
