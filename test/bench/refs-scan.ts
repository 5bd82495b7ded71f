// `npm run bench:refs`: how long `refs scan` takes over a tree of FILES files (default 10,000), and what the finders
// cost on top of walking and reading the tree. The tree is built in a temporary folder: copies of the cutover
// fixture tree's files (real-world-shaped Dockerfiles, compose, Kubernetes, Helm, Kustomize, ECS, Terraform and CI
// files) in MANIFESTS of every hundred files, the rest source files of similar size that no finder reads, as a
// repository has them. Rounds alternate "walk and read only" and "scan" (offline: no registry is asked); medians.
// Knobs (env): FILES=10000, MANIFESTS=30 (per hundred), ROUNDS=5.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { findReferences } from '../../src-main/core/cutover/file-finders'
import { scanReferences } from '../../src-main/core/cutover/reference-scan'
import { walkTextFiles } from '../../src-main/core/cutover/tree-walk'

const FILES = Number(process.env.FILES ?? 10000)
const MANIFESTS = Number(process.env.MANIFESTS ?? 30)
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const FIXTURES = resolve(__dirname, '../fixtures/cutover')

/** A source file no finder reads, about the size of the manifests. */
const SOURCE = Array.from(
  { length: 60 },
  (_, i) => `export function handler${i}(request: Request): Response {\n  return new Response('ok ${i}')\n}\n`,
).join('\n')

async function fixtureFiles(): Promise<{ path: string; text: string }[]> {
  const files: { path: string; text: string }[] = []
  for await (const file of walkTextFiles(FIXTURES)) files.push(file)
  if (files.length === 0) throw new Error(`No fixture files under ${FIXTURES}`)
  return files
}

/** FILES files: fixture copies spread over folders of a hundred, each copy keeping its own path (so its kind). */
async function buildTree(root: string, fixtures: { path: string; text: string }[]): Promise<number> {
  let manifests = 0
  for (let i = 0; i < FILES; i++) {
    const folder = `part${Math.floor(i / 100)}`
    const manifest = i % 100 < MANIFESTS
    const fixture = fixtures[manifests % fixtures.length]!
    const path = manifest ? join(root, folder, `copy${i}`, fixture.path) : join(root, folder, `src/file${i}.ts`)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, manifest ? fixture.text : SOURCE)
    if (manifest) manifests++
  }
  return manifests
}

async function timed(run: () => Promise<number>): Promise<{ ms: number; count: number }> {
  const started = performance.now()
  const count = await run()
  return { ms: performance.now() - started, count }
}

async function walkOnly(root: string): Promise<number> {
  let bytes = 0
  for await (const file of walkTextFiles(root)) bytes += file.text.length
  return bytes
}

async function scan(root: string): Promise<number> {
  let references = 0
  for await (const _ of scanReferences(root, { find: findReferences, mapping: [] })) references++
  return references
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'crossdock-refs-bench-'))
  try {
    const fixtures = await fixtureFiles()
    const manifests = await buildTree(root, fixtures)
    const bytes = await walkOnly(root) // warm the page cache and the finders' modules
    const references = await scan(root)
    const samples = { walk: [] as number[], scan: [] as number[] }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? (['scan', 'walk'] as const) : (['walk', 'scan'] as const)
      for (const way of order) samples[way].push((await timed(() => (way === 'walk' ? walkOnly : scan)(root))).ms)
    }
    const walk = median(samples.walk)
    const scanned = median(samples.scan)
    const lines = [
      `${FILES} files (${manifests} copies of ${fixtures.length} fixture files, the rest source), ` +
        `${(bytes / 1024 / 1024).toFixed(1)} MiB; ${references} references; ${ROUNDS} rounds; ` +
        `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
      '',
      '| way | ms (median) | files/s | rounds (ms) |',
      '|---|---:|---:|---|',
      ...Object.entries(samples).map(
        ([way, xs]) =>
          `| ${way === 'walk' ? 'walk and read' : 'refs scan --offline'} | ${median(xs).toFixed(0)} | ` +
          `${((FILES / median(xs)) * 1000).toFixed(0)} | ${xs.map((x) => x.toFixed(0)).join(', ')} |`,
      ),
      '',
      `scan / walk: ${(scanned / walk).toFixed(2)}×; the finders cost ${(scanned - walk).toFixed(0)} ms over ` +
        `${manifests} manifests (${(((scanned - walk) / manifests) * 1000).toFixed(0)} µs each)`,
    ]
    process.stdout.write(`${lines.join('\n')}\n`)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

void main()
