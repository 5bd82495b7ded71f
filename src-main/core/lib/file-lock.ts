import { closeSync, openSync } from 'node:fs'
// os-lock: fcntl (Linux, macOS) or LockFileEx (Windows) through Node-API, so the kernel drops the lock when its process
// dies and one build loads in Node and Electron alike.
import { lock } from 'os-lock'
import { sleep } from './sleep'

export interface FileLock {
  release(): void
}

// fcntl locks belong to a process: a second lock taken here would be granted, and closing it would drop the first.
const heldHere = new Set<string>()

const BUSY = new Set(['EAGAIN', 'EACCES', 'EBUSY'])
const POLL_MS = 100

/**
 * An exclusive lock on `path` (made if missing), held until `release()` or the death of this process. Waits up
 * to `waitMs` for another holder (a process being torn down still holds its locks); undefined if it keeps it.
 */
export async function lockFile(path: string, waitMs: number): Promise<FileLock | undefined> {
  const deadline = Date.now() + waitMs
  for (;;) {
    const held = heldHere.has(path) ? undefined : await tryLock(path)
    if (held) return held
    if (Date.now() >= deadline) return undefined
    await sleep(POLL_MS)
  }
}

/** Whether some process (this one included) holds the lock on `path`. */
export async function isFileLocked(path: string): Promise<boolean> {
  if (heldHere.has(path)) return true
  const probe = await tryLock(path)
  probe?.release()
  return probe === undefined
}

async function tryLock(path: string): Promise<FileLock | undefined> {
  const fd = openSync(path, 'a', 0o600)
  heldHere.add(path)
  try {
    await lock(fd, { exclusive: true, immediate: true })
  } catch (error) {
    heldHere.delete(path)
    closeSync(fd)
    if (BUSY.has((error as NodeJS.ErrnoException).code ?? '')) return undefined
    throw error
  }
  let released = false
  return {
    release: () => {
      if (released) return
      released = true
      closeSync(fd)
      heldHere.delete(path)
    },
  }
}
