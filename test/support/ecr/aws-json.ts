import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'

/**
 * The AWS JSON 1.1 protocol's answers: a JSON body with `x-amzn-RequestId`; an error is `{"__type", "message"}`
 * with a 4xx/5xx status, which the SDK turns into the modelled exception class by `__type` (facts node-stack §4).
 * Status codes: 400 for service and throttling errors (AWS CommonErrors: ThrottlingException "HTTP Status Code:
 * 400"); 403 for authentication failures (CommonErrors: InvalidClientTokenId/MissingAuthenticationToken 403).
 */

export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

export const invalidParameter = (message: string): AwsError => new AwsError('InvalidParameterException', message)

/** `nowMs` sets the Date header from the emulator's clock: the SDK corrects its clock skew from it. */
export function sendAws(res: ServerResponse, status: number, body: unknown, nowMs = Date.now()): string {
  const requestId = randomUUID()
  const text = JSON.stringify(body)
  res.writeHead(status, {
    date: new Date(nowMs).toUTCString(),
    'x-amzn-requestid': requestId,
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
  return requestId
}

export function sendAwsError(res: ServerResponse, error: AwsError, nowMs = Date.now()): string {
  return sendAws(res, error.status, { __type: error.type, message: error.message }, nowMs)
}

/** Epoch seconds with milliseconds, as AWS JSON timestamps are sent. */
export const epochSeconds = (ms: number): number => ms / 1000

/**
 * What a handler's failure tells the client: its AwsError, or a 500 ServerException for anything else; the type is
 * noted on the request's log entry. A response already under way can only be cut.
 */
export function sendHandlerFailure(
  res: ServerResponse,
  error: unknown,
  entry: { error?: string },
  nowMs: number,
): void {
  if (res.headersSent) return void res.destroy()
  const failure = error instanceof AwsError ? error : new AwsError('ServerException', String(error), 500)
  entry.error = failure.type
  sendAwsError(res, failure, nowMs)
}
