import { randomBytes, timingSafeEqual } from 'node:crypto'
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { endToEnd } from './http-headers'
import { closeServer, listenOnLoopback } from './loopback-server'
import { startRegistry, type RunningRegistry } from './registry'

/**
 * A Bearer token-auth front for tests: the distribution token authentication scheme
 * (https://distribution.github.io/distribution/spec/auth/token/) in front of a real `docker-registry`.
 *
 * - `/v2/...` without a valid `Authorization: Bearer <token>` answers 401 with
 *   `WWW-Authenticate: Bearer realm="http://HOST/token",service="test-registry",scope="…"`, where the scope is
 *   what that request needs (pull for GET/HEAD, pull,push otherwise, plus pull on `from` for a mount).
 * - A token lacking the scope answers 401 with `error="insufficient_scope"`; an unknown or expired one with
 *   `error="invalid_token"`.
 * - `GET /token?service=…&scope=…&scope=…`, with optional Basic credentials, issues an opaque random token bound to
 *   the granted scopes (the requested ones cut down to what the caller may do; never an error for asking too much).
 *   `POST /token` accepts the OAuth2 `password` and `refresh_token` grants (`docker login` with identity tokens).
 * - Valid requests are proxied, streaming both ways, to the backing registry; Location and Link headers that point
 *   at it are rewritten to the front.
 */

export type Action = 'pull' | 'push' | '*'

export interface AclEntry {
  /** A repository prefix, matched by whole path components (`acme` covers `acme/x`, not `acmelabs/x`); '' = all. */
  repository: string
  actions: Action[]
}

export interface TokenAuthFrontOptions {
  /** user → password, checked on the token endpoint. */
  users: Record<string, string>
  /** Repository prefixes anyone (anonymous included) may pull. */
  public: string[]
  /** What each user may do. A user without an entry may do anything, `registry:catalog:*` included. */
  acl?: Record<string, AclEntry[]>
  /** Lifetime of issued tokens (`expires_in`); default 300. */
  tokenLifetimeSeconds?: number
  /** OAuth2 refresh tokens (identity tokens) → the user they sign in. */
  refreshTokens?: Record<string, string>
  /** Front this registry instead of starting one (it is then not stopped by `stop`). */
  backend?: RunningRegistry
}

export interface TokenRequest {
  /** Scopes asked for, as sent (`repository:team/app:pull,push`). */
  scopes: string[]
  /** Scopes granted, with the actions cut down to what the caller may do; empty ones left out. */
  granted: string[]
  user?: string
  /** 200, or 401 for refused credentials. */
  status: number
}

export interface FrontedRequest {
  method: string
  /** Request target, query string included. */
  path: string
  /** What the front answered (401) or the backing registry did. */
  status: number
}

export interface TokenAuthFront {
  /** `127.0.0.1:PORT` of the front. */
  host: string
  /** `http://127.0.0.1:PORT` */
  url: string
  /** The registry behind the front; it has no auth of its own, so tests can seed and inspect it directly. */
  registry: RunningRegistry
  tokenRequests: TokenRequest[]
  /** 401s the front answered on `/v2/` (challenges, refused tokens). */
  readonly unauthorized: number
  /** Every `/v2/` request, in arrival order. */
  requests: FrontedRequest[]
  /** Forget recorded token requests, requests and the 401 count (tokens stay valid). */
  resetLog(): void
  /** Invalidates every token issued so far, as a server-side revocation (or a clock ahead of the client's) would. */
  revokeTokens(): void
  stop(): Promise<void>
}

export const SERVICE = 'test-registry'

interface Scope {
  type: string
  name: string
  actions: string[]
}

interface IssuedToken {
  granted: Scope[]
  user?: string
  expiresAt: number
}

function parseScope(text: string): Scope | undefined {
  const first = text.indexOf(':')
  const last = text.lastIndexOf(':')
  if (first <= 0 || last === first) return undefined
  const actions = text
    .slice(last + 1)
    .split(',')
    .filter(Boolean)
  return { type: text.slice(0, first), name: text.slice(first + 1, last), actions }
}

const scopeText = (scope: Scope): string => `${scope.type}:${scope.name}:${scope.actions.join(',')}`

function underPrefix(repository: string, prefix: string): boolean {
  return prefix === '' || repository === prefix || repository.startsWith(`${prefix}/`)
}

function equalSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The access a registry API request needs, by the rules distribution applies. */
export function requiredScopes(method: string, target: string): Scope[] {
  const url = new URL(target, 'http://front')
  const path = url.pathname
  if (path === '/v2' || path === '/v2/') return []
  if (path === '/v2/_catalog') return [{ type: 'registry', name: 'catalog', actions: ['*'] }]
  const match =
    /^\/v2\/(.+)\/(?:manifests\/[^/]+|blobs\/uploads\/[^/]*|blobs\/[^/]+|tags\/list|referrers\/[^/]+)$/.exec(path)
  if (!match) return []
  const name = match[1]!
  const read = method === 'GET' || method === 'HEAD'
  const scopes: Scope[] = [{ type: 'repository', name, actions: read ? ['pull'] : ['pull', 'push'] }]
  const from = url.searchParams.get('from')
  if (method === 'POST' && url.searchParams.has('mount') && from && from !== name) {
    scopes.push({ type: 'repository', name: from, actions: ['pull'] })
  }
  return scopes
}

/** Starts a token-auth front (and, unless `backend` is given, the registry behind it) on loopback ports. */
export async function startTokenAuthFront(options: TokenAuthFrontOptions): Promise<TokenAuthFront> {
  const backend = options.backend ?? (await startRegistry())
  const ownsBackend = options.backend === undefined
  const lifetime = options.tokenLifetimeSeconds ?? 300
  const tokens = new Map<string, IssuedToken>()
  const tokenRequests: TokenRequest[] = []
  const requests: FrontedRequest[] = []
  const agent = new Agent({ keepAlive: true })
  let unauthorized = 0
  let host = ''

  /** What `user` (undefined = anonymous) may do with `scope`; the subset of its actions to grant. */
  const allowed = (user: string | undefined, scope: Scope): string[] => {
    const acl = user === undefined ? undefined : options.acl?.[user]
    if (user !== undefined && acl === undefined) return scope.actions // full access
    if (scope.type !== 'repository') return []
    const may = new Set<string>()
    if (options.public.some((prefix) => underPrefix(scope.name, prefix))) may.add('pull')
    for (const entry of acl ?? []) {
      if (!underPrefix(scope.name, entry.repository)) continue
      for (const action of entry.actions) {
        if (action === '*') for (const a of ['pull', 'push', '*']) may.add(a)
        else may.add(action)
      }
    }
    return scope.actions.filter((action) => may.has(action))
  }

  const issue = (res: ServerResponse, user: string | undefined, asked: string[], oauth: boolean): void => {
    const granted: Scope[] = []
    for (const text of asked) {
      const scope = parseScope(text)
      if (!scope) continue
      const actions = allowed(user, scope)
      if (actions.length > 0) granted.push({ ...scope, actions })
    }
    const token = randomBytes(24).toString('base64url')
    const issuedAt = Date.now()
    tokens.set(token, { granted, user, expiresAt: issuedAt + lifetime * 1000 })
    tokenRequests.push({
      scopes: asked,
      granted: granted.map(scopeText),
      ...(user === undefined ? {} : { user }),
      status: 200,
    })
    const body = JSON.stringify({
      token,
      access_token: token,
      expires_in: lifetime,
      issued_at: new Date(issuedAt).toISOString(),
      ...(oauth ? { scope: granted.map(scopeText).join(' ') } : {}),
    })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body)
  }

  const refuse = (res: ServerResponse, asked: string[], user: string | undefined, message: string): void => {
    tokenRequests.push({ scopes: asked, granted: [], ...(user === undefined ? {} : { user }), status: 401 })
    const body = JSON.stringify({ details: message })
    res.writeHead(401, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body)
  }

  const checkPassword = (user: string, password: string): boolean => {
    const expected = options.users[user]
    return expected !== undefined && equalSecret(expected, password)
  }

  const splitScopes = (values: string[]): string[] => values.flatMap((value) => value.split(' ')).filter(Boolean)

  const tokenEndpoint = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method === 'POST') {
      const chunks: Buffer[] = []
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      const asked = splitScopes(form.getAll('scope'))
      if (form.get('grant_type') === 'password') {
        const user = form.get('username') ?? ''
        return checkPassword(user, form.get('password') ?? '')
          ? issue(res, user, asked, true)
          : refuse(res, asked, user, 'incorrect username or password')
      }
      if (form.get('grant_type') === 'refresh_token') {
        const user = options.refreshTokens?.[form.get('refresh_token') ?? '']
        return user !== undefined
          ? issue(res, user, asked, true)
          : refuse(res, asked, undefined, 'invalid refresh token')
      }
      return refuse(res, asked, undefined, 'unsupported grant_type')
    }
    req.resume()
    const asked = splitScopes(url.searchParams.getAll('scope'))
    const authorization = req.headers.authorization
    if (!authorization) return issue(res, undefined, asked, false)
    const basic = /^Basic\s+(\S+)$/i.exec(authorization)
    const decoded = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : ''
    const colon = decoded.indexOf(':')
    const user = colon > 0 ? decoded.slice(0, colon) : undefined
    if (user === undefined || !checkPassword(user, decoded.slice(colon + 1))) {
      return refuse(res, asked, user, 'incorrect username or password')
    }
    issue(res, user, asked, false)
  }

  const challenge = (
    res: ServerResponse,
    entry: FrontedRequest,
    needed: Scope[],
    error?: 'invalid_token' | 'insufficient_scope',
  ): void => {
    unauthorized++
    entry.status = 401
    const params = [`realm="http://${host}/token"`, `service="${SERVICE}"`]
    if (needed.length > 0) params.push(`scope="${needed.map(scopeText).join(' ')}"`)
    if (error) params.push(`error="${error}"`)
    const detail = needed.flatMap((scope) =>
      scope.actions.map((action) => ({ Type: scope.type, Name: scope.name, Action: action })),
    )
    const body = JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail }] })
    res.writeHead(401, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'docker-distribution-api-version': 'registry/2.0',
      'www-authenticate': `Bearer ${params.join(',')}`,
    })
    res.end(body)
  }

  const covers = (token: IssuedToken, needed: Scope): boolean =>
    needed.actions.every((action) =>
      token.granted.some(
        (g) =>
          g.type === needed.type && g.name === needed.name && (g.actions.includes(action) || g.actions.includes('*')),
      ),
    )

  const rewrite = (value: string): string => value.split(backend.url).join(`http://${host}`)

  const proxy = (req: IncomingMessage, res: ServerResponse, entry: FrontedRequest): void => {
    // Host is the registry's own, so that it builds upload Locations to itself, which the front must rewrite.
    const upstream = request({
      host: '127.0.0.1',
      port: Number(new URL(backend.url).port),
      method: req.method,
      path: req.url,
      headers: { ...endToEnd(req.headers, ['authorization', 'host']), host: backend.host },
      agent,
    })
    upstream.on('response', (upstreamRes) => {
      const headers = endToEnd(upstreamRes.headers)
      for (const name of ['location', 'link']) {
        const value = upstreamRes.headers[name]
        if (typeof value === 'string') headers[name] = rewrite(value)
      }
      entry.status = upstreamRes.statusCode ?? 502
      res.writeHead(entry.status, headers)
      pipeline(upstreamRes, res).catch(() => res.destroy())
    })
    upstream.on('error', (error) => {
      if (res.headersSent) return void res.destroy()
      const body = `token-auth-front: ${backend.host} failed: ${error.message}\n`
      entry.status = 502
      res.writeHead(502, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) }).end(body)
    })
    req.on('close', () => {
      if (!req.complete) upstream.destroy()
    })
    req.pipe(upstream)
  }

  const server = createServer((req, res) => {
    const target = req.url ?? '/'
    const url = new URL(target, 'http://front')
    if (url.pathname === '/token') {
      tokenEndpoint(req, res, url).catch(() => res.destroy())
      return
    }
    const method = req.method ?? 'GET'
    const entry: FrontedRequest = { method, path: target, status: 0 }
    requests.push(entry)
    const needed = requiredScopes(method, target)
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')
    if (!bearer) return challenge(res, entry, needed)
    const token = tokens.get(bearer[1]!)
    if (!token || Date.now() >= token.expiresAt) return challenge(res, entry, needed, 'invalid_token')
    if (!needed.every((scope) => covers(token, scope))) return challenge(res, entry, needed, 'insufficient_scope')
    proxy(req, res, entry)
  })
  server.keepAliveTimeout = 30_000
  try {
    host = await listenOnLoopback(server)
  } catch (error) {
    if (ownsBackend) await backend.stop()
    throw error
  }

  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    await closeServer(server, agent)
    if (ownsBackend) await backend.stop()
  }
  return {
    host,
    url: `http://${host}`,
    registry: backend,
    tokenRequests,
    get unauthorized() {
      return unauthorized
    },
    requests,
    resetLog: () => {
      tokenRequests.splice(0)
      requests.splice(0)
      unauthorized = 0
    },
    revokeTokens: () => tokens.clear(),
    stop: () => (stopping ??= stop()),
  }
}
