import type { PullQuota } from '../dockerhub/pull-quota'
import type { MigrationPlan } from './migration-plan'

// A plain assumption, said next to the estimate: a workstation's share of Docker Hub and ECR.
export const ASSUMED_BYTES_PER_SECOND = 25e6

/** Seconds to move the plan's bytes at the assumed rate, and the longest wait for the pull quota it may meet. */
export function planEstimate(
  plan: MigrationPlan,
  quota: PullQuota,
): { seconds: number; quotaWaitSeconds: number; assumption: string } {
  const seconds = plan.totals.bytes / ASSUMED_BYTES_PER_SECOND
  const short = quota.kind === 'limited' ? plan.totals.pulls - quota.remaining : 0
  const quotaWaitSeconds =
    quota.kind === 'limited' && short > 0 ? Math.ceil(short / Math.max(quota.limit, 1)) * quota.windowSeconds : 0
  return { seconds, quotaWaitSeconds, assumption: `${ASSUMED_BYTES_PER_SECOND / 1e6} MB/s` }
}
