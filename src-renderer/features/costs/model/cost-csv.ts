import type { CostEstimateDto } from '../../../../src-main/contract'
import { toCsv } from '../../../lib/csv'

export const REPOSITORY_CSV_HEADER = [
  'repository',
  'unique_layer_bytes',
  'images',
  'monthly_pulls',
  'pulls_from',
  'storage_usd',
  'transfer_usd',
  'scanning_usd',
  'total_usd',
] as const
export const COST_LINES_CSV_HEADER = [
  'side',
  'line',
  'label',
  'quantity',
  'unit',
  'amount_usd',
  'figure',
  'price',
  'price_unit',
  'source',
  'as_of',
  'uncertain',
  'overridden',
] as const

/** The per-repository table, a row a repository. */
export function repositoriesCsv(estimate: CostEstimateDto): string {
  return toCsv(
    REPOSITORY_CSV_HEADER,
    estimate.perRepository.map((row) => [
      row.repository,
      row.uniqueLayerBytes,
      row.images,
      row.monthlyPulls,
      row.pullsFrom,
      row.storage,
      row.transfer,
      row.scanning,
      row.total,
    ]),
  )
}

/** Both bills, a row a cost line, each with the figure it used (so every amount is traceable in the file too). */
export function costLinesCsv(estimate: CostEstimateDto): string {
  const sides = [
    ['ecr', estimate.ecr.lines],
    ['docker-hub', estimate.dockerHub.lines],
  ] as const
  return toCsv(
    COST_LINES_CSV_HEADER,
    sides.flatMap(([side, lines]) =>
      lines.map((line) => [
        side,
        line.id,
        line.label,
        line.quantity,
        line.unit,
        line.amount,
        line.figure.id,
        line.figure.value,
        line.figure.unit,
        line.figure.source,
        line.figure.asOf,
        line.figure.uncertain === true,
        line.figure.overridden === true,
      ]),
    ),
  )
}
