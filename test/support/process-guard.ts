import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'

const guarded = new Map<ChildProcess, string>()
let exitHookInstalled = false

// Sync on purpose: nothing asynchronous runs inside an 'exit' handler.
function killGuarded(): void {
  for (const [child, dir] of guarded) {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Makes sure `child` is killed and `dir` removed if this process ends without stopping it. An 'exit' hook covers
 * a normal exit, but vitest ends its fork workers with SIGTERM (and SIGKILL after 500 ms), which skips 'exit'
 * hooks; so a watchdog shell also waits on a pipe from us, which the kernel closes however we die.
 * The guard lifts itself when the child exits.
 */
export function guardChild(child: ChildProcess, dir: string): void {
  if (child.pid === undefined) return
  if (!exitHookInstalled) {
    process.once('exit', killGuarded)
    exitHookInstalled = true
  }
  guarded.set(child, dir)
  const watchdog = spawn(
    'sh',
    ['-c', 'read line; kill -KILL "$1" 2>/dev/null; rm -rf "$2"', 'crossdock-watchdog', String(child.pid), dir],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  )
  watchdog.on('error', () => {}) // A missing `sh` only costs the SIGTERM protection.
  child.once('exit', () => {
    guarded.delete(child)
    // Kill rather than close its stdin: closing would make it kill a PID that may already be reused.
    watchdog.kill('SIGKILL')
  })
}
