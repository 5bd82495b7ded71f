import type { IncomingMessage, ServerResponse } from 'node:http'
import { refusedAsAbuse } from './abuse-limit'
import type { Account, Accounts } from './accounts'
import { bearerToken, clientAddress, logRequest, readBody, sendJson, type LoggedRequest } from './http-util'
import type { JwtClaims, JwtSigner } from './jwt'
import type { Clock } from './options'
import { isParamError, pageOf, parsePaging, type Paging } from './paging'
import type { RepositoryRecord, Repositories } from './repositories'
import { numericId, type HubTag, type TagDetails } from './tag-details'
import { secondsUntil, type WindowLimiter } from './window-limiter'

/**
 * The Hub API origin (hub.docker.com): sign-in, namespaces' repositories, tags. Shapes follow the Hub API reference
 * (docker/docs content/reference/api/hub/latest.yaml) and facts §3. Private repositories, and unknown ones, answer
 * 404 to whoever may not see them, so that their existence does not leak.
 */

export interface HubApiContext {
  accounts: Accounts
  repositories: Repositories
  tagDetails: TagDetails
  clock: Clock
  signer: JwtSigner
  tokenLifetimeSeconds: number
  limiter: WindowLimiter | undefined
  abuse: WindowLimiter | undefined
  pageSizeOverMax: 'reject' | 'cap'
  clientAddressHeader: string | undefined
  log: LoggedRequest[]
  /** `http://127.0.0.1:PORT` of this origin, for absolute `next`/`previous` links. */
  origin(): string
}

interface HubClaims extends JwtClaims {
  sub: string
  username: string
}

type Viewer = Account | undefined

const REPOSITORY_ORDERINGS = ['name', '-name', 'last_updated', '-last_updated', 'pull_count', '-pull_count'] as const
const TAG_ORDERINGS = ['name', '-name', 'last_updated', '-last_updated'] as const

const NOT_FOUND = { detail: 'Not Found', message: 'object not found' }
const iso = (ms: number): string => new Date(ms).toISOString()

export function hubApiHandler(ctx: HubApiContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const entry = logRequest(ctx.log, 'hub', req, res, clientAddress(req, ctx.clientAddressHeader), ctx.clock)
    handle(ctx, req, res, entry).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy()
      sendJson(res, 500, { detail: 'Internal error', message: String(error) })
    })
  }
}

async function handle(
  ctx: HubApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: LoggedRequest,
): Promise<void> {
  if (refusedAsAbuse(ctx.abuse, entry, res, ctx.clock)) {
    req.resume()
    return
  }
  const url = new URL(req.url ?? '/', 'http://hub')
  const path = url.pathname.replace(/\/+$/, '') || '/'
  const method = req.method ?? 'GET'

  // A token that does not verify is an error (401), not a quiet fall-back to anonymous.
  const token = bearerToken(req, ['Bearer', 'JWT'])
  const claims = token === undefined ? undefined : ctx.signer.verify<HubClaims>(token, ctx.clock.now())
  const viewer = claims ? ctx.accounts.user(claims.username) : undefined
  if (viewer) entry.user = viewer.username

  // "each request to the API will return" X-RateLimit-Limit/-Remaining/-Reset; over the limit: 429 + Retry-After.
  const headers: Record<string, string> = {}
  if (ctx.limiter) {
    const verdict = ctx.limiter.hit(viewer ? `user:${viewer.id}` : `ip:${entry.client}`)
    headers['x-ratelimit-limit'] = String(verdict.limit)
    headers['x-ratelimit-remaining'] = String(verdict.remaining)
    headers['x-ratelimit-reset'] = String(Math.ceil(verdict.resetAt / 1000))
    if (!verdict.allowed) {
      entry.limited = 'hub-api'
      req.resume()
      headers['retry-after'] = String(secondsUntil(verdict.resetAt, ctx.clock.now()))
      return sendJson(res, 429, { detail: 'Rate limit exceeded', error: false }, headers)
    }
  }
  const reply = (status: number, body: unknown): void => sendJson(res, status, body, headers)

  if (method === 'POST' && (path === '/v2/auth/token' || path === '/v2/users/login')) {
    return signIn(ctx, req, path === '/v2/auth/token', reply)
  }
  req.resume()
  if (token !== undefined && !claims) return reply(401, { detail: 'Invalid or expired token', message: 'unauthorized' })
  const read = method === 'GET' || method === 'HEAD'

  if (path === '/v2/user' || path === '/v2/user/orgs') {
    if (!read) return reply(405, { detail: 'Method not allowed' })
    if (!viewer) return reply(401, { detail: 'Authentication credentials were not provided.', message: 'unauthorized' })
    if (path === '/v2/user') return reply(200, userObject(viewer, ctx.clock))
    return listPage(
      ctx,
      url,
      reply,
      ctx.accounts.orgsOf(viewer.username).map((org) => ({
        id: org.id,
        orgname: org.name,
        full_name: org.fullName,
        location: '',
        company: '',
        profile_url: '',
        date_joined: iso(ctx.clock.now()),
        gravatar_url: '',
        gravatar_email: '',
        type: 'Org',
        badge: '',
        is_active: true,
      })),
    )
  }

  const segments = path
    .split('/')
    .slice(1)
    .map((segment) => decodeURIComponent(segment))
  const [, , namespace, , name, tagsSegment, tag] = segments
  const known =
    segments[0] === 'v2' &&
    segments[1] === 'namespaces' &&
    segments[3] === 'repositories' &&
    (segments.length <= 5 || (tagsSegment === 'tags' && segments.length <= 7))
  if (!known || segments.length < 4) return reply(404, NOT_FOUND)
  if (!read) return reply(405, { detail: 'Method not allowed' })
  const tagsRoute = tagsSegment === 'tags'

  if (name === undefined) return listRepositories(ctx, url, namespace!, viewer, reply)
  const repository = ctx.repositories.get(`${namespace}/${name}`)
  if (!repository || !visible(ctx, repository, viewer)) return reply(404, NOT_FOUND)
  if (!tagsRoute) return reply(200, repositoryInfo(ctx, repository, viewer))
  if (tag !== undefined) {
    const found = await ctx.tagDetails.tag(
      repository,
      tag,
      (digest) => ctx.repositories.tag(repository, tag, digest),
      ctx.clock.now(),
    )
    return found ? reply(200, found) : reply(404, NOT_FOUND)
  }
  return listTags(ctx, url, repository, reply)
}

