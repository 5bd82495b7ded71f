// The code that gets measured, as plain Node bundles in OUT: crossdock's out/main (rebuilt when older than its
// sources, then copied, because other people may rebuild out/ while the bench runs and cold and warm runs must
// measure the same code), and the reference copier bundled by rolldown (so that no TypeScript loader is timed).
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

async function newestMtime(path: string): Promise<number> {
  const s = await stat(path)
  if (!s.isDirectory()) return s.mtimeMs
  const entries = await readdir(path)
  return Math.max(s.mtimeMs, ...(await Promise.all(entries.map((e) => newestMtime(join(path, e))))))
}

/** Returns the bundle's path. */
export function bundleRawcopy(project: string, out: string): string {
  const bundle = join(out, 'rawcopy.cjs')
  execFileSync(
    join(project, 'node_modules/.bin/rolldown'),
    [join(project, 'test/bench/rawcopy.ts'), '--platform', 'node', '--format', 'cjs', '-o', bundle],
    { cwd: project, stdio: 'ignore' },
  )
  return bundle
}

/** Returns the snapshot's cli.js. */
export async function snapshotBuild(project: string, out: string, log: (msg: string) => void): Promise<string> {
  const cli = join(project, 'out/main/cli.js')
  const built = await stat(cli).then(
    (s) => s.mtimeMs,
    () => 0,
  )
  const sources = Math.max(
    ...(await Promise.all(
      ['src-main', 'package.json', 'electron.vite.config.ts'].map((p) => newestMtime(join(project, p))),
    )),
  )
  if (sources > built) {
    log('building crossdock (npm run build)')
    execFileSync('npm', ['run', 'build'], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] })
  }
  const snapshot = join(out, 'crossdock-build')
  await cp(join(project, 'out/main'), snapshot, { recursive: true })
  const hash = createHash('sha256')
    .update(await readFile(join(snapshot, 'cli.js')))
    .digest('hex')
    .slice(0, 12)
  const when = new Date((await stat(cli)).mtimeMs).toISOString().replace(/\.\d+Z$/, 'Z')
  await writeFile(join(out, 'crossdock-build.txt'), `crossdock build: out/main/cli.js ${when} sha256 ${hash}\n`)
  return join(snapshot, 'cli.js')
}
