import { namedFigures, type HubPlan, type NamedFigure, type PriceTables } from './price-tables'

/** ECR bills storage and transfer per GB of 2^30 bytes. */
export const GB = 1024 ** 3
// Continuous enhanced scanning rescans an image when new findings appear; once a month is the assumption.
const RESCANS_PER_IMAGE_PER_MONTH = 1

/** One repository as the cost model sees it. */
export interface RepositoryUsage {
  repository: string
  /** Compressed bytes of the distinct layers (and configs) of its images: what ECR stores for it. */
  uniqueLayerBytes: number
  /** Image manifests (each platform of an index counts): what enhanced scanning charges for. */
  images: number
  /** Monthly pulls from Docker Hub's pull history, when known. */
  historyMonthlyPulls?: number
  /** Bytes one pull moves (the image a node lacks entirely: an upper bound). */
  bytesPerPull: number
}

export interface CostAssumptions {
  hubPlan: HubPlan
  hubSeats: number
  hubBilling: 'monthly' | 'annual'
  /** Monthly pulls per repository; those left out use `pullsPerRepository`, else the history. */
  monthlyPulls: Readonly<Record<string, number>>
  pullsPerRepository?: number
  crossRegionShare: number
  internetShare: number
  natGatewayShare: number
  enhancedScanning: boolean
  monthlyGrowthPercent: number
  overrides: Readonly<Record<string, number>>
}

export interface CostLine {
  id: string
  label: string
  quantity: number
  unit: string
  amount: number
  figure: NamedFigure
}

export interface CostEstimate {
  currency: 'USD'
  tables: { dockerHub: string; ecr: string }
  region: string
  ecr: { total: number; lines: CostLine[] }
  dockerHub: {
    total: number
    lines: CostLine[]
    plan: string
    seats: number
    billing: string
    pullLimit?: { pulls: number; windowHours: number }
    advice: string
  }
  monthlyDifference: number
  projection: { month: number; ecr: number; dockerHub: number }[]
  perRepository: {
    repository: string
    uniqueLayerBytes: number
    images: number
    monthlyPulls: number
    pullsFrom: 'estimate' | 'history'
    storage: number
    transfer: number
    scanning: number
    total: number
  }[]
  migration: { dockerHubPulls: number; storageAddedBytes: number; monthlyStorageAdded: number; transfer: number }
  notes: string[]
  figures: NamedFigure[]
}

/**
 * The monthly bill on each side for the user's own repositories, every line quantity × a dated table figure
 * (or the user's override of it): ECR storage of the distinct layers per repository, transfer by where the
 * pulls go, enhanced scanning; Docker Hub seats of the chosen plan. Then a 12-month projection with growth.
 */
