import type { CallArgs, CallName, CallResult, CrossdockApi, Envelope, EventName, Events } from '../../src-main/contract'
import { ApiError, transportError } from './api-error'

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void

/** The renderer's typed view of the backend: values or an `ApiError`, whatever the transport. */
export interface CrossdockClient {
  call<C extends CallName>(name: C, args: CallArgs<C>): Promise<CallResult<C>>
  subscribe(listener: EventListener): () => void
}

type AnyCall = (args: unknown) => Promise<Envelope<unknown>>

export function createCrossdockClient(api: CrossdockApi): CrossdockClient {
  return {
    async call<C extends CallName>(name: C, args: CallArgs<C>): Promise<CallResult<C>> {
      const invoke = api[name] as unknown as AnyCall | undefined
      if (typeof invoke !== 'function')
        throw new ApiError({ code: 'USAGE', message: `The backend offers no call named ${name}.`, retryable: false })
      let envelope: Envelope<unknown>
      try {
        envelope = await invoke(args)
      } catch (error) {
        throw new ApiError(transportError(error instanceof Error ? error.message : String(error)))
      }
      if (!envelope || typeof envelope !== 'object' || typeof envelope.ok !== 'boolean')
        throw new ApiError(transportError(`${name}: the answer is not an envelope.`))
      if (!envelope.ok) throw new ApiError(envelope.error)
      return envelope.value as CallResult<C>
    },
    subscribe: (listener) => api.subscribe(listener),
  }
}
