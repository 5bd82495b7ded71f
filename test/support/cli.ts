import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

export const CLI_PATH = resolve(import.meta.dirname, '../../out/main/cli.js')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the built `crossdock` CLI as a user would, in its own process. */
export function runCrossdock(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      // An empty HOME keeps the developer's own ~/.docker/config.json out of the tests.
      env: { PATH: process.env.PATH, HOME: '/nonexistent-crossdock-home', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }))
  })
}
