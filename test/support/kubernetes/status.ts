import type { ResourceType } from './resources'

/**
 * Errors as the API server answers them: a `Status` object (kind Status, apiVersion v1, status Failure, a
 * machine-readable `reason` and the HTTP `code`; API conventions, "Response Status Kind"), with the messages
 * k8s.io/apimachinery's errors package writes.
 */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
    /** ListMeta of the Status: the fresh continue token of an expired one. */
    readonly listMeta: Record<string, unknown> = {},
  ) {
    super(message)
  }

  body(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: this.listMeta,
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    }
  }
}

export const badRequest = (message: string): StatusError => new StatusError(400, 'BadRequest', message)

export const unauthorized = (): StatusError => new StatusError(401, 'Unauthorized', 'Unauthorized')

export const pathNotFound = (): StatusError =>
  new StatusError(404, 'NotFound', 'the server could not find the requested resource', {})

export function objectNotFound(type: ResourceType, name: string): StatusError {
  const qualified = type.group ? `${type.resource}.${type.group}` : type.resource
  const details = { name, ...(type.group ? { group: type.group } : {}), kind: type.resource }
  return new StatusError(404, 'NotFound', `${qualified} "${name}" not found`, details)
}

export const methodNotAllowed = (): StatusError =>
  new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {})

// The etcd3 store's messages for a continue token whose resourceVersion was compacted away.
const TOO_OLD = 'The provided continue parameter is too old to display a consistent list result.'
const RESTART = 'You can start a new list without the continue parameter'
export const CONTINUE_EXPIRED = `${TOO_OLD} ${RESTART}.`
export const INCONSISTENT_CONTINUE =
  `${TOO_OLD} ${RESTART}, or use the continue token in this response to retrieve the remainder of the results. ` +
  'Continuing with the provided token results in an inconsistent list - objects that were created, modified, or ' +
  'deleted between the time the first chunk was returned and now may show up in the list.'

/** 410 Gone, reason Expired (errors.NewResourceExpired); with a token to continue inconsistently, if given. */
export function resourceExpired(message: string, continueToken?: string): StatusError {
  return new StatusError(410, 'Expired', message, undefined, continueToken ? { continue: continueToken } : {})
}
