import { ipcMain } from 'electron'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CALL_NAMES, type Backend, type EventName, type Events, type JobDto } from '../../../src-main/contract'
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../src-main/contract/call-names'
import { CrossdockError } from '../../../src-main/core/lib/errors'
import { bindContract } from '../../../src-main/shell/ipc-binding'
import { BrowserWindow, stub } from '../../stubs/electron'

const PAGE = 'app://crossdock/index.html'
const TOKEN = 'dckr_pat_s3cr3t-T0KEN-value'
const job: JobDto = {
  id: '20261127-101500-ab12',
  state: 'running',
  createdAt: '2026-11-27T10:15:00Z',
  runs: 1,
  from: 'docker.io/acme',
  to: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
}

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void

/** A Backend whose calls are spies; `emit` plays a backend event. */
function fakeBackend(overrides: Partial<Backend> = {}): Backend & { emit: Listener; listeners: Set<Listener> } {
  const listeners = new Set<Listener>()
  const calls = Object.fromEntries(CALL_NAMES.map((name) => [name, vi.fn(async () => ({ called: name }))]))
  return {
    ...(calls as unknown as Backend),
    ...overrides,
    listeners,
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    emit: (event, payload) => {
      for (const listener of listeners) listener(event, payload)
    },
  }
}

const call = (name: unknown, args?: unknown, url: string | null = PAGE) =>
  stub.invoke(IPC_CALL_CHANNEL, { senderFrame: url === null ? null : ({ url } as Electron.WebFrameMain) }, name, args)

