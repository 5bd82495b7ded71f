// One timed run of a method script: /usr/bin/time -v (wall, CPU, max RSS of the largest process), the process
// tree's RSS sampled every 100 ms, the registries' CPU and bytes from /proc, request counts from their access logs,
// other tenants' CPU on the machine, and (unless told not to) a verification of DST. One JSON record per run.
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, statSync } from 'node:fs'
import { appendFile, readFile, rm } from 'node:fs/promises'
import { logStats } from './access-log'
import type { Corpus } from './corpus'
import type { Registry } from './http'
import { machineBusySeconds, processCpu, processIo, treeRss, waitQuiet } from './proc'
import { NAMES, type Registries } from './registries'
import { verify } from './verify'

export interface MeasureOptions {
  label: string
  run: number
  script: string
  args?: string[]
  /** the runs' output goes here */
  log: string
  records: string
  timeoutSeconds: number
  quietWaitSeconds: number
  env: NodeJS.ProcessEnv
  /** verify DST against the corpus after the run */
  verifyWith?: { corpus: Corpus; dst: Registry; src: Registry }
  extra: Record<string, unknown>
}

export type RunRecord = Record<string, unknown> & { label: string; run: number; rc: number; verify_ok?: boolean }

/** The command being measured, so that an interrupted bench can end its session. */
let current: ChildProcess | undefined
export function killCurrent(): void {
  if (current?.pid && current.exitCode === null) process.kill(-current.pid, 'SIGTERM')
}

const size = (path: string): number => {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

function snapshot(
  registries: Registries,
): Map<
  string,
  { pid: number; cpu: number; rchar: number; wchar: number; accessLog: string; accessBytes: number; errorBytes: number }
> {
  return new Map(
    [...registries.running.values()].map((r) => [
      r.name,
      {
        pid: r.pid,
        cpu: processCpu(r.pid),
        ...processIo(r.pid),
        accessLog: r.accessLog,
        accessBytes: size(r.accessLog),
        errorBytes: size(r.errorLog),
      },
    ]),
  )
}

function parseTimeV(text: string): { maxrssKib: number; user: number; sys: number; exit?: number } {
  const field = (label: string): string | undefined => new RegExp(`^\\s*${label}: (.*)$`, 'm').exec(text)?.[1]
  const exit = field('Exit status')
  return {
    maxrssKib: Number(field('Maximum resident set size \\(kbytes\\)') ?? 0),
    user: Number(field('User time \\(seconds\\)') ?? 0),
    sys: Number(field('System time \\(seconds\\)') ?? 0),
    ...(exit === undefined ? {} : { exit: Number(exit) }),
  }
}

export async function measure(registries: Registries, o: MeasureOptions): Promise<RunRecord> {
  const quiet = o.quietWaitSeconds > 0 ? await waitQuiet(o.quietWaitSeconds) : undefined
  const before = snapshot(registries)
  const busyBefore = machineBusySeconds()
  const timeFile = `${o.records}.time-${process.pid}`
  const out = openSync(o.log, 'a')
  const started = process.hrtime.bigint()
  // its own session: a Ctrl-C meant for the bench must not cut the run short unrecorded (killCurrent ends it)
  const child = spawn('/usr/bin/time', ['-v', '-o', timeFile, 'bash', o.script, ...(o.args ?? [])], {
    stdio: ['ignore', out, out],
    env: o.env,
    detached: true,
  })
  closeSync(out)
  current = child
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
  let peak = { kib: 0, procs: 0 }
  let timedOut = false
  const sampler = setInterval(() => {
    const now = treeRss(child.pid!)
    if (now.kib > peak.kib) peak = now
    if (o.timeoutSeconds && Number(process.hrtime.bigint() - started) / 1e9 > o.timeoutSeconds && !timedOut) {
      timedOut = true
      killCurrent()
    }
  }, 100)
  const rc = await exited
  clearInterval(sampler)
  current = undefined
  const wall = Number(process.hrtime.bigint() - started) / 1e9
  const busy = machineBusySeconds() - busyBefore
  const after = snapshot(registries)
  const time = parseTimeV(await readFile(timeFile, 'utf8').catch(() => ''))
  await rm(timeFile, { force: true })

  const rec: RunRecord = {
    label: o.label,
    run: o.run,
    ts: new Date().toISOString(),
    command: `bash ${[o.script, ...(o.args ?? [])].join(' ')}`,
    rc: time.exit ?? rc,
    timed_out: timedOut,
    wall_s: Number(wall.toFixed(3)),
    user_s: time.user,
    sys_s: time.sys,
    maxrss_mib: Number((time.maxrssKib / 1024).toFixed(1)),
    tree_peak_rss_mib: Number((peak.kib / 1024).toFixed(1)),
    tree_peak_procs: peak.procs,
  }
  let registryCpu = 0
  for (const name of NAMES) {
    const [b, a] = [before.get(name), after.get(name)]
    if (!b || !a || b.pid !== a.pid) continue
    const cpu = a.cpu - b.cpu
    registryCpu += cpu
    rec[`${name}_cpu_s`] = Number(cpu.toFixed(2))
    // what a source wrote to its sockets ~ wchar minus its own log writes
    if (name === 'dst') rec.dst_recv_bytes = a.rchar - b.rchar
    else rec[`${name}_sent_bytes`] = a.wchar - b.wchar - (a.accessBytes - b.accessBytes) - (a.errorBytes - b.errorBytes)
    // counted before the verification adds its own requests
    const stats = await logStats(b.accessLog, b.accessBytes)
    if (stats.requests)
      Object.assign(rec, {
        [`${name}_requests`]: stats.requests,
        [`${name}_by_kind`]: stats.by_kind,
        [`${name}_status`]: stats.status,
      })
  }
  rec.machine_busy_cores = Number((busy / wall).toFixed(2))
  // CPU that was neither the method nor our registries: other tenants of the machine (a disturbed run)
  rec.other_cpu_s = Number(Math.max(0, busy - time.user - time.sys - registryCpu).toFixed(2))
  rec.pre_run_busy_cores = quiet === undefined ? null : Number(quiet.toFixed(2))
  if (o.verifyWith && !timedOut) {
    const verdict = await verify(o.verifyWith.corpus, o.verifyWith.dst, o.verifyWith.src)
    rec.verify_ok = verdict.ok
    rec.verify = verdict
  }
  Object.assign(rec, o.extra)
  await appendFile(o.records, `${JSON.stringify(rec)}\n`)
  return rec
}
