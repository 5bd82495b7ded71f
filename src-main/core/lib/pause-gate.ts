/**
 * Lets a user pause a run: work that has started finishes, work that has not waits at the gate until resume
 * (or until its signal aborts). Paused or not costs nothing to ask.
 */
export class PauseGate {
  private resumed: Promise<void> | undefined
  private release: (() => void) | undefined
  private readonly listeners = new Set<(paused: boolean) => void>()

  get paused(): boolean {
    return this.resumed !== undefined
  }

  pause(): void {
    if (this.resumed) return
    this.resumed = new Promise((resolve) => (this.release = resolve))
    for (const listener of this.listeners) listener(true)
  }

  resume(): void {
    if (!this.resumed) return
    this.release?.()
    this.resumed = this.release = undefined
    for (const listener of this.listeners) listener(false)
  }

  /** Resolves at once when not paused; else at resume. Rejects with the signal's reason if it aborts first. */
  async wait(signal?: AbortSignal): Promise<void> {
    const resumed = this.resumed
    if (!resumed) return
    signal?.throwIfAborted()
    if (!signal) return resumed
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason)
      signal.addEventListener('abort', onAbort, { once: true })
      void resumed.then(() => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      })
    })
  }

  onChange(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
