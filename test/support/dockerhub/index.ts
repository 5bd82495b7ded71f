import { Agent, createServer, type Server } from 'node:http'
import { Agent as UndiciAgent } from 'undici'
import { closeServer, listenOnLoopback } from '../loopback-server'
import { startRegistry, type RunningRegistry } from '../registry'
import { Accounts } from './accounts'
import { cdnHandler, UrlSigner } from './cdn'
import { hubApiHandler } from './hub-api'
import type { LoggedRequest } from './http-util'
import { JwtSigner } from './jwt'
import {
  DEFAULT_ANONYMOUS_PULLS,
  DEFAULT_AUTHENTICATED_PULLS,
  DEFAULT_WINDOW_SECONDS,
  realClock,
  SERVICE,
  type DockerHubEmulatorOptions,
  type SeedOrg,
  type SeedRepository,
  type SeedUser,
} from './options'
import { PullQuota, type QuotaState } from './pull-quota'
import { basePolicy, registryFrontHandler } from './registry-front'
import { Repositories } from './repositories'
import { TagDetails } from './tag-details'
import { tokenServiceHandler } from './token-service'
import { WindowLimiter } from './window-limiter'

export { createManualClock, SERVICE } from './options'
export type {
  Clock,
  DockerHubEmulatorOptions,
  DockerHubSeed,
  ManualClock,
  Plan,
  SeedOrg,
  SeedRepository,
  SeedTag,
  SeedUser,
} from './options'
export type { LoggedRequest, Origin } from './http-util'
export type { QuotaState } from './pull-quota'
export { PULL_LIMIT_MESSAGE } from './registry-front'

export interface DockerHubEmulator {
  /** `http://127.0.0.1:PORT` of the Hub API (hub.docker.com). */
  hubUrl: string
  /** `http://127.0.0.1:PORT` of the token service (auth.docker.io); the token endpoint is `${authUrl}/token`. */
  authUrl: string
  /** `http://127.0.0.1:PORT` of the registry front (registry-1.docker.io). */
  registryUrl: string
  /** `127.0.0.1:PORT` of the registry front, for image references. */
  registryHost: string
  /** `http://127.0.0.1:PORT` of the blob CDN. */
  cdnUrl: string
  /** `registry.docker.io`: the `service` of tokens and challenges. */
  service: string
  /** The backing registry, without auth: seed it and inspect it directly (pulls made there cost nothing). */
  registry: RunningRegistry
  /** Every request per origin, in arrival order. */
  logs: { hub: LoggedRequest[]; auth: LoggedRequest[]; registry: LoggedRequest[]; cdn: LoggedRequest[] }
  resetLogs(): void
  /** The rate-limit source of a user (its account id, as in `docker-ratelimit-source`); throws for unknown users. */
  sourceOf(username: string): string
  /** Pulls counted per rate-limit source (client IP or account id) since the start, across windows. */
  pullCounts(): Record<string, number>
  /** Pulls counted for one identity: a username, an account id or a client address (default 127.0.0.1). */
  pulls(identity?: string): number
  /** The pull quota of an identity as the front would report it now; 'unlimited' for paid users. */
  quota(identity?: string): QuotaState | 'unlimited'
  /** Test control: change an identity's limit for good and/or what is left of its current window. */
  setQuota(identity: string, o: { limit?: number | 'unlimited'; remaining?: number }): void
  /** Ends the current pull window of an identity (or of all), as if its time had run out. */
  advanceWindow(identity?: string): void
  /** Resets the Hub API and abuse limiters' windows. */
  resetRequestLimits(): void
  addRepository(repository: SeedRepository): void
  addUser(user: SeedUser): void
  addOrg(org: SeedOrg): void
  /** Stops the four servers, and the backing registry if the emulator started it. */
  stop(): Promise<void>
}

/**
 * Starts a Docker Hub emulator on four loopback origins (Hub API, token service, registry front, blob CDN) backed by
 * one real `docker-registry`. See `options.ts` for the knobs and each module for the documented behaviour it copies.
 */
