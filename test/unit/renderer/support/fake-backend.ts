import type {
  CallArgs,
  CallName,
  CallResult,
  CrossdockApi,
  Envelope,
  ErrorDto,
  EventName,
  Events,
  JobDto,
} from '../../../../src-main/contract'
import { createCrossdockClient, type CrossdockClient } from '../../../../src-renderer/bridge/crossdock-client'
import {
  accounts,
  appInfo,
  costEstimate,
  cutoverLive,
  cutoverPreview,
  cutoverScan,
  hubQuota,
  limitsOverview,
  whatIf,
} from './fixtures'

export type FakeHandlers = { [C in CallName]?: (args: CallArgs<C>) => CallResult<C> | Promise<CallResult<C>> }

/** Thrown by a handler to answer with the contract's error envelope. */
export class FakeCallError extends Error implements ErrorDto {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message)
  }
}

export interface FakeBackend {
  api: CrossdockApi
  client: CrossdockClient
  /** Every call in order, with its arguments. */
  calls: Array<{ name: CallName; args: unknown }>
  argsOf<C extends CallName>(name: C): CallArgs<C>[]
  emit(job: JobDto): void
  listenerCount(): number
}

const DEFAULTS: FakeHandlers = {
  'app.info': () => appInfo(),
  'accounts.list': () => accounts(),
  'limits.hub': (args) => hubQuota(args.hubAccount ?? ''),
  'jobs.list': () => [],
  'costs.estimate': (args) => costEstimate(args.assumptions),
  'limits.overview': () => limitsOverview(),
  'limits.whatIf': (args) => whatIf(args),
  // The folder dialog cancelled: the desktop app answers with no folders.
  'app.pickFolders': () => ({ paths: [] }),
  'cutover.scan': () => cutoverScan(),
  'cutover.preview': (args) => cutoverPreview(args),
  'cutover.apply': (args) => ({ written: args.files }),
  'cutover.live': () => cutoverLive(),
}

/** A CrossdockApi with canned answers, recording the calls: what the renderer's tests run against. */
export function createFakeBackend(handlers: FakeHandlers = {}): FakeBackend {
  const all: FakeHandlers = { ...DEFAULTS, ...handlers }
  const calls: FakeBackend['calls'] = []
  const listeners = new Set<<E extends EventName>(event: E, payload: Events[E]) => void>()

  const invoke = async (name: CallName, args: unknown): Promise<Envelope<unknown>> => {
    calls.push({ name, args })
    const handler = all[name] as ((args: unknown) => unknown) | undefined
    if (!handler)
      return {
        ok: false,
        error: { code: 'NOT_FAKED', message: `The fake backend has no answer for ${name}.`, retryable: false },
      }
    try {
      return { ok: true, value: await handler(args) }
    } catch (error) {
      if (error instanceof FakeCallError)
        return { ok: false, error: { code: error.code, message: error.message, retryable: error.retryable } }
      throw error
    }
  }

  const api = new Proxy({} as CrossdockApi, {
    get(_target, property) {
      if (property === 'subscribe')
        return (listener: <E extends EventName>(event: E, payload: Events[E]) => void) => {
          listeners.add(listener)
          return () => listeners.delete(listener)
        }
      return typeof property === 'string' && property.includes('.')
        ? (args: unknown) => invoke(property as CallName, args)
        : undefined
    },
  })

  return {
    api,
    client: createCrossdockClient(api),
    calls,
    argsOf: <C extends CallName>(name: C) =>
      calls.filter((call) => call.name === name).map((call) => call.args as CallArgs<C>),
    emit: (job) => {
      for (const listener of [...listeners]) listener('job', job)
    },
    listenerCount: () => listeners.size,
  }
}