describe('bindContract', () => {
  let backend: ReturnType<typeof fakeBackend>
  let unbind: () => void
  const window = () => BrowserWindow.getAllWindows()

  beforeEach(() => {
    stub.reset()
    backend = fakeBackend()
    unbind = bindContract(ipcMain, backend, {
      trustedUrl: (url) => url.startsWith(PAGE),
      windows: () => window().map((w) => w.webContents as unknown as Electron.WebContents),
    })
  })
  afterEach(() => unbind())

  it('returns the backend value in an Envelope, with the arguments parsed (defaults filled in)', async () => {
    await expect(call('jobs.list', {})).resolves.toEqual({ ok: true, value: { called: 'jobs.list' } })
    await expect(call('compare.run', { namespace: 'acme', aws: { region: 'eu-west-1' } })).resolves.toEqual({
      ok: true,
      value: { called: 'compare.run' },
    })
    expect(backend['compare.run']).toHaveBeenCalledWith({
      namespace: 'acme',
      aws: { region: 'eu-west-1' },
      prefix: '',
      dropNamespace: false,
    })
  })

  it('trusts our page at any route', async () => {
    await expect(call('app.info', undefined, `${PAGE}#/migrate`)).resolves.toMatchObject({ ok: true })
  })

  it.each([['https://evil.example/'], ['file:///opt/Crossdock/resources/app.asar/out/renderer/index.html'], [null]])(
    'refuses a sender frame at %s without calling the backend',
    async (url) => {
      await expect(call('jobs.list', {}, url)).resolves.toEqual({
        ok: false,
        error: { code: 'DENIED', message: "Only Crossdock's own page may call its backend.", retryable: false },
      })
      expect(backend['jobs.list']).not.toHaveBeenCalled()
    },
  )

  it.each([['subscribe'], ['__proto__'], ['constructor'], [42]])('refuses an unknown call name %j', async (name) => {
    const answer = (await call(name, {})) as { ok: false; error: { code: string; message: string } }
    expect(answer).toMatchObject({ ok: false, error: { code: 'USAGE', retryable: false } })
    expect(answer.error.message).toMatch(/^There is no call named /)
  })

  it('refuses bad arguments, naming the call and the field', async () => {
    await expect(call('jobs.report', { jobId: 'nope' })).resolves.toEqual({
      ok: false,
      error: { code: 'USAGE', message: 'jobs.report: jobId: a job id', retryable: false },
    })
    const answer = (await call('compare.run', { namespace: 'acme', aws: { region: 'mars' } })) as {
      error: { message: string }
    }
    expect(answer.error.message).toMatch(/^compare\.run: aws\.region: /)
    await expect(call('jobs.list', { extra: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'USAGE' } })
    expect(backend['jobs.report']).not.toHaveBeenCalled()
  })

  it('turns a CrossdockError into its code, message and retryable, and nothing else', async () => {
    backend['limits.hub'] = vi.fn(async () => {
      throw new CrossdockError('RATE_LIMITED', 'Docker Hub is rate limiting.', {
        retryable: true,
        status: 429,
        cause: new Error('inner'),
      })
    })
    await expect(call('limits.hub', {})).resolves.toStrictEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'Docker Hub is rate limiting.', retryable: true },
    })
  })

  it('hides anything else behind INTERNAL, logging the cause without the token', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    backend['accounts.addHub'] = vi.fn(async () => {
      throw new TypeError(`cannot read token ${TOKEN}`)
    })
    const answer = await call('accounts.addHub', { name: 'work', username: 'alice', token: TOKEN })
    expect(answer).toStrictEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'Something went wrong inside Crossdock; the details are in its log.',
        retryable: false,
      },
    })
    expect(JSON.stringify(log.mock.calls)).not.toContain(TOKEN)
    expect(JSON.stringify(log.mock.calls)).toContain('[token]')
    log.mockRestore()
  })

  it('never lets the addHub token out: not in values, error messages, argument errors or events', async () => {
    const win = new BrowserWindow()
    await win.loadURL(PAGE)
    const answers: unknown[] = []
    backend['accounts.addHub'] = vi.fn(async (args) => {
      backend.emit('job', job)
      return {
        name: args.name,
        kind: 'dockerhub' as const,
        username: args.username,
        addedAt: '2026-11-27T10:00:00Z',
        saved: true,
      }
    })
    answers.push(await call('accounts.addHub', { name: 'work', username: 'alice', token: TOKEN }))
    backend['accounts.addHub'] = vi.fn(async () => {
      throw new CrossdockError('AUTH_FAILED', `Docker Hub refused alice with ${TOKEN}.`)
    })
    answers.push(await call('accounts.addHub', { name: 'work', username: 'alice', token: TOKEN }))
    answers.push(await call('accounts.addHub', { name: 'not valid!', username: 'alice', token: TOKEN }))
    answers.push(await call('accounts.addHub', { name: 'work', username: 'alice', token: TOKEN.repeat(200) }))
    expect(answers[0]).toEqual({
      ok: true,
      value: { name: 'work', kind: 'dockerhub', username: 'alice', addedAt: '2026-11-27T10:00:00Z', saved: true },
    })
    expect(answers[1]).toEqual({
      ok: false,
      error: { code: 'AUTH_FAILED', message: 'Docker Hub refused alice with [token].', retryable: false },
    })
    const everything = JSON.stringify([answers, win.webContents.sent])
    expect(everything).not.toContain(TOKEN)
    expect(everything).not.toMatch(/\n\s+at /)
  })

  it('forwards backend events only to live windows showing our page', async () => {
    const ours = new BrowserWindow()
    await ours.loadURL(PAGE)
    const foreign = new BrowserWindow()
    await foreign.loadURL('https://evil.example/')
    const closed = new BrowserWindow()
    await closed.loadURL(PAGE)
    closed.close()
    backend.emit('job', job)
    expect(ours.webContents.sent).toEqual([{ channel: IPC_EVENT_CHANNEL, args: ['job', job] }])
    expect(foreign.webContents.sent).toEqual([])
    expect(closed.webContents.sent).toEqual([])
  })

  it('unbinds: the channel has no handler and events stop', async () => {
    unbind()
    expect(backend.listeners.size).toBe(0)
    await expect(call('jobs.list', {})).rejects.toThrow(/No handler registered/)
    unbind = () => undefined
  })
})
