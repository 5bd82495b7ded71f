import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { bearerToken, sendJson } from '../dockerhub/http-util'
import { onWriteHead } from '../http-headers'
import { type ContinuePosition, type ContinueTokens, decodeContinue } from './continue-tokens'
import type { Clock } from './options'
import { apiVersionOf, RESOURCE_TYPES, type ResourceType } from './resources'
import {
  badRequest,
  CONTINUE_EXPIRED,
  INCONSISTENT_CONTINUE,
  methodNotAllowed,
  objectNotFound,
  pathNotFound,
  resourceExpired,
  StatusError,
  unauthorized,
} from './status'
import type { ClusterStore } from './store'

/**
 * The API server's read side over HTTP: bearer-token authentication first (401 Unauthorized, a Status, for a missing
 * or unknown token), then GET of a collection (`kind: DeploymentList`, items without kind or apiVersion, chunked with
 * `limit` and `continue`) or of one object (with its kind and apiVersion). Everything else is a Status error.
 */

export interface KubernetesLoggedRequest {
  method: string
  /** The path, without the query. */
  path: string
  query: Record<string, string>
  /** The answer's status; 0 while none was sent. */
  status: number
  /** Whether the request carried a bearer token the server accepts. */
  authorized: boolean
  /** ms since the epoch, by the emulator's clock */
  time: number
}

export interface ApiContext {
  store: ClusterStore
  tokens: ContinueTokens
  bearerTokens: ReadonlySet<string>
  /** The server's cap on a chunk, when the request asks for one. */
  pageSize: number | undefined
  clock: Clock
  log: KubernetesLoggedRequest[]
}

interface Route {
  type: ResourceType
  namespace?: string
  /** Absent for a collection. */
  name?: string
}

export function apiHandler(ctx: ApiContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://kubernetes.emulator')
    const token = bearerToken(req)
    const entry: KubernetesLoggedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      authorized: token !== undefined && ctx.bearerTokens.has(token),
      time: ctx.clock.now(),
    }
    ctx.log.push(entry)
    onWriteHead(res, (status) => (entry.status = status))
    const headers = { 'audit-id': randomUUID(), 'cache-control': 'no-cache, private' }
    try {
      sendJson(res, 200, answer(ctx, entry, url), headers)
    } catch (error) {
      const status = error instanceof StatusError ? error : new StatusError(500, 'InternalError', String(error))
      sendJson(res, status.code, status.body(), headers)
    }
  }
}

function answer(ctx: ApiContext, entry: KubernetesLoggedRequest, url: URL): unknown {
  if (!entry.authorized) throw unauthorized()
  const route = routeOf(url.pathname)
  if (!route) throw pathNotFound()
  if (entry.method !== 'GET') throw methodNotAllowed()
  if (route.name !== undefined) {
    const object = ctx.store.get(route.type, route.namespace, route.name)
    if (!object) throw objectNotFound(route.type, route.name)
    return { kind: route.type.kind, apiVersion: apiVersionOf(route.type), ...object }
  }
  return list(ctx, route, url)
}

function routeOf(pathname: string): Route | undefined {
  let parts: string[]
  try {
    parts = pathname.split('/').slice(1).map(decodeURIComponent)
  } catch {
    return undefined
  }
  if (parts.some((part) => part === '')) return undefined
  let group: string
  let rest: string[]
  let version: string
  if (parts[0] === 'api' && parts.length >= 2) [group, version, rest] = ['', parts[1]!, parts.slice(2)]
  else if (parts[0] === 'apis' && parts.length >= 3) [group, version, rest] = [parts[1]!, parts[2]!, parts.slice(3)]
  else return undefined
  const typeOf = (resource: string | undefined) =>
    RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.resource === resource)
  if (rest.length <= 2) {
    const type = typeOf(rest[0])
    if (!type) return undefined
    if (rest.length === 1) return { type }
    // A namespaced type has no object path outside a namespace (GET /api/v1/pods/NAME is not found).
    return type.namespaced ? undefined : { type, name: rest[1] }
  }
  if (rest[0] !== 'namespaces' || rest.length > 4) return undefined
  const type = typeOf(rest[2])
  return type?.namespaced ? { type, namespace: rest[1], ...(rest[3] ? { name: rest[3] } : {}) } : undefined
}

function list(ctx: ApiContext, route: Route, url: URL): unknown {
  const params = url.searchParams
  const watch = params.get('watch')
  if (watch === 'true' || watch === '1') throw badRequest('the Kubernetes emulator serves no watch')
  for (const selector of ['labelSelector', 'fieldSelector']) {
    if (params.get(selector)) throw badRequest(`the Kubernetes emulator does not implement ${selector}`)
  }
  const limit = limitOf(params.get('limit'))
  const collection = url.pathname
  let at: ContinuePosition = { rv: ctx.store.resourceVersion, start: '' }
  const token = params.get('continue') ?? ''
  if (token) {
    const version = params.get('resourceVersion') ?? ''
    if (version !== '' && version !== '0') {
      throw badRequest('specifying resource version is not allowed when using continue')
    }
    let position: ContinuePosition
    try {
      position = decodeContinue(token)
    } catch (error) {
      throw badRequest(`invalid continue token: ${(error as Error).message}`)
    }
    const standing = ctx.tokens.standing(collection, token)
    if (standing === 'unknown') throw resourceExpired(CONTINUE_EXPIRED)
    if (standing === 'expired') {
      throw resourceExpired(INCONSISTENT_CONTINUE, ctx.tokens.issue(collection, { rv: -1, start: position.start }))
    }
    at = { rv: position.rv === -1 ? ctx.store.resourceVersion : position.rv, start: position.start }
  }
  const rest = ctx.store.list(route.type, route.namespace, at.rv).filter((item) => item.key >= at.start)
  const size = limit > 0 ? Math.min(limit, ctx.pageSize ?? limit) : rest.length
  const page = rest.slice(0, size)
  const metadata: Record<string, unknown> = { resourceVersion: String(at.rv) }
  if (rest.length > size) {
    metadata.continue = ctx.tokens.issue(collection, { rv: at.rv, start: `${page.at(-1)!.key}\u0000` })
    metadata.remainingItemCount = rest.length - size
  }
  return {
    kind: `${route.type.kind}List`,
    apiVersion: apiVersionOf(route.type),
    metadata,
    items: page.map((item) => item.body),
  }
}

/** `limit` as the API server reads it: an integer, where 0 or less (or none) means the whole collection. */
function limitOf(value: string | null): number {
  if (value === null || value === '') return 0
  if (!/^[+-]?\d+$/.test(value))
    throw badRequest(`limit: strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`)
  return Number(value)
}
