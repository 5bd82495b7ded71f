import { probePullQuota } from '../core/dockerhub/quota-probe'
import type { CopyPair } from '../core/migration/copy-engine'
import { estimatePulls, type PullEstimate } from '../core/migration/pull-estimate'
import type { PullQuota } from '../core/dockerhub/pull-quota'
import { describeQuota } from './hub-command'
import type { RegistryPools } from '../core/migration/registry-pools'

/**
 * Before copying from Docker Hub: how many pulls the copy needs against what the quota has left, all read
 * with free HEADs. The copy itself then waits for the quota where it must, so this only informs.
 */
export async function announcePullPlan(
  pairs: Iterable<CopyPair>,
  pools: Pick<RegistryPools, 'source' | 'destination'>,
  stderr: NodeJS.WritableStream,
  signal?: AbortSignal,
): Promise<void> {
  const estimate = await estimatePulls(pairs, {
    source: (r) => pools.source.client(r),
    destination: (r) => pools.destination.client(r),
    signal,
  })
  const hub = pools.source.client('docker.io')
  const [quota, account] = await Promise.all([probePullQuota(hub, signal), pools.source.account('docker.io')])
  stderr.write(`${describePullPlan(estimate, quota, account)}\n`)
}

/** `account`: who the pulls are counted against (a user name), or undefined for anonymous (this IP). */
export function describePullPlan(estimate: PullEstimate, quota: PullQuota, account?: string): string {
  const atLeast = estimate.indexesUncounted > 0 ? 'at least ' : ''
  const needs =
    `Docker Hub (${account ? `as ${account}` : 'anonymous'}): ${atLeast}${estimate.pulls} pulls for ` +
    `${estimate.tagsToCopy} tags to copy (${estimate.tagsUpToDate} already up to date cost none)`
  if (quota.kind === 'unlimited') return `${needs}; no pull limit applies.`
  const short = estimate.pulls - quota.remaining
  const pauses = short > 0 ? Math.ceil(short / Math.max(quota.limit, 1)) : 0
  return (
    `${needs}; quota: ` +
    `${describeQuota(quota)}.` +
    `${pauses > 0 ? ` The copy will pause about ${pauses} time${pauses > 1 ? 's' : ''} for the window to move.` : ''}`
  )
}
