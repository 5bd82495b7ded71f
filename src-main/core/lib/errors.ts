/** Machine-readable error codes shared by core, CLI and (later) the contract. */
export type ErrorCode =
  | 'REFERENCE_INVALID'
  | 'NAME_INVALID'
  | 'DIGEST_INVALID'
  | 'AUTH_FAILED'
  | 'DENIED'
  | 'NAME_UNKNOWN'
  | 'MANIFEST_UNKNOWN'
  | 'BLOB_UNKNOWN'
  | 'MANIFEST_INVALID'
  | 'UNSUPPORTED'
  | 'DIGEST_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'RATE_LIMITED'
  | 'PULL_QUOTA'
  | 'REGISTRY_ERROR'
  | 'NETWORK'
  | 'CREDENTIALS'
  | 'CANCELLED'
  | 'USAGE'
  | 'ACCOUNT_UNKNOWN'
  | 'ACCOUNT_EXISTS'
  | 'STORAGE'

export interface CrossdockErrorOptions {
  retryable?: boolean
  /** HTTP status when the error came from a registry response. */
  status?: number
  cause?: unknown
}

/** The one error type core code throws: a stable `code`, a human message, and whether a retry may help. */
export class CrossdockError extends Error {
  readonly code: ErrorCode
  readonly retryable: boolean
  readonly status?: number

  constructor(code: ErrorCode, message: string, options: CrossdockErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'CrossdockError'
    this.code = code
    this.retryable = options.retryable ?? false
    this.status = options.status
  }
}

export function isCrossdockError(error: unknown, code?: ErrorCode): error is CrossdockError {
  return error instanceof CrossdockError && (code === undefined || error.code === code)
}

/** Turns an abort into the typed cancellation error so callers need one catch branch. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CrossdockError('CANCELLED', 'The operation was cancelled.', { cause: signal.reason })
}

/**
 * What a UI may be told about a failure: the code, the message and whether retrying may help. Errors that are
 * not ours get a generic message, since their text may carry anything (a URL with a token, a path, a stack).
 */
export function publicError(error: unknown): { code: string; message: string; retryable: boolean } {
  if (error instanceof CrossdockError) return { code: error.code, message: error.message, retryable: error.retryable }
  // The AWS SDK's service errors name themselves and say what went wrong without echoing credentials.
  if (error instanceof Error && '$metadata' in error)
    return { code: error.name, message: error.message, retryable: false }
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside Crossdock; the details are in its log.',
    retryable: false,
  }
}
