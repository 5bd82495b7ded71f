import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { resolve } from 'node:path'
import type { Readable, Writable } from 'node:stream'

export const CLI_PATH = resolve(__dirname, '../../out/main/cli.js')

export interface CliResult {
  code: number | null
  /** Set when a signal ended the process (a test's kill -9). */
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface RunningCli {
  child: ChildProcessByStdio<Writable, Readable, Readable>
  /** What was written so far, growing as the process writes. */
  output(): { stdout: string; stderr: string }
  result: Promise<CliResult>
}

/** Starts the built `crossdock` CLI as a user would, in its own process; `input`, if any, is its stdin. */
export function spawnCrossdock(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): RunningCli {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    // An empty HOME keeps the developer's own ~/.docker/config.json out of the tests.
    env: { PATH: process.env.PATH, HOME: '/nonexistent-crossdock-home', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  // Without input, stdin ends at once, as </dev/null would.
  child.stdin.end(input)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const result = new Promise<CliResult>((resolvePromise, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }))
  })
  return { child, output: () => ({ stdout, stderr }), result }
}

/** Runs the CLI to its end. */
export function runCrossdock(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<CliResult> {
  return spawnCrossdock(args, env, input).result
}
