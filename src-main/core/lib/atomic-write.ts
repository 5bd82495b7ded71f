import { randomBytes } from 'node:crypto'
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs'

/**
 * Replaces `path` with `content` (mode 0600, or the mode given: a user's file keeps its own) so that a reader, or a
 * crash, finds the old file or the new one, never half of one: the content goes in full to a fresh file beside it
 * and is flushed to disk before the rename.
 */
export function writeFileAtomically(path: string, content: string, mode = 0o600): void {
  // Random, not the pid: two writers in one process must not share a temporary file.
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    const fd = openSync(temporary, 'wx', 0o600)
    try {
      // Set, not masked by the umask, so the file ends with exactly the mode it had.
      if (mode !== 0o600) fchmodSync(fd, mode)
      writeFileSync(fd, content)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}
