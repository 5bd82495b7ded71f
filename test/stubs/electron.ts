// Stands in for the `electron` module under Vitest: importing the real one would try to download its binary.
// Each fake keeps the documented signature of the API it replaces; `stub` records what the code under test did.
import { EventEmitter } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  HandlerDetails,
  IpcMainInvokeEvent,
  MenuItemConstructorOptions,
  NotificationConstructorOptions,
  OnHeadersReceivedListenerDetails,
  OpenDialogOptions,
  OpenDialogReturnValue,
  HeadersReceivedResponse,
  SafeStorage,
  WindowOpenHandlerResponse,
} from 'electron'

// biome-ignore lint/suspicious/noExplicitAny: as Electron's own type: handlers declare their argument types
type InvokeHandler = (event: IpcMainInvokeEvent, ...args: any[]) => Promise<unknown> | unknown
type StorageBackend = ReturnType<SafeStorage['getSelectedStorageBackend']>

/** What the fakes recorded, and the knobs a test turns; `reset()` between tests. */
export const stub = {
  handlers: new Map<string, InvokeHandler>(),
  exposed: new Map<string, unknown>(),
  invoked: [] as Array<{ channel: string; args: unknown[] }>,
  openedExternal: [] as string[],
  /** `protocol.registerSchemesAsPrivileged` calls, and the `protocol.handle` handler of each scheme. */
  privilegedSchemes: [] as CustomScheme[],
  protocolHandlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  notifications: [] as Notification[],
  trays: [] as Tray[],
  blockers: new Map<number, string>(),
  singleInstance: true,
  quit: false,
  exitCode: undefined as number | undefined,
  safeStorage: { available: true, backend: 'gnome_libsecret' as StorageBackend, keyRotated: false },
  /** What the next `dialog.showOpenDialog` answers (the user's choice), and the options each call passed. */
  openDialog: { answer: { canceled: true, filePaths: [] as string[] }, calls: [] as OpenDialogOptions[] },
  /** `exposed` stays: a preload exposes its API once, when imported. */
  reset(): void {
    this.handlers.clear()
    this.invoked.length = 0
    this.openedExternal.length = 0
    this.privilegedSchemes.length = 0
    this.protocolHandlers.clear()
    this.notifications.length = 0
    this.trays.length = 0
    this.blockers.clear()
    this.singleInstance = true
    this.quit = false
    this.exitCode = undefined
    this.safeStorage = { available: true, backend: 'gnome_libsecret', keyRotated: false }
    this.openDialog = { answer: { canceled: true, filePaths: [] }, calls: [] }
    windows.length = 0
    app.removeAllListeners()
  },
  /** Calls the `ipcMain.handle` handler of a channel as a renderer's `ipcRenderer.invoke` would. */
  async invoke(channel: string, event: Partial<IpcMainInvokeEvent>, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler)
      throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`)
    return handler(event as IpcMainInvokeEvent, ...args)
  },
}

// Like Electron, a path is only named here; whoever writes there creates it.
const stubRoot = join(tmpdir(), `crossdock-electron-stub-${process.pid}`)
const paths = new Map<string, string>()

class App extends EventEmitter {
  isPackaged = false
  getPath(name: string): string {
    return paths.get(name) ?? join(stubRoot, name)
  }
  setPath(name: string, path: string): void {
    paths.set(name, path)
  }
  getVersion(): string {
    return '0.0.0-test'
  }
  getAppPath(): string {
    return process.cwd()
  }
  whenReady(): Promise<void> {
    return Promise.resolve()
  }
  requestSingleInstanceLock(): boolean {
    return stub.singleInstance
  }
  enableSandbox(): void {}
  exit(exitCode = 0): void {
    stub.exitCode = exitCode
  }
  /** Like Electron: `before-quit` may cancel, then every window closes (one that refuses cancels), then `will-quit`. */
  quit(): void {
    let prevented = false
    this.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (prevented) return
    for (const window of BrowserWindow.getAllWindows()) window.close()
    if (windows.length > 0) return
    stub.quit = true
    this.emit('will-quit', { preventDefault: () => undefined })
  }
}
export const app = new App()

class IpcMain extends EventEmitter {
  handle(channel: string, listener: InvokeHandler): void {
    if (stub.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    stub.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    stub.handlers.delete(channel)
  }
}
export const ipcMain = new IpcMain()

class IpcRenderer extends EventEmitter {
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    stub.invoked.push({ channel, args })
    return Promise.resolve({ ok: true, value: null })
  }
}
export const ipcRenderer = new IpcRenderer()

export const contextBridge = {
  exposeInMainWorld(apiKey: string, api: unknown): void {
    stub.exposed.set(apiKey, api)
  },
}

export const protocol = {
  registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void {
    stub.privilegedSchemes.push(...customSchemes)
  },
  /** Like Electron: one handler per scheme; a second `handle` of a handled scheme throws. */
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (stub.protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`)
    stub.protocolHandlers.set(scheme, handler)
  },
  unhandle(scheme: string): void {
    stub.protocolHandlers.delete(scheme)
  },
  isProtocolHandled(scheme: string): boolean {
    return stub.protocolHandlers.has(scheme)
  },
}

