import { repositoryUsage } from '../inventory/repository-usage'
import { listSources, planFromListings, type MigrationServices } from '../migration/migration-run'
import type { MigrationSpec } from '../migration/migration-spec'
import { estimateCosts, type CostAssumptions, type CostEstimate } from '../pricing/cost-model'
import type { PriceTables } from '../pricing/price-tables'

/**
 * What moving a namespace (or a selection of it) to ECR costs each month, from its real listings: the sizes
 * and pull history on Docker Hub, and the plan against what ECR already holds (for the pulls the move spends).
 */
export async function estimateMigrationCosts(
  spec: MigrationSpec,
  services: MigrationServices,
  tables: PriceTables,
  assumptions: CostAssumptions,
): Promise<CostEstimate> {
  const listings = await listSources(spec, services)
  const { plan } = await planFromListings(spec, listings, services)
  return estimateCosts(
    tables,
    listings.map((listing) => repositoryUsage(listing)),
    assumptions,
    plan.totals.pulls,
  )
}
