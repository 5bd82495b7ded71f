import type { CostEstimateDto } from '../contract'
import type { PriceTables } from '../core/pricing/price-tables'
import { withMigrationServices } from '../core/use-cases/connections'
import type { UseCaseContext } from '../core/use-cases/context'
import { estimateMigrationCosts } from '../core/use-cases/costs'
import type { Calls } from './calls'
import { migrationSpecOf } from './migration-spec-of'

// A cost estimate plans a copy to price it; repository settings do not change what it costs.
const NO_SETTINGS = { immutableTags: false, scanOnPush: false, encryption: { type: 'AES256' } } as const

/** What each side costs a month for a namespace or a selection of it, and what moving it costs. */
export function costsCalls(context: UseCaseContext, tables: PriceTables): Calls<'costs.estimate'> {
  return {
    'costs.estimate': async (args): Promise<CostEstimateDto> => {
      const spec = migrationSpecOf({
        ...args,
        selection: (args.selection ?? []).map((repository) => ({ repository })),
        settings: NO_SETTINGS,
        referrers: false,
        acceptLifecycleExpiry: false,
      })
      const estimate = await withMigrationServices(context, spec, {}, (services) =>
        estimateMigrationCosts(spec, services, tables, args.assumptions),
      )
      return { ...estimate, assumptions: args.assumptions }
    },
  }
}
