import { request, type Agent, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { endToEnd } from '../http-headers'
import type { RunningRegistry } from '../registry'
import { requiredScopes } from '../token-auth-front'
import { refusedAsAbuse } from './abuse-limit'
import type { Account, Accounts } from './accounts'
import type { UrlSigner } from './cdn'
import { bearerToken, clientAddress, logRequest, sendJson, type LoggedRequest } from './http-util'
import type { JwtSigner } from './jwt'
import { SERVICE, type Clock } from './options'
import type { PullQuota, QuotaPolicy } from './pull-quota'
import type { Repositories } from './repositories'
import { isIndexType } from './tag-details'
import type { RegistryClaims } from './token-service'
import type { WindowLimiter } from './window-limiter'

/**
 * The registry front (registry-1.docker.io): Bearer challenge pointing at the token service, then a streaming proxy
 * to the backing registry, with Docker Hub's pull accounting on manifests (docker/docs usage/pulls.md, facts §1.2,
 * §2): a manifest GET is a pull and HEAD is not; both answer `ratelimit-limit`/`ratelimit-remaining` (`N;w=SECONDS`)
 * and `docker-ratelimit-source`, except for unlimited (paid) users, who get none; a GET once the window's quota is
 * spent answers 429 TOOMANYREQUESTS with the documented message. Blob GETs are redirected to the CDN origin.
 */

export const PULL_LIMIT_MESSAGE =
  'You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: ' +
  'https://www.docker.com/increase-rate-limits'

export interface PullPolicyDefaults {
  anonymous: number
  authenticated: number
  windowSeconds: number
}

export interface RegistryFrontContext {
  accounts: Accounts
  repositories: Repositories
  backend: RunningRegistry
  agent: Agent
  clock: Clock
  signer: JwtSigner
  quota: PullQuota
  pullDefaults: PullPolicyDefaults
  countIndexGets: boolean
  rateLimitHeaders: boolean
  urlSigner: UrlSigner
  blobHead: 'redirect' | 'direct'
  abuse: WindowLimiter | undefined
  clientAddressHeader: string | undefined
  log: LoggedRequest[]
  /** `127.0.0.1:PORT` of the token service, for the challenge's realm. */
  authHost(): string
  /** `http://127.0.0.1:PORT` of this front and of the CDN. */
  frontOrigin(): string
  cdnOrigin(): string
}

const PAID = new Set(['pro', 'team', 'business'])

/** The policy for an account (undefined = anonymous), before any `setQuota` override. */
export function basePolicy(defaults: PullPolicyDefaults, account: Account | undefined): QuotaPolicy {
  if (!account) return { limit: defaults.anonymous, windowSeconds: defaults.windowSeconds }
  if (PAID.has(account.plan) || account.pullLimit === 'unlimited') return 'unlimited'
  return { limit: account.pullLimit ?? defaults.authenticated, windowSeconds: defaults.windowSeconds }
}

type Scope = ReturnType<typeof requiredScopes>[number]

const scopeText = (scope: Scope): string => `${scope.type}:${scope.name}:${scope.actions.join(',')}`

function challenge(
  ctx: RegistryFrontContext,
  res: ServerResponse,
  needed: Scope[],
  error?: 'invalid_token' | 'insufficient_scope',
): void {
  const params = [`realm="http://${ctx.authHost()}/token"`, `service="${SERVICE}"`]
  if (needed.length > 0) params.push(`scope="${needed.map(scopeText).join(' ')}"`)
  if (error) params.push(`error="${error}"`)
  const detail = needed.flatMap((scope) =>
    scope.actions.map((action) => ({ Type: scope.type, Class: '', Name: scope.name, Action: action })),
  )
  sendJson(
    res,
    401,
    { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail }] },
    {
      'docker-distribution-api-version': 'registry/2.0',
      'www-authenticate': `Bearer ${params.join(',')}`,
    },
  )
}

function covers(claims: RegistryClaims, needed: Scope): boolean {
  return needed.actions.every((action) =>
    claims.access.some(
      (grant) => grant.type === needed.type && grant.name === needed.name && grant.actions.includes(action),
    ),
  )
}

export function registryFrontHandler(ctx: RegistryFrontContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const entry = logRequest(ctx.log, 'registry', req, res, clientAddress(req, ctx.clientAddressHeader), ctx.clock)
    if (refusedAsAbuse(ctx.abuse, entry, res, ctx.clock)) {
      req.resume()
      return
    }
    const target = req.url ?? '/'
    const method = req.method ?? 'GET'
    const path = new URL(target, 'http://front').pathname
    if (!path.startsWith('/v2/') && path !== '/v2') {
      req.resume()
      return sendJson(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'not found' }] })
    }
    const needed = requiredScopes(method, target)
    const token = bearerToken(req)
    const claims = token === undefined ? undefined : ctx.signer.verify<RegistryClaims>(token, ctx.clock.now())
    if (!claims || !needed.every((scope) => covers(claims, scope))) {
      req.resume()
      return challenge(
        ctx,
        res,
        needed,
        token === undefined ? undefined : claims ? 'insufficient_scope' : 'invalid_token',
      )
    }
    const account = claims.username === undefined ? undefined : ctx.accounts.user(claims.username)
    if (account) entry.user = account.username

    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path)
    if (manifest && (method === 'GET' || method === 'HEAD')) {
      return manifestRequest(ctx, req, res, entry, account, manifest[1]!, manifest[2]!)
    }
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path)
    if (blob && (method === 'GET' || (method === 'HEAD' && ctx.blobHead === 'redirect'))) {
      redirectBlob(ctx, req, res, blob[1]!, blob[2]!).catch(() => res.destroy())
      return
    }
    proxy(ctx, req, res, () => ({}))
  }
}

