import type { ErrorDto } from '../../src-main/contract'

/** What a failed call throws in the renderer: the contract's error, never a stack from the other side. */
export class ApiError extends Error implements ErrorDto {
  readonly code: string
  readonly retryable: boolean

  constructor({ code, message, retryable }: ErrorDto) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.retryable = retryable
  }
}

/** The transport itself failed (no answer, a non-200 status, a body that is not an envelope). */
export function transportError(message: string): ErrorDto {
  return { code: 'TRANSPORT', message, retryable: true }
}