export const dialog = {
  async showOpenDialog(
    ...args: [window: BrowserWindow, options: OpenDialogOptions] | [options: OpenDialogOptions]
  ): Promise<OpenDialogReturnValue> {
    stub.openDialog.calls.push(args.length === 2 ? args[1] : args[0])
    return stub.openDialog.answer
  },
}

export const shell = {
  async openExternal(url: string): Promise<void> {
    stub.openedExternal.push(url)
  },
}

/** XOR with a fixed key behind a `v11` prefix, like Chromium's OSCrypt framing; enough to keep plaintext off disk. */
const xor = (bytes: Buffer): Buffer => Buffer.from(bytes.map((byte, index) => byte ^ ((0x5a + index) % 256)))
export const safeStorage = {
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return stub.safeStorage.available
  },
  getSelectedStorageBackend(): StorageBackend {
    return stub.safeStorage.backend
  },
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    if (!stub.safeStorage.available)
      throw new Error('Error while encrypting the text provided to safeStorage.encryptStringAsync.')
    return Buffer.concat([Buffer.from('v11'), xor(Buffer.from(plainText, 'utf8'))])
  },
  async decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    if (!stub.safeStorage.available || encrypted.subarray(0, 3).toString() !== 'v11')
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.')
    return { result: xor(encrypted.subarray(3)).toString('utf8'), shouldReEncrypt: stub.safeStorage.keyRotated }
  },
} satisfies Partial<SafeStorage>

type PermissionRequestHandler = (
  webContents: WebContents,
  permission: string,
  callback: (granted: boolean) => void,
) => void
type PermissionCheckHandler = (webContents: WebContents | null, permission: string, requestingOrigin: string) => boolean
type HeadersListener = (
  details: OnHeadersReceivedListenerDetails,
  callback: (response: HeadersReceivedResponse) => void,
) => void

export class Session {
  permissionRequestHandler: PermissionRequestHandler | null = null
  permissionCheckHandler: PermissionCheckHandler | null = null
  headersListener: HeadersListener | null = null
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener | null): void => {
      this.headersListener = listener
    },
  }
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler
  }
}
export const session = { defaultSession: new Session() }

let nextId = 1
export class WebContents extends EventEmitter {
  readonly id = nextId++
  readonly session = session.defaultSession
  readonly sent: Array<{ channel: string; args: unknown[] }> = []
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null
  url = ''
  destroyed = false
  getURL(): string {
    return this.url
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args: structuredClone(args) })
  }
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler
  }
}

const windows: BrowserWindow[] = []
export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return [...windows]
  }
  /** The newest open window stands in for the focused one. */
  static getFocusedWindow(): BrowserWindow | null {
    return windows.at(-1) ?? null
  }
  readonly webContents = new WebContents()
  visible = false
  minimized = false
  focused = false
  private destroyed = false
  constructor(readonly options: BrowserWindowConstructorOptions = {}) {
    super()
    windows.push(this)
  }
  async loadFile(filePath: string): Promise<void> {
    this.webContents.url = pathToFileURL(filePath).href
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url
  }
  show(): void {
    this.visible = true
    this.emit('show')
  }
  hide(): void {
    this.visible = false
    this.emit('hide')
  }
  focus(): void {
    this.focused = true
  }
  isVisible(): boolean {
    return this.visible
  }
  isMinimized(): boolean {
    return this.minimized
  }
  restore(): void {
    this.minimized = false
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  /** Emits `close` with a preventable event; an unprevented close destroys the window, as Electron does. */
  close(): void {
    let prevented = false
    this.emit('close', { preventDefault: () => (prevented = true) })
    if (prevented) return
    this.destroyed = true
    this.webContents.destroyed = true
    windows.splice(windows.indexOf(this), 1)
    this.emit('closed')
  }
}

export const powerSaveBlocker = {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number {
    const id = nextId++
    stub.blockers.set(id, type)
    return id
  },
  stop(id: number): void {
    stub.blockers.delete(id)
  },
}

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true
  }
  constructor(readonly options: NotificationConstructorOptions = {}) {
    super()
  }
  show(): void {
    stub.notifications.push(this)
  }
}

export class NativeImage {
  constructor(
    readonly path: string,
    readonly size?: { width?: number; height?: number },
  ) {}
  resize(options: { width?: number; height?: number }): NativeImage {
    return new NativeImage(this.path, options)
  }
}
export const nativeImage = { createFromPath: (path: string): NativeImage => new NativeImage(path) }

export class Menu {
  constructor(readonly items: MenuItemConstructorOptions[]) {}
  static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu {
    return new Menu(template)
  }
}

export class Tray extends EventEmitter {
  toolTip = ''
  contextMenu: Menu | null = null
  private destroyed = false
  constructor(readonly image: NativeImage | string) {
    super()
    stub.trays.push(this)
  }
  setToolTip(toolTip: string): void {
    this.toolTip = toolTip
  }
  setContextMenu(menu: Menu | null): void {
    this.contextMenu = menu
  }
  destroy(): void {
    this.destroyed = true
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
}
