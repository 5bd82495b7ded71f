import type { IncomingMessage, ServerResponse } from 'node:http'
import { refusedAsAbuse } from './abuse-limit'
import type { Account, Accounts } from './accounts'
import { basicCredentials, clientAddress, logRequest, sendJson, type LoggedRequest } from './http-util'
import type { JwtClaims, JwtSigner } from './jwt'
import { SERVICE, type Clock } from './options'
import type { Repositories } from './repositories'
import type { WindowLimiter } from './window-limiter'

/**
 * The registry token service (auth.docker.io): `GET /token?service=registry.docker.io&scope=repository:NS/REPO:pull`
 * with optional Basic credentials (password or personal access token). Per the token spec (docker/docs
 * reference/api/registry/auth.md), asking for more than one may do is not an error: the token just carries fewer
 * actions. Anonymous callers get pull on public repositories only; nobody gets push (the emulator is read-only
 * through its front), and an unknown repository is granted nothing, exactly like a private one.
 */

export interface Grant {
  type: string
  name: string
  actions: string[]
}

export interface RegistryClaims extends JwtClaims {
  /** Account id; '' for anonymous. */
  sub: string
  username?: string
  access: Grant[]
}

export interface TokenServiceContext {
  accounts: Accounts
  repositories: Repositories
  clock: Clock
  signer: JwtSigner
  lifetimeSeconds: number
  abuse: WindowLimiter | undefined
  clientAddressHeader: string | undefined
  log: LoggedRequest[]
}

function parseScope(text: string): Grant | undefined {
  const first = text.indexOf(':')
  const last = text.lastIndexOf(':')
  if (first <= 0 || last === first) return undefined
  return {
    type: text.slice(0, first),
    name: text.slice(first + 1, last),
    actions: text
      .slice(last + 1)
      .split(',')
      .filter(Boolean),
  }
}

function grant(ctx: TokenServiceContext, account: Account | undefined, scope: Grant): string[] {
  if (scope.type !== 'repository' || !scope.actions.includes('pull')) return []
  const repository = ctx.repositories.get(scope.name)
  if (!repository) return []
  const may = !repository.isPrivate || ctx.accounts.canSeePrivate(account?.username, repository.namespace)
  return may ? ['pull'] : []
}

export function tokenServiceHandler(ctx: TokenServiceContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const entry = logRequest(ctx.log, 'auth', req, res, clientAddress(req, ctx.clientAddressHeader), ctx.clock)
    req.resume()
    if (refusedAsAbuse(ctx.abuse, entry, res, ctx.clock)) return
    const url = new URL(req.url ?? '/', 'http://auth')
    if (url.pathname !== '/token') return sendJson(res, 404, { details: 'not found' })
    if (req.method !== 'GET') return sendJson(res, 405, { details: 'method not allowed' })
    if (url.searchParams.get('service') !== SERVICE)
      return sendJson(res, 400, { details: `unknown service; expected ${SERVICE}` })

    let account: Account | undefined
    if (req.headers.authorization !== undefined) {
      const credentials = basicCredentials(req)
      account = credentials && ctx.accounts.authenticate(credentials.user, credentials.secret)
      if (!account) return sendJson(res, 401, { details: 'incorrect username or password' })
      entry.user = account.username
    }
    const asked = url.searchParams
      .getAll('scope')
      .flatMap((value) => value.split(' '))
      .filter(Boolean)
    const access: Grant[] = []
    for (const text of asked) {
      const scope = parseScope(text)
      const actions = scope ? grant(ctx, account, scope) : []
      if (scope && actions.length > 0) access.push({ type: scope.type, name: scope.name, actions })
    }
    const now = ctx.clock.now()
    const iat = Math.floor(now / 1000)
    const token = ctx.signer.sign({
      iss: 'auth.docker.io',
      aud: SERVICE,
      sub: account?.id ?? '',
      ...(account ? { username: account.username } : {}),
      access,
      iat,
      exp: iat + ctx.lifetimeSeconds,
    })
    sendJson(res, 200, {
      token,
      access_token: token,
      expires_in: ctx.lifetimeSeconds,
      issued_at: new Date(now).toISOString(),
    })
  }
}
