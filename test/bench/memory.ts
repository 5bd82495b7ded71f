// `npm run bench:memory`: peak RSS of `crossdock sync` over N distinct tiny images (one tag each), for each N in
// TAGS (default "5000 50000"), between two local docker-registry processes. Target: under 300 MB, and the
// largest run within 20% of the smallest. Knobs (env): TAGS, CLI (default out/main/cli.js; build it first),
// JOBS (crossdock --jobs), PUSH_CONCURRENCY (corpus builder, default 64).
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startRegistry, type RunningRegistry } from '../support/registry'

const PROJECT = resolve(__dirname, '../..')
const CLI = process.env.CLI ?? join(PROJECT, 'out/main/cli.js')
const SIZES = (process.env.TAGS ?? '5000 50000')
  .split(/[\s,]+/)
  .filter(Boolean)
  .map(Number)
const PUSH_CONCURRENCY = Number(process.env.PUSH_CONCURRENCY ?? 64)
const REPOSITORY = 'bench/many'
const agent = new Agent({ keepAlive: true, maxSockets: PUSH_CONCURRENCY })

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

function send(
  host: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number; location?: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: host.split(':')[0], port: host.split(':')[1], method, path, headers, agent }, (res) => {
      res.resume()
      res.on('end', () => done({ status: res.statusCode ?? 0, location: res.headers.location }))
    })
    req.on('error', fail)
    req.end(body)
  })
}

async function pushBlob(host: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes)
  const started = await send(host, 'POST', `/v2/${REPOSITORY}/blobs/uploads/`, { 'content-length': '0' })
  const location = new URL(started.location!, `http://${host}`)
  location.searchParams.set('digest', digest)
  const put = await send(
    host,
    'PUT',
    location.pathname + location.search,
    { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
    bytes,
  )
  if (put.status !== 201) throw new Error(`blob upload answered ${put.status}`)
  return digest
}

/** N distinct OCI image manifests (they differ by an annotation) sharing one config and one layer, tag i → image i. */
async function buildCorpus(registry: RunningRegistry, tags: number): Promise<void> {
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
  )
  const layer = Buffer.from('crossdock memory bench layer')
  const [configDigest, layerDigest] = [await pushBlob(registry.host, config), await pushBlob(registry.host, layer)]
  let next = 0
  const worker = async (): Promise<void> => {
    for (let i = next++; i < tags; i = next++) {
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
          layers: [
            { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length },
          ],
          annotations: { 'org.crossdock.bench.image': String(i) },
        }),
      )
      const put = await send(
        registry.host,
        'PUT',
        `/v2/${REPOSITORY}/manifests/t${i}`,
        { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': String(manifest.length) },
        manifest,
      )
      if (put.status !== 201) throw new Error(`manifest PUT of t${i} answered ${put.status}`)
    }
  }
  await Promise.all(Array.from({ length: PUSH_CONCURRENCY }, worker))
}

interface Measured {
  tags: number
  copied: number
  seconds: number
  peakRssMb: number
  /** What the CLI reported itself (`peakRssBytes`), before it wrote the summary. */
  beforeSummaryMb: number
}

/** One `crossdock sync` under /usr/bin/time: its peak RSS (the kernel's high-water mark) and wall time. */
function measureSync(
  source: RunningRegistry,
  destination: RunningRegistry,
  home: string,
): Promise<{ peakRssKb: number; seconds: number; summary: string }> {
  const args = [
    '-f',
    '%M %e',
    process.execPath,
    CLI,
    'sync',
    `${source.host}/bench`,
    `${destination.host}/bench`,
    '--plain-http',
    `${source.host},${destination.host}`,
    '--json',
  ]
  if (process.env.JOBS) args.push('--jobs', process.env.JOBS)
  const env = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    NODE_PATH: join(PROJECT, 'node_modules'),
  }
  return new Promise((done, fail) => {
    execFile('/usr/bin/time', args, { env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const last = stderr.trim().split('\n').pop() ?? ''
      const [kb, seconds] = last.split(' ').map(Number)
      if (error || !kb) return fail(new Error(`crossdock sync failed: ${error?.message ?? ''}\n${stderr.slice(-2000)}`))
      done({ peakRssKb: kb, seconds: seconds!, summary: stdout })
    })
  })
}

function readSummary(summary: string): { copied: number; peakRssBytes: number } {
  const parsed = JSON.parse(summary) as { tags: { copied: number }; peakRssBytes: number }
  return { copied: parsed.tags.copied, peakRssBytes: parsed.peakRssBytes }
}

async function measure(tags: number): Promise<Measured> {
  const [source, destination] = await Promise.all([startRegistry(), startRegistry()])
  const home = await mkdtemp(join(tmpdir(), 'crossdock-memory-bench-'))
  try {
    const built = Date.now()
    await buildCorpus(source, tags)
    process.stderr.write(
      `[memory] ${tags} tags pushed to the source in ${((Date.now() - built) / 1000).toFixed(0)} s; syncing\n`,
    )
    const run = await measureSync(source, destination, home)
    const { copied, peakRssBytes } = readSummary(run.summary)
    if (copied !== tags) throw new Error(`crossdock copied ${copied} of ${tags} tags`)
    return {
      tags,
      copied,
      seconds: run.seconds,
      peakRssMb: run.peakRssKb / 1024,
      beforeSummaryMb: peakRssBytes / 1024 / 1024,
    }
  } finally {
    await Promise.all([source.stop(), destination.stop(), rm(home, { recursive: true, force: true })])
  }
}

async function main(): Promise<void> {
  const results: Measured[] = []
  for (const tags of SIZES) {
    const result = await measure(tags)
    results.push(result)
    process.stderr.write(
      `[memory] ${tags} tags: peak RSS ${result.peakRssMb.toFixed(1)} MB, ${result.seconds.toFixed(0)} s\n`,
    )
  }
  agent.destroy()
  const smallest = results[0]!
  const lines = [
    '| tags | copied | wall s | peak RSS MB | vs smallest | peak before the summary MB |',
    '|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of results) {
    lines.push(
      `| ${r.tags} | ${r.copied} | ${r.seconds.toFixed(0)} | ${r.peakRssMb.toFixed(1)} | ` +
        `${((r.peakRssMb / smallest.peakRssMb - 1) * 100).toFixed(1)}% | ${r.beforeSummaryMb.toFixed(1)} |`,
    )
  }
  const largest = results[results.length - 1]!
  const underCap = results.every((r) => r.peakRssMb < 300)
  const flat = largest.peakRssMb <= smallest.peakRssMb * 1.2
  lines.push(
    '',
    `targets: every run under 300 MB: ${underCap ? 'met' : 'MISSED'}; ${largest.tags} tags within 20% of ` +
      `${smallest.tags}: ${flat ? 'met' : 'MISSED'}`,
  )
  process.stdout.write(`${lines.join('\n')}\n`)
  if (!underCap || !flat) process.exitCode = 1
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
