import { CrossdockError } from './errors'

/** Waits `ms`, rejecting with CANCELLED as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CrossdockError('CANCELLED', 'The operation was cancelled.'))
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(new CrossdockError('CANCELLED', 'The operation was cancelled.'))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
