import type { EcrQuotaRow } from '../core/pricing/limits-model'
import { loadPriceTables } from '../core/pricing/price-tables'
import { migrationEcrQuotas } from '../core/use-cases/limits'

/** The ECR quota rows for a migration with the default concurrency. */
export function defaultEcrQuotaRows(): EcrQuotaRow[] {
  return migrationEcrQuotas(loadPriceTables())
}

export function describeEcrQuotas(): string {
  const rows = defaultEcrQuotaRows()
  const width = Math.max(...rows.map((row) => row.api.length))
  const peak = (row: EcrQuotaRow) =>
    row.migrationPeak === undefined ? '' : ` (a migration: ≤ ${row.migrationPeak >= 1 ? row.migrationPeak : '<1'}/s)`
  const lines = rows.map(
    (row) => `  ${row.api.padEnd(width)}  ${String(row.perSecond).padStart(5)}/s  ${row.usedBy}${peak(row)}`,
  )
  const { quotas } = loadPriceTables()
  return [
    `Amazon ECR API quotas per account and Region (${rows[0]!.source}, checked ${quotas.asOf}):`,
    ...lines,
    `  ${quotas.note}`,
  ].join('\n')
}
