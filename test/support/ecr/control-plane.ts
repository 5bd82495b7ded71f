import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody } from '../dockerhub/http-util'
import { AwsError, sendAws, sendHandlerFailure } from './aws-json'
import { OPERATIONS, type OperationContext } from './operations'
import type { Clock } from './options'
import { logRequest, type EcrLoggedRequest } from './request-log'
import { authenticateAwsJson } from './sigv4'
import type { TokenBucket } from './token-bucket'

/**
 * The ECR API (api.ecr.REGION.amazonaws.com): AWS JSON 1.1 over `POST /`, the operation in
 * `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Op>`, every request SigV4-signed for service `ecr`.
 * Authentication is checked before the operation is looked at, as AWS does (an unsigned call to any target fails).
 */

export const TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.'

export interface ControlPlaneContext extends OperationContext {
  clock: Clock
  secrets: Record<string, string>
  sessionTokens: Record<string, string>
  maxSkewSeconds: number
  throttle: TokenBucket | undefined
  /** Test control: calls still to be refused with ThrottlingException, whatever the bucket says. */
  forcedThrottles: { count: number; operation?: string }
  log: EcrLoggedRequest[]
}

export function controlPlaneHandler(ctx: ControlPlaneContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const entry: EcrLoggedRequest = logRequest(ctx.log, 'api', req, res, ctx.clock)
    handle(ctx, req, res, entry).catch((error: unknown) => {
      sendHandlerFailure(res, error, entry, ctx.clock.now())
    })
  }
}

async function handle(
  ctx: ControlPlaneContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: EcrLoggedRequest,
): Promise<void> {
  // Manifests sent to BatchGetImage's callers are small; 1 MiB is plenty for any request body here.
  const body = await readBody(req, 1 << 20)
  if (body === undefined) throw new AwsError('SerializationException', 'Request body too large', 413)
  const target = String(req.headers['x-amz-target'] ?? '')
  if (target.startsWith(TARGET_PREFIX)) entry.operation = target.slice(TARGET_PREFIX.length)
  entry.accessKeyId = authenticateAwsJson(req, body, {
    region: ctx.region,
    service: 'ecr',
    secrets: ctx.secrets,
    sessionTokens: ctx.sessionTokens,
    nowMs: ctx.clock.now(),
    maxSkewSeconds: ctx.maxSkewSeconds,
  })
  const operation = entry.operation === undefined ? undefined : OPERATIONS[entry.operation]
  if (!operation) throw new AwsError('UnknownOperationException', `Unknown operation ${target}`)
  const forced = ctx.forcedThrottles
  const forcedHit = forced.count > 0 && (forced.operation === undefined || forced.operation === entry.operation)
  if (forcedHit) forced.count--
  if (forcedHit || (ctx.throttle && !ctx.throttle.take())) throw new AwsError('ThrottlingException', 'Rate exceeded')
  let input: Record<string, unknown>
  try {
    input = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as Record<string, unknown>)
  } catch {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.')
  }
  const output = operation(ctx, input)
  sendAws(res, 200, output, ctx.clock.now())
}
