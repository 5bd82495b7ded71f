import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from './options'
import { onWriteHead } from '../http-headers'

export interface EcrLoggedRequest {
  origin: 'api' | 'registry'
  method: string
  /** Request target, query string included. */
  path: string
  /** The answer's status; 0 while none was sent. */
  status: number
  authorization: boolean
  /** Control plane: the operation named by X-Amz-Target, the signing key, and the `__type` of an error answer. */
  operation?: string
  accessKeyId?: string
  error?: string
  /** Data plane: the distribution error code of a refusal (DENIED, NAME_UNKNOWN, TAG_INVALID, TOOMANYREQUESTS…). */
  code?: string
  /** ms since the epoch, by the emulator's clock */
  time: number
  /** Arrival order across both origins (`time` can tie): tests compare when a call came against a push. */
  sequence: number
  /** Data plane uploads (POST/PATCH/PUT of blobs/uploads): body bytes received, so tests can count bytes sent twice. */
  bytesReceived?: number
}

let arrivals = 0

/** Records the request and keeps its status up to date as the answer is written (as the Hub emulator's log does). */
export function logRequest(
  log: EcrLoggedRequest[],
  origin: EcrLoggedRequest['origin'],
  req: IncomingMessage,
  res: ServerResponse,
  clock: Clock,
): EcrLoggedRequest {
  const entry: EcrLoggedRequest = {
    origin,
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    status: 0,
    authorization: req.headers.authorization !== undefined,
    time: clock.now(),
    sequence: ++arrivals,
  }
  log.push(entry)
  onWriteHead(res, (status) => (entry.status = status))
  return entry
}
