import { describeHubIdentity, type HubIdentity } from '../credentials/hub-identity'
import type { PullQuota } from '../dockerhub/pull-quota'
import { probeHubQuota } from '../dockerhub/quota-probe'
import { DEFAULT_JOBS } from '../migration/copy-engine'
import { ecrQuotaRows, type EcrQuotaRow } from '../pricing/limits-model'
import { namedFigures, type PriceTables } from '../pricing/price-tables'
import { withHubApi } from './hub-connection'
import type { UseCaseContext } from './context'

/** `limits` and `limits.*`: the pull quota of one Docker Hub identity (anonymous: this IP's), with a free HEAD. */
export function hubQuota(
  context: UseCaseContext,
  identity: HubIdentity | undefined,
  signal?: AbortSignal,
): Promise<PullQuota> {
  return probeHubQuota(identity?.credential, context.endpoints.registry, signal)
}

/** An identity's quota and the namespaces it can see (its own and its organisations'). */
export async function hubAccountLimits(
  context: UseCaseContext,
  identity: HubIdentity | undefined,
  signal?: AbortSignal,
): Promise<{ quota: PullQuota; namespaces: string[] }> {
  const [quota, namespaces] = await Promise.all([
    hubQuota(context, identity, signal),
    withHubApi(context.endpoints, identity, (api) => api.namespaces(signal)),
  ])
  return { quota, namespaces }
}

/** ECR's API quotas beside what a migration at the default concurrency asks of each. */
export function migrationEcrQuotas(tables: PriceTables): EcrQuotaRow[] {
  return ecrQuotaRows(tables, DEFAULT_JOBS)
}

/** `limits.overview`: every identity's quota (anonymous and each account), ECR's quotas, and Docker Hub's limits. */
export async function limitsOverview(context: UseCaseContext, tables: PriceTables, signal?: AbortSignal) {
  const names = [undefined, ...(await context.accounts.list()).map((account) => account.name)]
  const hub = await Promise.all(
    names.map(async (name) => {
      const identity = name === undefined ? undefined : await context.accounts.identity(name)
      const quota = await hubQuota(context, identity, signal)
      return { account: describeHubIdentity(identity), quota, checkedAt: new Date().toISOString() }
    }),
  )
  const figures = namedFigures(tables)
  const hubLimits = ['dockerHub.anonymousPullLimit', 'dockerHub.plans.personal.pullLimit', 'dockerHub.pullWindow'].map(
    (id) => figures.get(id)!,
  )
  return { hub, ecr: migrationEcrQuotas(tables), hubLimits }
}
