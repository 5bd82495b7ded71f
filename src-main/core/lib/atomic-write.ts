import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs'

/**
 * Replaces `path` with `content` (mode 0600) so that a reader, or a crash, finds the old file or the new one,
 * never half of one: the content goes in full to a fresh file beside it and is flushed to disk before the rename.
 */
export function writeFileAtomically(path: string, content: string): void {
  // Random, not the pid: two writers in one process must not share a temporary file.
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    const fd = openSync(temporary, 'wx', 0o600)
    try {
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
