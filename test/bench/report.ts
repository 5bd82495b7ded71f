// The `npm run bench` report: reads OUT/results.jsonl (cold runs), OUT/warm.jsonl (warm re-runs) and crossdock's
// own --json summaries (OUT/crossdock-*.json), writes OUT/crossdock-report.md. `failed` when a run failed (rc != 0,
// timeout) or a verification found a difference; a missed target only shows as MISS.
// Also runnable alone on a finished OUT: node node_modules/jiti/lib/jiti-cli.mjs test/bench/report.ts OUT
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { RunRecord } from './rig/measure'

const MB = 1e6
const MiB = 2 ** 20

// crossdock's performance targets
const T_COLD_VS_SKOPEO = 0.4 // cold wall ≤ 0.4× skopeo sync (seq)
const T_COLD_VS_RAW = 1.3 // cold wall ≤ 1.3× raw-full (the minimal complete copy)
const T_REQ_VS_RAW = 1.2 // DST requests ≤ 1.2× raw-full
const T_WARM_VS_SKOPEO = 0.2 // warm re-run wall ≤ 0.2× skopeo sync's warm re-run
const T_PEAK_RSS_BYTES = 150 * MB // on SIZE=large

type Rec = RunRecord & {
  wall_s?: number
  maxrss_mib?: number
  tree_peak_rss_mib?: number
  dst_requests?: number
  dst_recv_bytes?: number
  other_cpu_s?: number
  timed_out?: boolean
  verify?: { problems: number }
  dst_by_kind?: Record<string, number>
}

const loadJsonl = (path: string): Rec[] =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Rec)
    : []
const ok = (r: Rec): boolean => r.rc === 0 && !r.timed_out && r.verify_ok !== false
// time -v's max RSS of the largest process is exact; the 100 ms tree sample also counts children (bash + skopeo)
const peakRss = (r: Rec): number => Math.max(r.maxrss_mib ?? 0, r.tree_peak_rss_mib ?? 0)
const fmt = (x: number | undefined, digits = 1): string => (x === undefined ? '—' : x.toFixed(digits))

function median(values: number[]): number | undefined {
  if (!values.length) return undefined
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2
}

class Method {
  readonly ok: Rec[]
  /** medians over the successful runs, or over all when none succeeded */
  readonly use: Rec[]
  constructor(
    readonly label: string,
    readonly recs: Rec[],
  ) {
    this.ok = recs.filter(ok)
    this.use = this.ok.length ? this.ok : recs
  }
  med(fn: (r: Rec) => number | undefined): number | undefined {
    return median(this.use.map(fn).filter((v): v is number => v !== undefined && v !== null))
  }
  get wall(): number | undefined {
    return this.med((r) => r.wall_s)
  }
  get requests(): number | undefined {
    return this.med((r) => r.dst_requests)
  }
  verify(): string {
    if (this.recs.every((r) => r.verify_ok === undefined)) return 'n/a'
    const problems = this.recs.reduce((n, r) => n + (r.verify?.problems ?? 0), 0)
    return this.recs.every((r) => r.verify_ok) ? 'ok' : `FAIL (${problems} problems)`
  }
}

function group(recs: Rec[], strip = ''): Map<string, Method> {
  const by = new Map<string, Rec[]>()
  for (const r of recs) by.set(r.label, [...(by.get(r.label) ?? []), r])
  return new Map([...by].map(([label, rs]) => [label.slice(0, label.length - strip.length), new Method(label, rs)]))
}

function ratioRow(name: string, num: number | undefined, den: number | undefined, target: number): string {
  if (num === undefined || !den) return `| ${name} | — | ≤ ${target}× | n/a |`
  const r = num / den
  return `| ${name} | ${r.toFixed(2)}× | ≤ ${target}× | ${r <= target ? 'ok' : 'MISS'} |`
}