export function estimateCosts(
  tables: PriceTables,
  usage: readonly RepositoryUsage[],
  assumptions: CostAssumptions,
  migrationPulls: number,
): CostEstimate {
  const figures = namedFigures(tables, assumptions.overrides)
  const fig = (id: string): NamedFigure => {
    const found = figures.get(id)
    if (!found) throw new Error(`The price tables have no figure ${id}.`)
    return found
  }
  const perRepository = usage.map((repository) => repositoryCost(repository, assumptions, fig))
  const totals = { storageGb: 0, internetGb: 0, crossRegionGb: 0, natGb: 0, images: 0 }
  for (const r of perRepository) {
    totals.storageGb += r.uniqueLayerBytes / GB
    totals.internetGb += r.transferGb.internet
    totals.crossRegionGb += r.transferGb.crossRegion
    totals.natGb += r.transferGb.nat
    totals.images += r.images
  }
  const line = (
    id: string,
    label: string,
    quantity: number,
    unit: string,
    figureId: string,
    amount = quantity * fig(figureId).value,
  ): CostLine => ({ id, label, quantity, unit, amount, figure: fig(figureId) })
  const ecrLines = [
    line(
      'ecr.storage',
      'ECR storage (distinct layers per repository)',
      totals.storageGb,
      'GB-month',
      'ecr.storagePerGbMonth',
    ),
    line(
      'ecr.internet',
      'Pulls to the internet',
      totals.internetGb,
      'GB',
      'ecr.internetTiers.0.price',
      internetTransferCost(totals.internetGb, tables, fig),
    ),
    line('ecr.crossRegion', 'Pulls from other AWS Regions', totals.crossRegionGb, 'GB', 'ecr.crossRegionPerGb'),
    line(
      'ecr.nat',
      'Same-Region pulls through a NAT gateway (billed by the VPC)',
      totals.natGb,
      'GB',
      'ecr.natGatewayPerGb',
    ),
    ...(assumptions.enhancedScanning
      ? [
          line(
            'ecr.rescans',
            'Enhanced scanning: continuous rescans',
            totals.images * RESCANS_PER_IMAGE_PER_MONTH,
            'rescans',
            'ecr.enhancedRescanPerImage',
          ),
        ]
      : []),
  ]
  const plan = tables.dockerHub.plans[assumptions.hubPlan]
  const priceId =
    `dockerHub.plans.${assumptions.hubPlan}.` +
    `${assumptions.hubBilling === 'annual' ? 'annualPrice' : 'monthlyPrice'}`
  const hubLines = [
    line(
      'dockerHub.seats',
      `Docker ${plan.label} seats (${assumptions.hubBilling} billing)`,
      assumptions.hubSeats,
      'users',
      priceId,
    ),
  ]
  const ecrTotal = sum(ecrLines)
  const hubTotal = sum(hubLines)
  const growth = 1 + assumptions.monthlyGrowthPercent / 100
  const storageAddedBytes = usage.reduce((total, r) => total + r.uniqueLayerBytes, 0)
  return {
    currency: 'USD',
    tables: { dockerHub: tables.dockerHub.asOf, ecr: tables.ecr.asOf },
    region: tables.ecr.region,
    ecr: { total: ecrTotal, lines: ecrLines },
    dockerHub: {
      total: hubTotal,
      lines: hubLines,
      plan: plan.label,
      seats: assumptions.hubSeats,
      billing: assumptions.hubBilling,
      ...(plan.pullLimit
        ? {
            pullLimit: {
              pulls: fig(`dockerHub.plans.${assumptions.hubPlan}.pullLimit`).value,
              windowHours: fig('dockerHub.pullWindow').value,
            },
          }
        : {}),
      advice: hubAdvice(
        perRepository.reduce((total, r) => total + r.monthlyPulls, 0),
        assumptions,
        tables,
        fig,
      ),
    },
    monthlyDifference: ecrTotal - hubTotal,
    // Storage and pulls grow together; seats stay as chosen.
    projection: Array.from({ length: 12 }, (_, i) => ({
      month: i + 1,
      ecr: ecrTotal * growth ** i,
      dockerHub: hubTotal,
    })),
    perRepository: perRepository.map(({ transferGb: _, ...rest }) => rest),
    migration: {
      dockerHubPulls: migrationPulls,
      storageAddedBytes,
      monthlyStorageAdded: (storageAddedBytes / GB) * fig('ecr.storagePerGbMonth').value,
      // Pushing into ECR is free; pulling from Docker Hub costs pulls, not money.
      transfer: 0 + (assumptions.enhancedScanning ? totals.images * fig('ecr.enhancedScanPerImage').value : 0),
    },
    notes: [
      'Storage counts each distinct layer once per repository. A layer shared by several repositories is counted in ' +
        'each of them: ECR reports and bills storage per repository, and AWS documents no deduplication across ' +
        'repositories (uncertain).',
      `Prices are for ${tables.ecr.region} as read on ${tables.ecr.asOf}; other Regions may differ: override any ` +
        `figure.`,
      'Pulls by AWS compute in the same Region are free from ECR; a NAT gateway or an interface endpoint on the way ' +
        'is billed by the VPC.',
      `Free tiers are not subtracted (${fig('ecr.freeTierStorageGb').value} GB-month for 12 months on accounts made ` +
        `before 2025-07-15; credits on newer ones).`,
      ...(assumptions.enhancedScanning
        ? [
            'Enhanced scanning charges each image once when pushed (in the migration cost) and each rescan ' +
              'after (one ' +
              'a month assumed).',
          ]
        : []),
    ],
    figures: [...figures.values()],
  }
}

