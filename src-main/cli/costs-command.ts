import { formatBytes } from '../contract/format'
import { estimateMigrationCosts } from '../core/use-cases/costs'
import type { CostAssumptions, CostEstimate, CostLine } from '../core/pricing/cost-model'
import { loadPriceTables } from '../core/pricing/price-tables'
import { cliContext } from './cli-context'
import { migrationSpec, withServices, type MigrateFlags, type MigrateIo } from './migrate-command'
import { UsageError } from './usage-error'

export interface CostsFlags
  extends Pick<
    MigrateFlags,
    'from' | 'to' | 'profile' | 'account' | 'dropNamespace' | 'tags' | 'excludeTags' | 'hubApi' | 'hubRegistry' | 'json'
  > {
  hubPlan: CostAssumptions['hubPlan']
  seats: number
  billing: CostAssumptions['hubBilling']
  pulls?: number
  internetShare: number
  crossRegionShare: number
  natShare: number
  enhancedScanning?: boolean
  growth: number
  price: string[]
}

/**
 * `costs`: each side's monthly bill for the namespace as it is, the difference, a year ahead, and the move's own cost.
 */
export async function costs(flags: CostsFlags, io: MigrateIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const spec = migrationSpec({ ...flags, mutability: 'mutable' }, env)
  const assumptions = costAssumptions(flags)
  const estimate = await withServices(cliContext(flags, env), spec, io, (services) =>
    estimateMigrationCosts(spec, services, loadPriceTables(), assumptions),
  )
  io.stdout.write(
    flags.json ? `${JSON.stringify({ ...estimate, assumptions }, null, 2)}\n` : describeCosts(estimate, assumptions),
  )
  return 0
}

function costAssumptions(flags: CostsFlags): CostAssumptions {
  const share = (value: number, flag: string): number => {
    if (!(value >= 0 && value <= 1)) throw new UsageError(`${flag} is a share from 0 to 1 (got ${value}).`)
    return value
  }
  if (flags.internetShare + flags.crossRegionShare > 1)
    throw new UsageError('--internet-share and --cross-region-share add up to more than 1.')
  const overrides = Object.fromEntries(
    flags.price.map((pair) => {
      const match = /^([A-Za-z0-9.]+)=(\d+(?:\.\d+)?)$/.exec(pair)
      if (!match)
        throw new UsageError(
          `--price takes FIGURE=VALUE, e.g. ecr.storagePerGbMonth=0.095 (got "${pair}"); --json lists the figures.`,
        )
      return [match[1]!, Number(match[2])]
    }),
  )
  return {
    hubPlan: flags.hubPlan,
    hubSeats: flags.seats,
    hubBilling: flags.billing,
    monthlyPulls: {},
    ...(flags.pulls === undefined ? {} : { pullsPerRepository: flags.pulls }),
    internetShare: share(flags.internetShare, '--internet-share'),
    crossRegionShare: share(flags.crossRegionShare, '--cross-region-share'),
    natGatewayShare: share(flags.natShare, '--nat-share'),
    enhancedScanning: flags.enhancedScanning ?? false,
    monthlyGrowthPercent: flags.growth,
    overrides,
  }
}

const usd = (amount: number): string => `${amount < 0 ? '−' : ''}$${Math.abs(amount).toFixed(2)}`
/** Unit prices keep their own precision ($0.045/GB is not $0.04). */
const unitUsd = (price: number): string => `$${Number(price.toFixed(4))}`

function describeLine(line: CostLine): string {
  const marks = `${line.figure.uncertain ? '?' : ''}${line.figure.overridden ? ' (yours)' : ''}`
  const unitPrice = `${unitUsd(line.figure.value)}${marks}`
  return (
    `  ${line.label.padEnd(62)} ${line.quantity.toFixed(2).padStart(10)} ${line.unit.padEnd(9)} × ` +
    `${unitPrice.padEnd(14)} = ${usd(line.amount)}`
  )
}

export function describeCosts(e: CostEstimate, a: CostAssumptions): string {
  const last = e.projection.at(-1)!
  const year = (side: 'ecr' | 'dockerHub') => e.projection.reduce((sum, month) => sum + month[side], 0)
  const uncertain = e.figures.filter(
    (f) => f.uncertain && [...e.ecr.lines, ...e.dockerHub.lines].some((line) => line.figure.id === f.id),
  )
  const lines = [
    `Monthly costs in USD (prices: Docker Hub as of ${e.tables.dockerHub}, Amazon ECR ${e.region} as of ` +
      `${e.tables.ecr}; ? = uncertain figure)`,
    'Amazon ECR',
    ...e.ecr.lines.map(describeLine),
    `  ${'total'.padEnd(62)} ${usd(e.ecr.total).padStart(52)}`,
    `Docker Hub (${e.dockerHub.plan}, ${e.dockerHub.seats} seat${e.dockerHub.seats === 1 ? '' : 's'}, ` +
      `${e.dockerHub.billing} billing${pullLimitText(e.dockerHub.pullLimit)})`,
    ...e.dockerHub.lines.map(describeLine),
    `  ${'total'.padEnd(62)} ${usd(e.dockerHub.total).padStart(52)}`,
    `  ${e.dockerHub.advice}`,
    '',
    `ECR minus Docker Hub: ${usd(e.monthlyDifference)} a month. Next 12 months (growth ` +
      `${a.monthlyGrowthPercent}% a month): ECR ${usd(year('ecr'))} (month 12: ${usd(last.ecr)}), ` +
      `Docker Hub ${usd(year('dockerHub'))}.`,
    '',
    'Per repository (ECR, a month):',
    ...e.perRepository.map(
      (r) =>
        `  ${r.repository.padEnd(40)} ${formatBytes(r.uniqueLayerBytes).padStart(9)} stored  ` +
        `${String(Math.round(r.monthlyPulls)).padStart(7)} pulls (${r.pullsFrom})  ${usd(r.total)}`,
    ),
    '',
    `The migration: ${e.migration.dockerHubPulls} Docker Hub pulls, ${formatBytes(e.migration.storageAddedBytes)} ` +
      `added to ECR (${usd(e.migration.monthlyStorageAdded)} a month), ${usd(e.migration.transfer)} once.`,
    '',
    ...e.notes.map((note) => `Note: ${note}`),
    ...(uncertain.length > 0
      ? [
          'Uncertain figures in these totals (override with --price ID=VALUE):',
          ...uncertain.map((f) => `  ${f.id} = ${f.value} ${f.unit} (${f.source})`),
        ]
      : []),
  ]
  return `${lines.join('\n')}\n`
}

function pullLimitText(limit: { pulls: number; windowHours: number } | undefined): string {
  return limit ? `; ${limit.pulls} pulls per ${limit.windowHours} h per user` : '; no pull limit'
}