/**
 * ratelimit-* headers for the source's current state; none when it is unlimited (facts §2.3) or they are switched off.
 */
function rateLimitHeaders(source: string, policy: QuotaPolicy, ctx: RegistryFrontContext): OutgoingHttpHeaders {
  if (policy === 'unlimited' || !ctx.rateLimitHeaders) return {}
  const state = ctx.quota.state(source, policy)
  return {
    'ratelimit-limit': `${state.limit};w=${state.windowSeconds}`,
    'ratelimit-remaining': `${state.remaining};w=${state.windowSeconds}`,
    'docker-ratelimit-source': source,
  }
}

function manifestRequest(
  ctx: RegistryFrontContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: LoggedRequest,
  account: Account | undefined,
  name: string,
  reference: string,
): void {
  // Anonymous pulls are keyed on the client's IPv4 address or IPv6 /64; signed-in ones on the account.
  const source = account ? account.id : entry.client
  const policy = ctx.quota.policy(source, basePolicy(ctx.pullDefaults, account))
  const refuse = (): void => {
    entry.limited = 'pull-limit'
    entry.pulls = 0
    sendJson(
      res,
      429,
      { errors: [{ code: 'TOOMANYREQUESTS', message: PULL_LIMIT_MESSAGE }] },
      {
        'docker-distribution-api-version': 'registry/2.0',
        ...rateLimitHeaders(source, policy, ctx),
      },
    )
  }
  if (req.method === 'HEAD') {
    // A version check: free, and answered even when the quota is spent.
    proxy(ctx, req, res, () => rateLimitHeaders(source, policy, ctx))
    return
  }
  // Refused "when the manifest is requested" once nothing is left, whatever kind of manifest it is.
  if (policy !== 'unlimited' && ctx.quota.state(source, policy).remaining === 0) {
    req.resume()
    refuse()
    return
  }
  proxy(
    ctx,
    req,
    res,
    (upstream) => {
      entry.pulls = 0
      if (upstream.statusCode !== 200) return rateLimitHeaders(source, policy, ctx)
      if (!ctx.countIndexGets && isIndexType(String(upstream.headers['content-type'] ?? '')))
        return rateLimitHeaders(source, policy, ctx)
      // Decided when the answer is known, in one turn of the event loop, so concurrent GETs cannot overspend.
      if (!ctx.quota.take(source, policy)) return 'refuse'
      entry.pulls = 1
      const repository = ctx.repositories.get(name)
      const digest = upstream.headers['docker-content-digest']
      if (repository)
        ctx.repositories.recordPull(repository, reference, typeof digest === 'string' ? digest : undefined)
      return rateLimitHeaders(source, policy, ctx)
    },
    refuse,
  )
}

async function redirectBlob(
  ctx: RegistryFrontContext,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  digest: string,
): Promise<void> {
  // Like distribution's redirect middleware: an unknown (or unlinked) blob still answers 404 from the registry.
  const exists = await new Promise<boolean>((resolve) => {
    const probe = request({
      host: '127.0.0.1',
      port: Number(new URL(ctx.backend.url).port),
      method: 'HEAD',
      path: `/v2/${name}/blobs/${digest}`,
      agent: ctx.agent,
      headers: { host: ctx.backend.host },
    })
    probe.on('response', (answer) => {
      answer.resume()
      resolve(answer.statusCode === 200)
    })
    probe.on('error', () => resolve(false))
    probe.end()
  })
  if (!exists) return proxy(ctx, req, res, () => ({}))
  req.resume()
  res.writeHead(307, {
    location: `${ctx.cdnOrigin()}${ctx.urlSigner.sign(digest)}`,
    'content-length': 0,
    'docker-distribution-api-version': 'registry/2.0',
  })
  res.end()
}

/**
 * Streams the request to the backing registry and its answer back. `decide` sees the answer's head first and gives
 * extra headers, or 'refuse' to drop the answer and let `refuse` reply instead.
 */
function proxy(
  ctx: RegistryFrontContext,
  req: IncomingMessage,
  res: ServerResponse,
  decide: (upstream: IncomingMessage) => OutgoingHttpHeaders | 'refuse',
  refuse?: () => void,
): void {
  const upstream = request({
    host: '127.0.0.1',
    port: Number(new URL(ctx.backend.url).port),
    method: req.method,
    path: req.url,
    headers: { ...endToEnd(req.headers, ['authorization', 'host']), host: ctx.backend.host },
    agent: ctx.agent,
  })
  upstream.on('response', (answer) => {
    const extra = decide(answer)
    if (extra === 'refuse') {
      answer.resume()
      return refuse?.()
    }
    const headers = { ...endToEnd(answer.headers), ...extra }
    for (const name of ['location', 'link']) {
      const value = answer.headers[name]
      if (typeof value === 'string') headers[name] = value.split(ctx.backend.url).join(ctx.frontOrigin())
    }
    res.writeHead(answer.statusCode ?? 502, headers)
    pipeline(answer, res).catch(() => res.destroy())
  })
  upstream.on('error', (error) => {
    if (res.headersSent) return void res.destroy()
    sendJson(res, 502, { errors: [{ code: 'UNAVAILABLE', message: `backing registry failed: ${error.message}` }] })
  })
  req.on('close', () => {
    if (!req.complete) upstream.destroy()
  })
  req.pipe(upstream)
}
