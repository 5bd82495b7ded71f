import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody } from '../dockerhub/http-util'
import { AwsError, sendAws, sendHandlerFailure } from '../ecr/aws-json'
import { authenticateAwsJson } from '../ecr/sigv4'
import { onWriteHead } from '../http-headers'
import type { Clock } from './options'

/**
 * One AWS JSON 1.1 service on its own origin (ECS and CodeBuild each have an endpoint of their own): `POST /`, the
 * operation in `X-Amz-Target: <prefix>.<Op>`, every request SigV4-signed for the service's signing name and the
 * emulator's Region. Authentication is checked before the operation is looked at, as AWS does, with the ECR
 * emulator's verifier and error shapes (`{"__type", "message"}`, 403 for an unknown key or a wrong signature).
 */

export type Input = Record<string, unknown>
export type Operation = (input: Input) => unknown

export interface AwsLoggedRequest {
  service: 'ecs' | 'codebuild'
  method: string
  path: string
  /** The operation named by X-Amz-Target (without the service's prefix), when it had the service's prefix. */
  operation?: string
  /** The request's JSON body, when it was one. */
  params?: Input
  /** The answer's status; 0 while none was sent. */
  status: number
  /** The signing key, once the signature checked out. */
  accessKeyId?: string
  /** The `__type` of an error answer. */
  error?: string
  /** ms since the epoch, by the emulator's clock */
  time: number
  /** Arrival order across both services. */
  sequence: number
}

export interface JsonServiceContext {
  service: AwsLoggedRequest['service']
  targetPrefix: string
  operations: Record<string, Operation>
  region: string
  clock: Clock
  secrets: Record<string, string>
  sessionTokens: Record<string, string>
  maxSkewSeconds: number
  log: AwsLoggedRequest[]
}

let arrivals = 0

export function jsonServiceHandler(ctx: JsonServiceContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const entry: AwsLoggedRequest = {
      service: ctx.service,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      status: 0,
      time: ctx.clock.now(),
      sequence: ++arrivals,
    }
    ctx.log.push(entry)
    onWriteHead(res, (status) => (entry.status = status))
    handle(ctx, req, res, entry).catch((error: unknown) => {
      sendHandlerFailure(res, error, entry, ctx.clock.now())
    })
  }
}

async function handle(
  ctx: JsonServiceContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: AwsLoggedRequest,
): Promise<void> {
  const body = await readBody(req, 1 << 20)
  if (body === undefined) throw new AwsError('SerializationException', 'Request body too large', 413)
  const target = String(req.headers['x-amz-target'] ?? '')
  if (target.startsWith(`${ctx.targetPrefix}.`)) entry.operation = target.slice(ctx.targetPrefix.length + 1)
  let input: Input | undefined
  try {
    const parsed: unknown = body.length === 0 ? {} : JSON.parse(body.toString('utf8'))
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) input = parsed as Input
  } catch {}
  if (input) entry.params = input
  entry.accessKeyId = authenticateAwsJson(req, body, {
    region: ctx.region,
    service: ctx.service,
    secrets: ctx.secrets,
    sessionTokens: ctx.sessionTokens,
    nowMs: ctx.clock.now(),
    maxSkewSeconds: ctx.maxSkewSeconds,
  })
  const known = entry.operation !== undefined && Object.hasOwn(ctx.operations, entry.operation)
  const operation = known ? ctx.operations[entry.operation!] : undefined
  if (!operation) throw new AwsError('UnknownOperationException', `Unknown operation ${target}`)
  if (!input) throw new AwsError('SerializationException', 'Start of structure or map found where not expected.')
  sendAws(res, 200, operation(input), ctx.clock.now())
}
