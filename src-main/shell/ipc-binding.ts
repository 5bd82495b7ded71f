import type { IpcMain, WebContents } from 'electron'
import type { Backend, Envelope } from '../contract'
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../contract/call-names'
import { dispatchCall } from '../backend/dispatch'

export interface BindingOptions {
  /** Whether a frame URL is our own renderer page. */
  trustedUrl(url: string): boolean
  /** The web contents that may receive backend events. */
  windows(): WebContents[]
}

/**
 * Binds the contract to one `ipcMain.handle` channel: only our page may call, only contract calls with valid
 * arguments reach the backend, and every answer is an Envelope. Returns the unbind function.
 */
export function bindContract(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  backend: Backend,
  options: BindingOptions,
): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, (event, name: unknown, args: unknown) =>
    answer(backend, options.trustedUrl(event.senderFrame?.url ?? ''), name, args),
  )
  const unsubscribe = backend.subscribe((eventName, payload) => {
    for (const contents of options.windows()) {
      if (!contents.isDestroyed() && options.trustedUrl(contents.getURL()))
        contents.send(IPC_EVENT_CHANNEL, eventName, payload)
    }
  })
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL)
    unsubscribe()
  }
}

async function answer(backend: Backend, trusted: boolean, name: unknown, args: unknown): Promise<Envelope<unknown>> {
  if (!trusted)
    return {
      ok: false,
      error: { code: 'DENIED', message: "Only Crossdock's own page may call its backend.", retryable: false },
    }
  return dispatchCall(backend, name, args, (message) => console.error(message))
}