function repositoryCost(repository: RepositoryUsage, a: CostAssumptions, fig: (id: string) => NamedFigure) {
  const estimated = a.monthlyPulls[repository.repository] ?? a.pullsPerRepository
  const monthlyPulls = estimated ?? repository.historyMonthlyPulls ?? 0
  const gb = (monthlyPulls * repository.bytesPerPull) / GB
  const internet = gb * a.internetShare
  const crossRegion = gb * a.crossRegionShare
  const nat = gb * Math.max(0, 1 - a.internetShare - a.crossRegionShare) * a.natGatewayShare
  const storage = (repository.uniqueLayerBytes / GB) * fig('ecr.storagePerGbMonth').value
  // Tiers apply to the whole account: per repository, the first tier's price is the fair share.
  const transfer =
    internet * fig('ecr.internetTiers.0.price').value +
    crossRegion * fig('ecr.crossRegionPerGb').value +
    nat * fig('ecr.natGatewayPerGb').value
  const scanning = a.enhancedScanning
    ? repository.images * RESCANS_PER_IMAGE_PER_MONTH * fig('ecr.enhancedRescanPerImage').value
    : 0
  return {
    repository: repository.repository,
    uniqueLayerBytes: repository.uniqueLayerBytes,
    images: repository.images,
    monthlyPulls,
    pullsFrom: estimated === undefined ? ('history' as const) : ('estimate' as const),
    storage,
    transfer,
    scanning,
    total: storage + transfer + scanning,
    transferGb: { internet, crossRegion, nat },
  }
}

/** What the pulls mean against Docker Hub's limits: per window and per hour, and the plan they need. */
function hubAdvice(
  monthlyPulls: number,
  a: CostAssumptions,
  tables: PriceTables,
  fig: (id: string) => NamedFigure,
): string {
  const windowHours = fig('dockerHub.pullWindow').value
  const perWindow = monthlyPulls / ((30.44 * 24) / windowHours)
  const hourly = Math.round(perWindow / windowHours)
  const pace = `${Math.round(perWindow)} pulls per ${windowHours} h (about ${hourly} an hour)`
  const personal = fig('dockerHub.plans.personal.pullLimit').value
  const anonymous = fig('dockerHub.anonymousPullLimit').value
  if (a.hubPlan !== 'personal')
    return (
      `At ${pace}, ${tables.dockerHub.plans[a.hubPlan].label} has no pull limit (fair use); Personal would allow ` +
      `${personal} (${Math.round(personal / windowHours)} an hour), anonymous ${anonymous}.`
    )
  if (perWindow <= personal)
    return (
      `At ${pace}, Personal's ${personal} per ${windowHours} h is enough, with ` +
      `${Math.round(personal - perWindow)} to spare.`
    )
  return (
    `At ${pace}, Personal's ${personal} per ${windowHours} h is exceeded: pulls would fail with 429. A paid plan ` +
    `(Pro, Team or Business) has no pull limit.`
  )
}

/** Internet egress by AWS's tiers, after the free allowance. */
export function internetTransferCost(gb: number, tables: PriceTables, fig: (id: string) => NamedFigure): number {
  let left = Math.max(0, gb - fig('ecr.internetFreeGb').value)
  let floor = 0
  let cost = 0
  for (const [i, tier] of tables.ecr.internetTiers.entries()) {
    const size = tier.upToGb === undefined ? left : Math.min(left, tier.upToGb - floor)
    cost += size * fig(`ecr.internetTiers.${i}.price`).value
    left -= size
    floor = tier.upToGb ?? floor
    if (left <= 0) break
  }
  return cost
}

function sum(lines: readonly CostLine[]): number {
  return lines.reduce((total, l) => total + l.amount, 0)
}
