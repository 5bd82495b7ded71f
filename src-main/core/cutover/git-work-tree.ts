import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { CrossdockError } from '../lib/errors'

const run = promisify(execFile)

/** git, run with arguments (never through a shell) in `cwd`; its stderr becomes the error's message. */
async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 16 * 1024 * 1024 })
    return stdout
  } catch (error) {
    const { stderr, code } = error as { stderr?: string; code?: string | number }
    if (code === 'ENOENT') throw new CrossdockError('USAGE', '--branch needs git, and git is not on the PATH.')
    throw new CrossdockError('USAGE', `git ${args[0]} failed in ${cwd}: ${String(stderr ?? error).trim()}`)
  }
}

/** The top folder of the git work tree `path` is in; a clear error when it is in none. */
export async function workTreeOf(path: string): Promise<string> {
  try {
    return (await run('git', ['rev-parse', '--show-toplevel'], { cwd: path })).stdout.trim()
  } catch {
    throw new CrossdockError('USAGE', `${path} is not in a git work tree; --branch commits there, so leave it out.`)
  }
}

/**
 * Creates `branch` from HEAD and switches to it, after checking the name as git does and that the work tree has no
 * uncommitted change (unless `allowDirty`): the commit must hold the rewrite and nothing else.
 */
export async function startBranch(top: string, branch: string, allowDirty: boolean): Promise<void> {
  try {
    await run('git', ['check-ref-format', '--branch', branch], { cwd: top })
  } catch {
    throw new CrossdockError('USAGE', `"${branch}" is not a valid git branch name.`)
  }
  const dirty = (await git(top, ['status', '--porcelain', '--untracked-files=no'])).trim()
  if (dirty && !allowDirty)
    throw new CrossdockError(
      'USAGE',
      `${top} has uncommitted changes; commit or stash them first, or add --allow-dirty (they stay out of the commit).`,
    )
  await git(top, ['switch', '--create', branch])
}

/** Commits exactly `files` (paths relative to `top`) with `message`. */
export async function commitFiles(top: string, files: readonly string[], message: string): Promise<string> {
  await git(top, ['add', '--', ...files])
  await git(top, ['commit', '--quiet', '--message', message, '--', ...files])
  return (await git(top, ['rev-parse', '--short', 'HEAD'])).trim()
}
