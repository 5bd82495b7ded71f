import pLimit from 'p-limit'
import { formatBytes, formatQuota } from '../contract/format'
import { describeHubIdentity, hubIdentityJson } from '../core/credentials/hub-identity'
import type { HubRepository } from '../core/dockerhub/hub-types'
import type { PullQuota } from '../core/dockerhub/pull-quota'
import { withHubApi } from '../core/use-cases/hub-connection'
import { cliContext } from './cli-context'

export interface HubFlags {
  hubApi?: string
  hubRegistry?: string
  /** A saved account's name (`crossdock accounts add`). */
  account?: string
  json?: boolean
}

interface Io {
  stdout: NodeJS.WriteStream
  signal?: AbortSignal
}

/** `hub ls NAMESPACE`: repositories with visibility, tag counts, pulls, last push and size. */
export async function hubList(
  namespace: string,
  flags: HubFlags,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const context = cliContext(flags, env)
  return withHubApi(context.endpoints, await context.accounts.identity(flags.account), async (api) => {
    const repositories: HubRepository[] = []
    for await (const repository of api.repositories(namespace, { ordering: 'name', signal: io.signal }))
      repositories.push(repository)
    const limit = pLimit(4)
    const tagCounts = await Promise.all(
      repositories.map((r) => limit(() => api.tagCount(namespace, r.name, io.signal))),
    )
    const rows = repositories.map((r, i) => ({
      repository: `${namespace}/${r.name}`,
      private: r.is_private,
      tags: tagCounts[i]!,
      pulls: r.pull_count,
      lastUpdated: r.last_updated ?? null,
      sizeBytes: r.storage_size ?? null,
    }))
    if (flags.json) {
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
    } else {
      const lines = rows.map((row) =>
        [
          row.repository,
          row.private ? 'private' : 'public',
          `${row.tags} tags`,
          `${row.pulls} pulls`,
          row.sizeBytes === null ? '' : formatBytes(row.sizeBytes),
          row.lastUpdated ?? '',
        ].join('\t'),
      )
      io.stdout.write(`${lines.join('\n')}\n${rows.length} repositories in ${namespace}.\n`)
    }
    return 0
  })
}

/** `limits`: the Docker Hub pull quota, anonymous and signed in, read with free HEAD requests. */
export async function hubLimits(flags: HubFlags, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // The price tables (and zod, which checks them) load only for this command: every other one starts faster.
  const { defaultEcrQuotaRows, describeEcrQuotas } = await import('./ecr-quotas')
  const { hubQuota } = await import('../core/use-cases/limits')
  const context = cliContext(flags, env)
  const account = await context.accounts.identity(flags.account)
  const anonymousQuota = await hubQuota(context, undefined, io.signal)
  const accountQuota = account ? await hubQuota(context, account, io.signal) : undefined
  if (flags.json) {
    const withReset = (quota: PullQuota | undefined) =>
      quota?.kind === 'limited' && quota.remaining < quota.limit
        ? { ...quota, fullBy: fullQuotaBy(quota).toISOString() }
        : quota
    const dockerHub = {
      anonymous: withReset(anonymousQuota),
      ...(account ? { account: { ...hubIdentityJson(account), quota: withReset(accountQuota) } } : {}),
    }
    io.stdout.write(`${JSON.stringify({ dockerHub, ecr: defaultEcrQuotaRows() }, null, 2)}\n`)
    return 0
  }
  const lines = [`Docker Hub pulls, anonymous (this IP): ${describeQuota(anonymousQuota)}`]
  if (account && accountQuota)
    lines.push(`Docker Hub pulls, account ${describeHubIdentity(account)}: ${describeQuota(accountQuota)}`)
  else
    lines.push(
      'Docker Hub pulls, signed in: no Docker Hub account (crossdock accounts add, docker login, or ' +
        'CROSSDOCK_HUB_USER and CROSSDOCK_HUB_TOKEN).',
    )
  io.stdout.write(`${lines.join('\n')}\n\n${describeEcrQuotas()}\n`)
  return 0
}

/** The quota as the UI says it, and when a spent part of it is certainly back. */
export function describeQuota(quota: PullQuota, now: Date = new Date()): string {
  // The window rolls, so there is no one reset: each pull comes back a window after it was made.
  const reset =
    quota.kind === 'limited' && quota.remaining < quota.limit
      ? `; all back by ${fullQuotaBy(quota, now).toTimeString().slice(0, 5)} at the latest`
      : ''
  return `${formatQuota(quota)}${reset}`
}

/** When a rolling window has certainly returned every pull made so far: one window from now. */
export function fullQuotaBy(quota: Extract<PullQuota, { kind: 'limited' }>, now: Date = new Date()): Date {
  return new Date(now.getTime() + quota.windowSeconds * 1000)
}