async function signIn(
  ctx: HubApiContext,
  req: IncomingMessage,
  current: boolean,
  reply: (status: number, body: unknown) => void,
): Promise<void> {
  const raw = await readBody(req)
  let body: Record<string, unknown> = {}
  try {
    body = raw ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {}
  } catch {
    return reply(400, { fields: {}, text: 'Malformed JSON body' })
  }
  const [idField, secretField] = current ? ['identifier', 'secret'] : ['username', 'password']
  const identifier = body[idField]
  const secret = body[secretField]
  if (typeof identifier !== 'string' || typeof secret !== 'string') {
    return reply(400, {
      fields: { [idField]: ['This field is required.'], [secretField]: ['This field is required.'] },
      text: 'Invalid request',
    })
  }
  const account = ctx.accounts.authenticate(identifier, secret)
  if (!account) {
    // Each endpoint's documented 401 schema: `error` {detail, message} vs PostUsersLoginErrorResponse {detail}.
    const detail = 'Incorrect authentication credentials'
    return reply(401, current ? { detail, message: detail } : { detail })
  }
  const iat = Math.floor(ctx.clock.now() / 1000)
  const jwt = ctx.signer.sign({ sub: account.id, username: account.username, iat, exp: iat + ctx.tokenLifetimeSeconds })
  // Current endpoint: {access_token}; the deprecated /v2/users/login: {token}.
  reply(200, current ? { access_token: jwt } : { token: jwt })
}

function visible(ctx: HubApiContext, repository: RepositoryRecord, viewer: Viewer): boolean {
  return !repository.isPrivate || ctx.accounts.canSeePrivate(viewer?.username, repository.namespace)
}

function paging(ctx: HubApiContext, url: URL, reply: (status: number, body: unknown) => void): Paging | undefined {
  const parsed = parsePaging(url, ctx.pageSizeOverMax)
  if (!isParamError(parsed)) return parsed
  reply(400, parsed)
  return undefined
}

function listPage<T>(ctx: HubApiContext, url: URL, reply: (status: number, body: unknown) => void, items: T[]): void {
  const p = paging(ctx, url, reply)
  if (!p) return
  const page = pageOf(items, p, url, ctx.origin())
  reply(page ? 200 : 404, page ?? { detail: 'Page not found', message: 'Page not found' })
}

function ordering<T extends string>(
  url: URL,
  allowed: readonly T[],
  reply: (status: number, body: unknown) => void,
): T | null | undefined {
  const value = url.searchParams.get('ordering')
  if (value === null || value === '') return null
  if ((allowed as readonly string[]).includes(value)) return value as T
  const text = `Invalid ordering value. Must be one of: ${allowed.join(', ')}`
  reply(400, { fields: { ordering: [text] }, text: 'Invalid ordering value' })
  return undefined
}