export async function startDockerHubEmulator(options: DockerHubEmulatorOptions = {}): Promise<DockerHubEmulator> {
  const clock = options.clock ?? realClock
  const seed = options.seed ?? {}
  const backend = options.registry ?? (await startRegistry())
  const ownsBackend = options.registry === undefined
  const accounts = new Accounts(seed)
  const repositories = new Repositories(clock, seed.repositories ?? [])
  const quota = new PullQuota(clock)
  const logs = {
    hub: [] as LoggedRequest[],
    auth: [] as LoggedRequest[],
    registry: [] as LoggedRequest[],
    cdn: [] as LoggedRequest[],
  }
  const abuseLimit = options.abuseLimit === undefined ? { requests: 5000, perSeconds: 60 } : options.abuseLimit
  const hubApiLimit = options.hubApiLimit === undefined ? { requests: 600, perSeconds: 60 } : options.hubApiLimit
  // One abuse limiter for every Hub property: the limit is per client, across web, API and pulls.
  const abuse = abuseLimit ? new WindowLimiter(abuseLimit, clock) : undefined
  const hubLimiter = hubApiLimit ? new WindowLimiter(hubApiLimit, clock) : undefined
  const pullDefaults = {
    anonymous: options.pullLimit?.anonymous ?? DEFAULT_ANONYMOUS_PULLS,
    authenticated: options.pullLimit?.authenticated ?? DEFAULT_AUTHENTICATED_PULLS,
    windowSeconds: options.pullLimit?.windowSeconds ?? DEFAULT_WINDOW_SECONDS,
  }
  const clientAddressHeader = options.clientAddressHeader
  const agent = new Agent({ keepAlive: true })
  const undiciAgent = new UndiciAgent({ connections: 8 })
  const urlSigner = new UrlSigner(clock, options.cdnUrlLifetimeSeconds ?? 1200)
  const hosts = { hub: '', auth: '', registry: '', cdn: '' }

  const servers: Server[] = [
    createServer(
      hubApiHandler({
        accounts,
        repositories,
        tagDetails: new TagDetails(backend.url, undiciAgent),
        clock,
        signer: new JwtSigner(),
        tokenLifetimeSeconds: options.hubTokenLifetimeSeconds ?? 600,
        limiter: hubLimiter,
        abuse,
        pageSizeOverMax: options.pageSizeOverMax ?? 'reject',
        clientAddressHeader,
        log: logs.hub,
        origin: () => `http://${hosts.hub}`,
      }),
    ),
  ]
  const registrySigner = new JwtSigner()
  servers.push(
    createServer(
      tokenServiceHandler({
        accounts,
        repositories,
        clock,
        signer: registrySigner,
        lifetimeSeconds: options.registryTokenLifetimeSeconds ?? 300,
        abuse,
        clientAddressHeader,
        log: logs.auth,
      }),
    ),
    createServer(
      registryFrontHandler({
        accounts,
        repositories,
        backend,
        agent,
        clock,
        signer: registrySigner,
        quota,
        pullDefaults,
        countIndexGets: options.countIndexGets ?? false,
        rateLimitHeaders: options.rateLimitHeaders ?? true,
        urlSigner,
        blobHead: options.blobHead ?? 'redirect',
        abuse,
        clientAddressHeader,
        log: logs.registry,
        authHost: () => hosts.auth,
        frontOrigin: () => `http://${hosts.registry}`,
        cdnOrigin: () => `http://${hosts.cdn}`,
      }),
    ),
    createServer(
      cdnHandler({ signer: urlSigner, dataDir: backend.dataDir, clock, clientAddressHeader, log: logs.cdn }),
    ),
  )
  for (const server of servers) server.keepAliveTimeout = 30_000

  const listening: Server[] = []
  const closeAll = async (): Promise<void> => {
    await Promise.all(listening.map((server) => closeServer(server)))
    agent.destroy()
    await undiciAgent.close()
    if (ownsBackend) await backend.stop()
  }
  try {
    const names = ['hub', 'auth', 'registry', 'cdn'] as const
    for (const [i, name] of names.entries()) {
      hosts[name] = await listenOnLoopback(servers[i]!)
      listening.push(servers[i]!)
    }
  } catch (error) {
    await closeAll()
    throw error
  }

  /** A username, an account id, or a client address → the rate-limit source, and the account if any. */
  const resolve = (identity = '127.0.0.1'): { source: string; account: ReturnType<Accounts['user']> } => {
    const account = accounts.user(identity)
    return account ? { source: account.id, account } : { source: identity, account: undefined }
  }
  const policyOf = (identity?: string): { source: string; base: ReturnType<typeof basePolicy> } => {
    const { source, account } = resolve(identity)
    return { source, base: basePolicy(pullDefaults, account) }
  }

  let stopping: Promise<void> | undefined
  return {
    hubUrl: `http://${hosts.hub}`,
    authUrl: `http://${hosts.auth}`,
    registryUrl: `http://${hosts.registry}`,
    registryHost: hosts.registry,
    cdnUrl: `http://${hosts.cdn}`,
    service: SERVICE,
    registry: backend,
    logs,
    resetLogs: () => {
      for (const log of Object.values(logs)) log.splice(0)
    },
    sourceOf: (username) => {
      const account = accounts.user(username)
      if (!account) throw new Error(`no user ${username} in the emulator's seed`)
      return account.id
    },
    pullCounts: () => quota.counts(),
    pulls: (identity) => quota.counts()[resolve(identity).source] ?? 0,
    quota: (identity) => {
      const { source, base } = policyOf(identity)
      const policy = quota.policy(source, base)
      return policy === 'unlimited' ? 'unlimited' : quota.state(source, policy)
    },
    setQuota: (identity, o) => {
      const { source, base } = policyOf(identity)
      quota.set(source, o, base)
    },
    advanceWindow: (identity) => quota.endWindow(identity === undefined ? undefined : resolve(identity).source),
    resetRequestLimits: () => {
      abuse?.reset()
      hubLimiter?.reset()
    },
    addRepository: (repository) => repositories.add(repository),
    addUser: (user) => accounts.addUser(user),
    addOrg: (org) => accounts.addOrg(org),
    stop: () => (stopping ??= closeAll()),
  }
}
