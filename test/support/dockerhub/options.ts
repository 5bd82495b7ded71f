import type { RunningRegistry } from '../registry'

/** Milliseconds since the epoch; injectable so tests can end windows and expire tokens without waiting. */
export interface Clock {
  now(): number
}

export const realClock: Clock = { now: () => Date.now() }

/** A clock that only moves when told to. */
export interface ManualClock extends Clock {
  advance(ms: number): void
  set(ms: number): void
}

export function createManualClock(startMs = Date.now()): ManualClock {
  let current = startMs
  return {
    now: () => current,
    advance: (ms) => {
      current += ms
    },
    set: (ms) => {
      current = ms
    },
  }
}

/** Docker's plans: paid ones pull without a limit (docker/docs usage/pulls.md). */
export type Plan = 'personal' | 'pro' | 'team' | 'business'

export interface SeedUser {
  username: string
  password?: string
  /** Personal access tokens (`dckr_pat_…`); each works wherever the password does. */
  accessTokens?: string[]
  /** Default 'personal'. */
  plan?: Plan
  /** Overrides the authenticated pull limit for this user; 'unlimited' behaves like a paid plan. */
  pullLimit?: number | 'unlimited'
  /** Account id, shown as `docker-ratelimit-source`; default a stable 32-hex id derived from the username. */
  id?: string
  fullName?: string
}

export interface SeedOrg {
  name: string
  /** Usernames; members see the organisation's private repositories. */
  members: string[]
  fullName?: string
  id?: string
}

export interface SeedTag {
  /** ISO time or Date; default the time the emulator first saw the tag (or a new digest under it). */
  lastPushed?: string | Date
  lastPulled?: string | Date | null
}

export interface SeedRepository {
  namespace: string
  name: string
  isPrivate?: boolean
  description?: string
  starCount?: number
  /** Pulls before the emulator started; counted pulls are added on top. */
  pullCount?: number
  lastUpdated?: string | Date
  dateRegistered?: string | Date
  /** Bytes; default null (the field is nullable in the Hub schema). */
  storageSize?: number | null
  /** Push/pull times per tag name; the tags themselves are whatever the backing registry holds. */
  tags?: Record<string, SeedTag>
}

export interface DockerHubSeed {
  users?: SeedUser[]
  orgs?: SeedOrg[]
  repositories?: SeedRepository[]
}

export interface FixedWindowLimit {
  requests: number
  perSeconds: number
}

export interface DockerHubEmulatorOptions {
  seed?: DockerHubSeed
  /** Image data comes from this registry (not stopped by `stop`); default: start one. */
  registry?: RunningRegistry
  clock?: Clock
  /** Pull limits; default 100 anonymous / 200 authenticated per 21600 s (docker/docs usage/pulls.md). */
  pullLimit?: { anonymous?: number; authenticated?: number; windowSeconds?: number }
  /**
   * Whether a GET of an index (manifest list) costs a pull too. Default false: the docs count "one pull for each
   * different architecture", i.e. per platform manifest fetched.
   */
  countIndexGets?: boolean
  /**
   * Whether manifest answers carry `ratelimit-*` headers (default true). false omits them while the quota still
   * counts and refuses: Docker documents that the headers may be absent, so a client cannot rely on them.
   */
  rateLimitHeaders?: boolean
  /** Docker's abuse limit ("thousands of requests per minute" per IP); default 5000 per 60 s; false = none. */
  abuseLimit?: FixedWindowLimit | false
  /** The Hub API's own per-minute limit; default 600 per 60 s (Docker publishes no number); false = none. */
  hubApiLimit?: FixedWindowLimit | false
  /** Hub API access tokens; default 600 s ("expires in 10 minutes", Hub API reference). */
  hubTokenLifetimeSeconds?: number
  /** Registry tokens from the token service (`expires_in`); default 300. */
  registryTokenLifetimeSeconds?: number
  /** Lifetime of the CDN's signed blob URLs; default 1200. */
  cdnUrlLifetimeSeconds?: number
  /** HEAD of a blob answers with the CDN redirect too (default), or directly from the registry. */
  blobHead?: 'redirect' | 'direct'
  /** `page_size` over 100: 400 (default; the schema's maximum) or silently capped. */
  pageSizeOverMax?: 'reject' | 'cap'
  /**
   * Read the client's address from this request header instead of the socket, so that a test can act as several
   * IPs on loopback. Off by default.
   */
  clientAddressHeader?: string
}

export const SERVICE = 'registry.docker.io'
export const DEFAULT_ANONYMOUS_PULLS = 100
export const DEFAULT_AUTHENTICATED_PULLS = 200
export const DEFAULT_WINDOW_SECONDS = 21_600

export function toIso(value: string | Date | undefined | null, fallback: number): string {
  if (value === null || value === undefined) return new Date(fallback).toISOString()
  return (value instanceof Date ? value : new Date(value)).toISOString()
}
