import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
// Types only from the contract: a sandboxed preload can require nothing but electron, so zod must stay out.
import type { CrossdockApi, EventName, Events } from '../contract'
import { CALL_NAME_LIST, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../contract/call-names'

type Listener = Parameters<CrossdockApi['subscribe']>[0]

// Main validates sender and arguments, so each call only forwards; no raw ipcRenderer reaches the page.
const calls = Object.fromEntries(
  CALL_NAME_LIST.map((name) => [name, (args: unknown) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, args)]),
)

const api = {
  ...calls,
  subscribe(listener: Listener): () => void {
    const forward = (_event: IpcRendererEvent, name: EventName, payload: Events[EventName]): void =>
      listener(name, payload)
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward)
    }
  },
} as unknown as CrossdockApi

contextBridge.exposeInMainWorld('crossdock', api)
