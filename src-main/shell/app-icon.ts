import { join } from 'node:path'
import { app } from 'electron'

/**
 * The icon ships beside app.asar once packaged (electron-builder `extraResources`), in resources/ when run from source.
 */
export function appIconPath(): string {
  return app.isPackaged ? join(process.resourcesPath, 'icon.png') : join(app.getAppPath(), 'resources', 'icon.png')
}
