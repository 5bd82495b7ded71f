// Linux /proc readings for the measurements: a process's CPU and I/O, a process tree's RSS, the machine's CPU.
import { readdirSync, readFileSync } from 'node:fs'

const TICK = 100 // USER_HZ: 100 on every Linux the bench runs on
const PAGE_KIB = 4

/** Fields of /proc/PID/stat after the command name (index 0 = state). */
function statFields(pid: number | string): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ')
  } catch {
    return undefined
  }
}

/** utime + stime in seconds. */
export function processCpu(pid: number): number {
  const f = statFields(pid)
  return f ? (Number(f[11]) + Number(f[12])) / TICK : 0
}

export function processIo(pid: number): { rchar: number; wchar: number } {
  try {
    const io = Object.fromEntries(
      readFileSync(`/proc/${pid}/io`, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(': ')),
    )
    return { rchar: Number(io.rchar), wchar: Number(io.wchar) }
  } catch {
    return { rchar: 0, wchar: 0 }
  }
}

/** Summed RSS (KiB) of `root` and all its descendants, and how many processes that is. */
export function treeRss(root: number): { kib: number; procs: number } {
  const children = new Map<number, number[]>()
  const rss = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const f = statFields(entry)
    if (!f) continue
    const ppid = Number(f[1])
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    rss.set(Number(entry), Number(f[21]) * PAGE_KIB)
  }
  let kib = 0
  let procs = 0
  for (const stack = [root]; stack.length; ) {
    const pid = stack.pop()!
    if (rss.has(pid)) {
      kib += rss.get(pid)!
      procs++
    }
    stack.push(...(children.get(pid) ?? []))
  }
  return { kib, procs }
}

/** Busy CPU seconds of the whole machine so far (user nice system irq softirq steal). */
export function machineBusySeconds(): number {
  const v = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number)
  return (v[0]! + v[1]! + v[2]! + v[5]! + v[6]! + (v[7] ?? 0)) / TICK
}

/** Waits (up to `maxSeconds`) until the machine is nearly idle for two seconds; returns the last busy-cores sample. */
export async function waitQuiet(maxSeconds: number): Promise<number> {
  const started = Date.now()
  let calm = 0
  for (;;) {
    const before = machineBusySeconds()
    await new Promise((r) => setTimeout(r, 1000))
    const busy = machineBusySeconds() - before
    calm = busy < 0.25 ? calm + 1 : 0
    if (calm >= 2 || Date.now() - started > maxSeconds * 1000) return busy
  }
}
