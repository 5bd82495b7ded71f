import { probePullQuota } from '../dockerhub/quota-probe'
import type { PullQuota } from '../dockerhub/pull-quota'
import type { MigrationPlan } from '../migration/migration-plan'
import { planJob, type MigrationServices } from '../migration/migration-run'
import type { MigrationSpec } from '../migration/migration-spec'
import { planEstimate } from '../migration/plan-estimate'
import { GB } from '../pricing/cost-model'
import { namedFigures, type NamedFigure, type PriceTables } from '../pricing/price-tables'

/** What a migration would do, and what it would spend: pulls against the live quota, time, storage cost. */
export interface MigrationPreview {
  plan: MigrationPlan
  quota: PullQuota
  estimate: ReturnType<typeof planEstimate>
  /** What ECR storage the copied bytes add each month, at the table's price. */
  monthlyCostDelta: { amount: number; storageBytes: number; figure: NamedFigure }
}

/** `migrate --dry-run` and `migrate.plan`: lists both sides and plans; nothing is pulled and nothing written. */
export async function previewMigration(
  spec: MigrationSpec,
  services: MigrationServices,
  tables: PriceTables,
): Promise<MigrationPreview> {
  const [{ plan }, quota] = await Promise.all([
    planJob(spec, services),
    probePullQuota(services.source('docker.io'), services.signal),
  ])
  const storagePrice = namedFigures(tables).get('ecr.storagePerGbMonth')!
  return {
    plan,
    quota,
    estimate: planEstimate(plan, quota),
    monthlyCostDelta: {
      amount: (plan.totals.bytes / GB) * storagePrice.value,
      storageBytes: plan.totals.bytes,
      figure: storagePrice,
    },
  }
}
