import { describeHubIdentity } from '../core/credentials/hub-identity'
import { whatIf } from '../core/pricing/limits-model'
import type { PriceTables } from '../core/pricing/price-tables'
import type { UseCaseContext } from '../core/use-cases/context'
import { hubAccountLimits, limitsOverview } from '../core/use-cases/limits'
import type { Calls } from './calls'

/** Docker Hub's pull quotas, ECR's API quotas, and what a workload would ask of them. */
export function limitsCalls(
  context: UseCaseContext,
  tables: PriceTables,
): Calls<'limits.hub' | 'limits.overview' | 'limits.whatIf'> {
  return {
    'limits.hub': async ({ hubAccount }) => {
      const identity = await context.accounts.identity(hubAccount)
      const { quota, namespaces } = await hubAccountLimits(context, identity)
      return { account: describeHubIdentity(identity), quota, checkedAt: new Date().toISOString(), namespaces }
    },
    'limits.overview': async () => limitsOverview(context, tables),
    'limits.whatIf': async (args) => whatIf(tables, args),
  }
}
