import { z } from 'zod'
import dockerHubTable from '../../../resources/pricing/docker-hub.json'
import ecrTable from '../../../resources/pricing/amazon-ecr.json'
import quotaTable from '../../../resources/pricing/ecr-api-quotas.json'

/** Every price and limit is one of these: a value with its unit, where it was read and when. */
const figure = z.object({
  value: z.number().min(0),
  unit: z.string().min(1),
  source: z.string().min(3),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  uncertain: z.literal(true).optional(),
})
export type Figure = z.infer<typeof figure>

const plan = z.object({
  label: z.string(),
  monthlyPrice: figure,
  annualPrice: figure,
  pullLimit: figure.optional(),
  privateRepositories: figure.optional(),
})

const dockerHubSchema = z.object({
  version: z.literal(1),
  asOf: z.string(),
  /** What a missing limit means (unlimited). */
  note: z.string(),
  plans: z.object({ personal: plan, pro: plan, team: plan, business: plan }),
  anonymousPullLimit: figure,
  pullWindow: figure,
  storagePrice: figure,
})

const ecrSchema = z.object({
  version: z.literal(1),
  region: z.string(),
  asOf: z.string(),
  storagePerGbMonth: figure,
  archivePerGbMonth: figure,
  transferInPerGb: figure,
  sameRegionPerGb: figure,
  natGatewayPerGb: figure,
  crossRegionPerGb: figure,
  internetFreeGb: figure,
  internetTiers: z.array(z.object({ upToGb: z.number().positive().optional(), price: figure })).min(1),
  enhancedScanPerImage: figure,
  enhancedRescanPerImage: figure,
  basicScanPerImage: figure,
  freeTierStorageGb: figure,
  replicationFee: figure,
})

const quotaSchema = z.object({
  version: z.literal(1),
  asOf: z.string(),
  note: z.string(),
  entries: z
    .array(
      z.object({
        api: z.string(),
        quotaCode: z.string().regex(/^L-[0-9A-F]{8}$/),
        usedBy: z.string().min(10),
        perSecond: figure,
      }),
    )
    .min(1),
})

export type DockerHubTable = z.infer<typeof dockerHubSchema>
export type EcrTable = z.infer<typeof ecrSchema>
export type EcrQuotaTable = z.infer<typeof quotaSchema>
export type HubPlan = keyof DockerHubTable['plans']

export interface PriceTables {
  dockerHub: DockerHubTable
  ecr: EcrTable
  quotas: EcrQuotaTable
}

/**
 * The dated tables of resources/pricing, checked when loaded: a figure without a source or a date is a broken
 * table, and says which one. Updating prices is editing the JSON, no code.
 */
export function loadPriceTables(
  raw: { dockerHub: unknown; ecr: unknown; quotas: unknown } = {
    dockerHub: dockerHubTable,
    ecr: ecrTable,
    quotas: quotaTable,
  },
): PriceTables {
  const parse = <T>(schema: z.ZodType<T>, value: unknown, file: string): T => {
    const parsed = schema.safeParse(value)
    if (parsed.success) return parsed.data
    const issue = parsed.error.issues[0]
    throw new Error(`resources/pricing/${file}: ${issue?.path.join('.')}: ${issue?.message}`)
  }
  return {
    dockerHub: parse(dockerHubSchema, raw.dockerHub, 'docker-hub.json'),
    ecr: parse(ecrSchema, raw.ecr, 'amazon-ecr.json'),
    quotas: parse(quotaSchema, raw.quotas, 'ecr-api-quotas.json'),
  }
}

/** A figure with its id (its path in the tables, e.g. `ecr.storagePerGbMonth`), as overrides name it. */
export interface NamedFigure extends Figure {
  id: string
  overridden?: boolean
}

/** Every figure of the tables by id, with the user's overrides applied (and marked). */
export function namedFigures(
  tables: PriceTables,
  overrides: Readonly<Record<string, number>> = {},
): Map<string, NamedFigure> {
  const figures = new Map<string, NamedFigure>()
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, `${path}.${i}`)
      return
    }
    if (!value || typeof value !== 'object') return
    const parsed = figure.safeParse(value)
    if (parsed.success) {
      const override = overrides[path]
      figures.set(path, {
        id: path,
        ...parsed.data,
        ...(override === undefined ? {} : { value: override, overridden: true }),
      })
      return
    }
    for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`)
  }
  walk(tables.dockerHub, 'dockerHub')
  walk(tables.ecr, 'ecr')
  walk(tables.quotas, 'quotas')
  return figures
}