function sortBy<T>(
  items: T[],
  key: (item: T) => string | number,
  descending: boolean,
  tieBreak: (item: T) => string,
): T[] {
  return items.sort((a, b) => {
    const x = key(a)
    const y = key(b)
    const order = x < y ? -1 : x > y ? 1 : 0
    return (descending ? -order : order) || tieBreak(a).localeCompare(tieBreak(b))
  })
}

function listRepositories(
  ctx: HubApiContext,
  url: URL,
  namespace: string,
  viewer: Viewer,
  reply: (status: number, body: unknown) => void,
): void {
  const order = ordering(url, REPOSITORY_ORDERINGS, reply)
  if (order === undefined) return
  const all = ctx.repositories.inNamespace(namespace)
  if (all.length === 0 && !ctx.accounts.namespaceExists(namespace)) {
    reply(404, NOT_FOUND)
    return
  }
  const filter = (url.searchParams.get('name') ?? '').toLowerCase()
  let items = all.filter(
    (repository) => visible(ctx, repository, viewer) && repository.name.toLowerCase().includes(filter),
  )
  // No default order is documented; by name keeps pages stable.
  const field = (order ?? 'name').replace(/^-/, '')
  const key = (repository: RepositoryRecord): string | number =>
    field === 'pull_count' ? repository.pullCount : field === 'last_updated' ? repository.lastUpdated : repository.name
  items = sortBy(items, key, order?.startsWith('-') ?? false, (repository) => repository.name)
  listPage(
    ctx,
    url,
    reply,
    items.map((repository) => repositoryEntry(repository)),
  )
}

function repositoryEntry(repository: RepositoryRecord): Record<string, unknown> {
  return {
    name: repository.name,
    namespace: repository.namespace,
    repository_type: 'image',
    status: 1,
    status_description: 'active',
    description: repository.description,
    is_private: repository.isPrivate,
    star_count: repository.starCount,
    pull_count: repository.pullCount,
    last_updated: iso(repository.lastUpdated),
    last_modified: iso(repository.lastUpdated),
    date_registered: iso(repository.dateRegistered),
    affiliation: '',
    media_types: [],
    content_types: ['image'],
    categories: [],
    storage_size: repository.storageSize,
  }
}

function repositoryInfo(ctx: HubApiContext, repository: RepositoryRecord, viewer: Viewer): Record<string, unknown> {
  const member = ctx.accounts.canSeePrivate(viewer?.username, repository.namespace)
  return {
    user: repository.namespace,
    ...repositoryEntry(repository),
    is_automated: false,
    collaborator_count: 0,
    hub_user: repository.namespace,
    has_starred: false,
    full_description: '',
    permissions: { read: true, write: member, admin: member },
    immutable_tags_settings: { enabled: false, rules: [] },
    source: null,
  }
}

async function listTags(
  ctx: HubApiContext,
  url: URL,
  repository: RepositoryRecord,
  reply: (status: number, body: unknown) => void,
): Promise<void> {
  const order = ordering(url, TAG_ORDERINGS, reply)
  if (order === undefined) return
  const p = paging(ctx, url, reply)
  if (!p) return
  const names = await ctx.tagDetails.tagNames(`${repository.namespace}/${repository.name}`)
  // Undocumented default, as the Hub answers in practice: most recently pushed first.
  const field = (order ?? '-last_updated').replace(/^-/, '')
  const descending = (order ?? '-last_updated').startsWith('-')
  const pushed = (name: string): number => ctx.repositories.tag(repository, name).lastPushed
  const sorted = sortBy(
    names,
    (name) => (field === 'name' ? name : pushed(name)),
    descending,
    (name) => name,
  )
  const page = pageOf(sorted, p, url, ctx.origin())
  if (!page) return reply(404, { detail: 'Page not found', message: 'Page not found' })
  const now = ctx.clock.now()
  const resolved = await mapLimited(page.results, 8, (name) =>
    ctx.tagDetails.tag(repository, name, (digest) => ctx.repositories.tag(repository, name, digest), now),
  )
  reply(200, { ...page, results: resolved.filter((tag): tag is HubTag => tag !== undefined) })
}

function userObject(account: Account, clock: Clock): Record<string, unknown> {
  return {
    id: account.id,
    username: account.username,
    full_name: account.fullName,
    location: '',
    company: '',
    profile_url: '',
    date_joined: iso(clock.now()),
    gravatar_url: '',
    gravatar_email: '',
    type: 'User',
    uid: numericId(account.username),
  }
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