/** One line per crossdock --json summary, in run order. */
function crossdockSummaries(out: string): string[] {
  const files = readdirSync(out)
    .filter((f) => /^crossdock-.*\.json$/.test(f))
    .map((f) => join(out, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
  const lines = files.map((path) => {
    const name = basename(path).slice('crossdock-'.length, -'.json'.length)
    try {
      const s = JSON.parse(readFileSync(path, 'utf8')) as {
        tags?: Record<string, number>
        blobs?: Record<string, number>
        bytesSent?: number
        seconds?: number
        peakRssBytes?: number
        failures?: unknown[]
      }
      const t = s.tags ?? {}
      const b = s.blobs ?? {}
      return (
        `| ${name} | ${t.copied ?? '?'}/${t.skipped ?? '?'}/${t.failed ?? '?'} | ` +
        `${b.uploaded ?? '?'}/${b.mounted ?? '?'}/${b.skipped ?? '?'} | ${fmt((s.bytesSent ?? 0) / MB)} | ` +
        `${fmt(s.seconds, 2)} | ${fmt((s.peakRssBytes ?? 0) / MiB)} | ${s.failures?.length ?? 0} |`
      )
    } catch (err) {
      return (
        `| ${name} | unreadable (empty: crossdock exited before its summary?): ` +
        `${err instanceof Error ? err.message.slice(0, 80) : ''} | | | | | |`
      )
    }
  })
  if (!lines.length) return []
  return [
    '',
    "crossdock's own --json summaries:",
    '',
    '| run | tags copied/skipped/failed | blobs uploaded/mounted/skipped | bytesSent MB | seconds | peakRss MiB | ' +
      'failures |',
    '|---|---|---|---|---|---|---|',
    ...lines,
  ]
}

/** What DST was asked, by kind (median per run), from its access log. */
function requestMix(methods: [string, Method][]): string[] {
  const kinds = [...new Set(methods.flatMap(([, m]) => m.recs.flatMap((r) => Object.keys(r.dst_by_kind ?? {}))))].sort()
  if (!kinds.length) return []
  return [
    '',
    'Requests seen by DST (median per run):',
    '',
    `| method | ${kinds.join(' | ')} |`,
    `|---|${'---|'.repeat(kinds.length)}`,
    ...methods.map(
      ([name, m]) =>
        `| ${name} | ${kinds.map((k) => fmt(median(m.recs.map((r) => r.dst_by_kind?.[k] ?? 0)), 0)).join(' | ')} |`,
    ),
  ]
}

export async function report(
  out: string,
  o: { size: string; runs: number | string; jobs: string },
): Promise<{ text: string; failed: boolean }> {
  const coldRecs = loadJsonl(join(out, 'results.jsonl'))
  const warmRecs = loadJsonl(join(out, 'warm.jsonl'))
  const cold = group(coldRecs)
  const warm = group(warmRecs, '-warm')
  const unique = coldRecs.find((r) => r.unique_blob_bytes)?.unique_blob_bytes as number | undefined

  const lines = [`# crossdock bench — SIZE=${o.size}, RUNS=${o.runs}, crossdock --jobs ${o.jobs}`, '']
  if (unique)
    lines.push(
      `Corpus: ${(unique / MB).toFixed(1)} MB of unique blobs (MB/s = that ÷ wall). Medians over successful runs. ` +
        `Results: \`${out}\`.`,
    )
  if (existsSync(join(out, 'crossdock-build.txt')))
    lines.push(`${readFileSync(join(out, 'crossdock-build.txt'), 'utf8').trim()}.`)
  lines.push(
    "Noisy machine: 'other CPU s' is CPU used by other tenants during the run.",
    '',
    '| method | runs ok | wall s | MB/s | peak RSS MiB | DST requests | DST recv MB | other CPU s | verify |',
    '|---|---|---|---|---|---|---|---|---|',
  )
  const rows: [string, Method][] = [
    ...[...cold].map(([k, m]): [string, Method] => [k, m]),
    ...[...warm].map(([k, m]): [string, Method] => [`${k} (warm)`, m]),
  ]
  for (const [name, m] of rows) {
    const w = m.wall
    const mbps = name.endsWith('(warm)') || !m.ok.length || !unique || !w ? '—' : (unique / MB / w).toFixed(1)
    lines.push(
      `| ${name} | ${m.ok.length}/${m.recs.length} | ${fmt(w, 2)} | ${mbps} | ${fmt(m.med(peakRss))} | ` +
        `${fmt(m.requests, 0)} | ${fmt(m.med((r) => (r.dst_recv_bytes ?? 0) / MB))} | ` +
        `${fmt(m.med((r) => r.other_cpu_s))} | ${m.verify()} |`,
    )
  }

  const [cd, sk, raw, cdw, skw] = [
    cold.get('crossdock'),
    cold.get('skopeo-sync-seq'),
    cold.get('raw-full'),
    warm.get('crossdock'),
    warm.get('skopeo-sync-seq'),
  ]
  lines.push(
    '',
    '| check | value | target | |',
    '|---|---|---|---|',
    ratioRow('cold wall: crossdock / skopeo-sync-seq', cd?.wall, sk?.wall, T_COLD_VS_SKOPEO),
    ratioRow('cold wall: crossdock / raw-full', cd?.wall, raw?.wall, T_COLD_VS_RAW),
    ratioRow('DST requests: crossdock / raw-full', cd?.requests, raw?.requests, T_REQ_VS_RAW),
    ratioRow('warm wall: crossdock / skopeo-sync-seq', cdw?.wall, skw?.wall, T_WARM_VS_SKOPEO),
  )
  const cdRecs = [...(cd?.recs ?? []), ...(cdw?.recs ?? [])]
  if (cdRecs.length) {
    const peak = Math.max(...cdRecs.map(peakRss))
    const status =
      o.size === 'large' ? (peak * MiB <= T_PEAK_RSS_BYTES ? 'ok' : 'MISS') : 'n/a (target is for SIZE=large)'
    lines.push(
      `| crossdock peak RSS (max over its runs) | ${peak.toFixed(1)} MiB = ${((peak * MiB) / MB).toFixed(0)} MB | ≤ ` +
        `${T_PEAK_RSS_BYTES / MB} MB | ${status} |`,
    )
  }
  const all = [...coldRecs, ...warmRecs]
  const verified = all.filter((r) => r.verify_ok !== undefined)
  const problems = verified.reduce((n, r) => n + (r.verify?.problems ?? 0), 0)
  lines.push(
    `| digest/content mismatches (${verified.length} verified runs) | ${problems} | 0 | ` +
      `${problems === 0 && verified.every((r) => r.verify_ok) ? 'ok' : 'FAIL'} |`,
  )
  const failed = all.filter((r) => !ok(r)).map((r) => `${r.label} run ${r.run}`)
  lines.push(
    `| failed runs (rc ≠ 0, timeout or verify FAIL) | ${failed.length} | 0 | ` +
      `${failed.length ? `FAIL: ${failed.join(', ')}` : 'ok'} |`,
  )

  lines.push(...requestMix(rows), ...crossdockSummaries(out))
  lines.push(
    '',
    'Per-run records (with request and status counts by kind for every registry): `results.jsonl` (cold), ' +
      '`warm.jsonl` (warm); exact commands: `cmd-*.sh`; their output: `commands.log`; registry access logs: `logs/`.',
  )
  const text = `${lines.join('\n')}\n`
  writeFileSync(join(out, 'crossdock-report.md'), text)
  return { text, failed: failed.length > 0 || coldRecs.length === 0 }
}

// run directly (jiti puts the script in argv[1]), not imported by run.ts
if (resolve(process.argv[1] ?? '') === __filename) {
  const out = process.argv[2]
  if (!out) throw new Error('usage: report.ts OUT')
  void report(out, {
    size: process.env.SIZE ?? '?',
    runs: process.env.RUNS ?? '?',
    jobs: process.env.JOBS || 'default',
  }).then(({ text, failed }) => {
    process.stdout.write(text)
    process.exitCode = failed ? 1 : 0
  })
}
