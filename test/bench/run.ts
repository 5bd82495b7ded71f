// `npm run bench`: crossdock vs `skopeo sync` vs the reference copier (rawcopy.ts), on real docker-registry
// processes on loopback, with a deterministic corpus; everything it needs is in test/bench.
//   1. builds the CLI if out/main is older than the sources, and measures a copy of it
//   2. cold runs: every METHOD RUNS times into an empty DST (fresh registry processes), each measured and verified
//   3. warm runs: DST filled once by crossdock (not timed), then RUNS re-runs each of crossdock and skopeo-sync-seq
//   4. prints the report with ratios and targets (also OUT/crossdock-report.md); exit 1 if a run failed or a
//      verification found a difference (a missed target is reported, not fatal)
// Knobs (env): SIZE=default (small: minutes | default | large), RUNS=1, JOBS (crossdock --jobs),
// METHODS="raw-blobs raw-full skopeo-sync-seq crossdock", WARM=1 (0: no warm runs), SRC_MODE=noauth (auth: read SRC
// through htpasswd), SKOPEO_FLAGS, QUIET_WAIT=30 (s to wait for an idle machine before each run), TIMEOUT=1800 (s per
// run), WORK=/tmp/crossdock-bench (corpus, SRC storage, registries), OUT=$WORK/results-<size>-<time>.
import { execFileSync } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { arch, cpus, release, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { lock } from 'os-lock'
import { bundleRawcopy, snapshotBuild } from './rig/build'
import { describeCorpus, ensureCorpus, type Corpus } from './rig/corpus'
import { SIZES, type Size } from './rig/corpus-plan'
import { copyCorpus, diskSource } from './rig/copy-corpus'
import { Registry } from './rig/http'
import { killCurrent, measure, type RunRecord } from './rig/measure'
import { METHODS, writeMethodScript, type Method } from './rig/methods'
import { CREDENTIALS, NAMES, Registries } from './rig/registries'
import { report } from './report'
import { verify } from './rig/verify'

const PROJECT = resolve(__dirname, '../..')
const env = (name: string, fallback: string): string => process.env[name] ?? fallback
const SIZE = env('SIZE', 'default') as Size
const RUNS = Number(env('RUNS', '1'))
const JOBS = env('JOBS', '')
const CHOSEN = env('METHODS', METHODS.join(' ')).split(/\s+/).filter(Boolean) as Method[]
const WARM = env('WARM', '1') === '1'
const SRC_MODE = env('SRC_MODE', 'noauth')
const QUIET_WAIT = Number(env('QUIET_WAIT', '30'))
const TIMEOUT = Number(env('TIMEOUT', '1800'))
const WORK = env('WORK', '/tmp/crossdock-bench')
const OUT = env(
  'OUT',
  join(WORK, `results-${SIZE}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')}`),
)
const RUN_HOME = join(OUT, 'run-home')
// both copiers re-run against the same complete DST, alternating
const WARM_METHODS = ['crossdock', 'skopeo-sync-seq'] as const
const registries = new Registries(join(WORK, 'reg'), join(WORK, 'src-storage'))

const log = (msg: string): void =>
  void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`)

function checkSetup(): void {
  if (!(SIZE in SIZES)) throw new Error(`SIZE must be one of ${Object.keys(SIZES).join(', ')}`)
  const unknown = CHOSEN.filter((m) => !METHODS.includes(m))
  if (unknown.length) throw new Error(`unknown METHODS ${unknown.join(' ')}; known: ${METHODS.join(' ')}`)
  for (const tool of ['docker-registry', 'skopeo', 'htpasswd', '/usr/bin/time']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' })
    } catch {
      throw new Error(`${tool} not found: apt-get install -y docker-registry skopeo apache2-utils time`)
    }
  }
}

/** One bench at a time per WORK: two would wipe each other's DST. The lock goes with the process. */
async function lockWork(): Promise<void> {
  const fd = openSync(join(WORK, '.bench.lock'), 'a')
  await lock(fd, { exclusive: true, immediate: true }).catch(async () => {
    log(`another 'npm run bench' is using ${WORK}; waiting for it`)
    await lock(fd, { exclusive: true })
  })
}

async function freshHome(): Promise<void> {
  await rm(RUN_HOME, { recursive: true, force: true })
  await mkdir(join(RUN_HOME, 'data'), { recursive: true })
  await mkdir(join(RUN_HOME, 'config'))
  await mkdir(join(RUN_HOME, 'run'), { mode: 0o700 })
}

/** SRC holds the corpus (pushed once, kept across benches). */
async function ensureSource(corpus: Corpus, src: Registry): Promise<void> {
  if ((await verify(corpus, src, undefined, false)).ok) return
  log('SRC does not hold this corpus: wiping SRC and pushing it')
  await registries.wipeSrc()
  await copyCorpus(corpus, diskSource(corpus), src, 8, ['blobs', 'mounts', 'manifests'])
  const verdict = await verify(corpus, src)
  if (!verdict.ok) throw new Error(`SRC does not verify after the push: ${verdict.first_problems.join('; ')}`)
}

async function environmentRecord(corpus: Corpus): Promise<void> {
  const version = (cmd: string, ...args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' }).trim()
  await writeFile(
    join(OUT, 'env.txt'),
    `${[
      `date: ${new Date().toISOString()}`,
      `host: ${release()} ${arch()}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ` +
        `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
      `registry: ${version('docker-registry', '--version')}`,
      `skopeo: ${version('skopeo', '--version')}`,
      `node: ${process.version}`,
      `SIZE=${SIZE} RUNS=${RUNS} JOBS=${JOBS} METHODS="${CHOSEN.join(' ')}" WARM=${WARM} SRC_MODE=${SRC_MODE} ` +
        `SKOPEO_FLAGS=${env('SKOPEO_FLAGS', '')}`,
      describeCorpus(corpus),
    ].join('\n')}\n`,
  )
}

async function keepLogs(label: string, run: number | string): Promise<void> {
  await mkdir(join(OUT, 'logs'), { recursive: true })
  for (const r of registries.running.values()) {
    const text = await readFile(r.accessLog).catch(() => Buffer.alloc(0))
    if (text.length) await writeFile(join(OUT, 'logs', `${label}-run${run}-${r.name}-access.log.gz`), gzipSync(text))
  }
}

function summarise(r: RunRecord, uniqueBytes: number): void {
  const wall = r.wall_s as number
  const rate = r.warm ? '' : ` (${(uniqueBytes / 1e6 / wall).toFixed(1)} MB/s of unique bytes)`
  log(
    `  ${r.label} run ${r.run}: rc=${r.rc} wall=${wall.toFixed(2)}s${rate} ` +
      `maxRSS=${r.maxrss_mib}MiB tree=${r.tree_peak_rss_mib}MiB dst_req=${r.dst_requests ?? '-'} ` +
      `other_cpu=${r.other_cpu_s}s verify=${r.verify_ok ?? 'n/a'}`,
  )
}

interface Bench {
  corpus: Corpus
  src: Registry
  dst: Registry
  scripts: Map<Method, string>
  failed: boolean
}

/** Registries up, SRC holding the corpus, the method scripts written. */
async function prepare(): Promise<Bench> {
  const cli = await snapshotBuild(PROJECT, OUT, log)
  log(`corpus SIZE=${SIZE} in ${WORK}`)
  const corpus = await ensureCorpus(join(WORK, `corpus-${SIZE}`), SIZE)
  log(describeCorpus(corpus))
  await registries.startAll()
  const [srcHost, srcAuthHost, dstHost] = NAMES.map((n) => registries.get(n).host) as [string, string, string]
  const src = new Registry({ host: srcHost })
  const dst = new Registry({ host: dstHost, ...CREDENTIALS.dst })
  await ensureSource(corpus, src)

  const reposFile = join(OUT, 'repos.txt')
  const tagsFile = join(OUT, 'tags.txt')
  await writeFile(
    reposFile,
    Object.keys(corpus.repos)
      .map((r) => `${r}\n`)
      .join(''),
  )
  await writeFile(
    tagsFile,
    Object.entries(corpus.repos)
      .flatMap(([r, v]) => Object.keys(v.tags).map((t) => `${r}:${t}\n`))
      .join(''),
  )
  await writeFile(join(OUT, 'policy.json'), '{"default":[{"type":"insecureAcceptAnything"}]}\n')
  await environmentRecord(corpus)
  const auth = SRC_MODE === 'auth'
  const context = {
    out: OUT,
    project: PROJECT,
    cli,
    rawcopy: bundleRawcopy(PROJECT, OUT),
    jobs: JOBS,
    skopeoFlags: env('SKOPEO_FLAGS', ''),
    vars: {
      SRC: auth ? srcAuthHost : srcHost,
      DST: dstHost,
      SRC_USER: auth ? CREDENTIALS.src.user : '',
      SRC_PASSWORD: auth ? CREDENTIALS.src.password : '',
      DST_USER: CREDENTIALS.dst.user,
      DST_PASSWORD: CREDENTIALS.dst.password,
      CORPUS: corpus.dir,
      REPOS_FILE: reposFile,
      TAGS_FILE: tagsFile,
    },
  }
  const scripts = new Map<Method, string>()
  for (const m of new Set<Method>([...CHOSEN, ...(WARM ? WARM_METHODS : [])]))
    scripts.set(m, await writeMethodScript(m, context))
  return { corpus, src, dst, scripts, failed: false }
}

/** One measured, verified run; its record goes to OUT/<records>. */
async function timedRun(b: Bench, method: Method, run: number, warm: boolean): Promise<void> {
  const label = warm ? `${method}-warm` : method
  const records = warm ? 'warm.jsonl' : 'results.jsonl'
  await freshHome()
  await appendCommandsLog(`===== ${label} run ${run}`)
  const r = await measure(registries, {
    label,
    run,
    script: b.scripts.get(method)!,
    args: method === 'crossdock' ? [join(OUT, `crossdock-${warm ? 'warm' : 'cold'}-${run}.json`)] : [],
    log: join(OUT, 'commands.log'),
    records: join(OUT, records),
    timeoutSeconds: TIMEOUT,
    quietWaitSeconds: QUIET_WAIT,
    env: { ...process.env, RUN_HOME },
    // raw-blobs moves blobs only: nothing to verify
    ...(method === 'raw-blobs' ? {} : { verifyWith: { corpus: b.corpus, dst: b.dst, src: b.src } }),
    extra: {
      size: SIZE,
      src_mode: SRC_MODE,
      unique_blob_bytes: b.corpus.stats.unique_blob_bytes,
      ...(warm ? { warm: true } : {}),
    },
  })
  summarise(r, b.corpus.stats.unique_blob_bytes!)
  if (r.rc !== 0 || r.timed_out || r.verify_ok === false) {
    b.failed = true
    log(`  ${label} run ${run} FAILED; see ${OUT}/commands.log and ${records}`)
  }
  await keepLogs(label, run)
}

/** Every method into an empty DST, with cold SRC caches. */
async function coldRuns(b: Bench): Promise<void> {
  log(`cold runs: METHODS="${CHOSEN.join(' ')}" RUNS=${RUNS} -> ${OUT}`)
  for (const method of CHOSEN) {
    for (let run = 1; run <= RUNS; run++) {
      await registries.wipeDst()
      await registries.restart('src', 'src_auth')
      await timedRun(b, method, run, false)
    }
  }
}

/** Re-runs against a DST that already holds everything: what a scheduled sync costs. */
async function warmRuns(b: Bench): Promise<void> {
  log('warm: filling an empty DST with crossdock (not timed)')
  await registries.wipeDst()
  await freshHome()
  await appendCommandsLog('===== crossdock fill')
  const filled =
    runUntimed(b.scripts.get('crossdock')!, join(OUT, 'crossdock-fill.json')) && (await verify(b.corpus, b.dst, b.src))
  if (filled) await writeFile(join(OUT, 'fill-verify.json'), `${JSON.stringify(filled)}\n`)
  // biome-ignore lint/complexity/useOptionalChain: `filled` may be `false`, which has no `ok` to chain to
  if (!filled || !filled.ok) {
    b.failed = true
    log(
      `warm: the crossdock fill run failed or DST does not verify; no warm runs (see ${OUT}/commands.log, ` +
        `fill-verify.json)`,
    )
    return
  }
  for (let run = 1; run <= RUNS; run++) {
    for (const method of WARM_METHODS) {
      log(`warm run ${run}/${RUNS}: ${method}`)
      await registries.restart(...NAMES)
      await timedRun(b, method, run, true)
    }
  }
}

async function main(): Promise<number> {
  checkSetup()
  await mkdir(OUT, { recursive: true })
  await lockWork()
  const bench = await prepare()
  await coldRuns(bench)
  if (WARM) await warmRuns(bench)
  bench.src.close()
  bench.dst.close()
  const { text, failed } = await report(OUT, { size: SIZE, runs: RUNS, jobs: JOBS || 'default' })
  process.stdout.write(text)
  if (bench.failed || failed) {
    log(`FAILED: a run failed or DST did not verify (details in ${OUT})`)
    return 1
  }
  log(`done: ${OUT}/crossdock-report.md`)
  return 0
}

async function appendCommandsLog(line: string): Promise<void> {
  await writeFile(join(OUT, 'commands.log'), `${line} ${new Date().toISOString()}\n`, { flag: 'a' })
}

/** The untimed fill run: its output goes to commands.log like every run's. */
function runUntimed(script: string, ...args: string[]): boolean {
  const out = openSync(join(OUT, 'commands.log'), 'a')
  try {
    execFileSync('bash', [script, ...args], { stdio: ['ignore', out, out], env: { ...process.env, RUN_HOME } })
    return true
  } catch {
    return false
  } finally {
    closeSync(out)
  }
}

async function cleanup(): Promise<void> {
  killCurrent()
  await registries.stopAll()
  await rm(RUN_HOME, { recursive: true, force: true })
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(code)))
}
main()
  .catch((err: unknown) => {
    log(err instanceof Error ? (err.stack ?? err.message) : String(err))
    return 1
  })
  .then(async (code) => {
    await cleanup()
    process.exit(code)
  })
