import { isCallName, parseArgs, type Backend, type Envelope, type ErrorDto } from '../contract'
import { publicError } from '../core/lib/errors'

/**
 * One call as a transport received it (name and arguments untrusted): only contract calls with valid arguments
 * reach the backend, and the answer is an Envelope whose error carries no stack and never the one secret that
 * travels inward (`accounts.addHub`'s token), whatever the failure wrote.
 */
export async function dispatchCall(
  backend: Backend,
  name: unknown,
  args: unknown,
  log: (message: string) => void,
): Promise<Envelope<unknown>> {
  if (!isCallName(name))
    return failure({ code: 'USAGE', message: `There is no call named ${quotedName(name)}.`, retryable: false })
  const parsed = parseArgs(name, args)
  if (!parsed.ok) return failure(redacted(parsed.error, args))
  try {
    return { ok: true, value: await (backend[name] as (args: unknown) => Promise<unknown>)(parsed.value) }
  } catch (error) {
    const shown = publicError(error)
    // The page gets no detail it could leak; the log keeps the cause, minus any token.
    if (shown.code === 'INTERNAL')
      log(
        redact(
          `crossdock: ${name} failed unexpectedly: ` +
            `${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          args,
        ),
      )
    return failure(redacted(shown, args))
  }
}

const failure = (error: ErrorDto): Envelope<never> => ({ ok: false, error })

/** An unknown name is echoed short, so a hostile string cannot flood the message. */
const quotedName = (name: unknown): string =>
  typeof name === 'string' ? JSON.stringify(name.slice(0, 64)) : typeof name

const redacted = (error: ErrorDto, args: unknown): ErrorDto => ({ ...error, message: redact(error.message, args) })

function redact(text: string, args: unknown): string {
  const token = typeof args === 'object' && args !== null ? (args as { token?: unknown }).token : undefined
  return typeof token === 'string' && token.length > 0 ? text.split(token).join('[token]') : text
}
