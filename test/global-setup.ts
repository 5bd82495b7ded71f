import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'

/** CLI tests run the built `out/main/cli.js`; build it once so they always test the current source. */
export default function setup(): void {
  execFileSync(process.execPath, [resolve(__dirname, '../node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: resolve(__dirname, '..'),
    stdio: 'ignore',
  })
}
