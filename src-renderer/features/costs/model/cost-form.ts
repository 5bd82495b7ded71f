import type { CallArgs } from '../../../../src-main/contract'
import { readNumber as number } from '../../../lib/number-field'

export type CostAssumptions = NonNullable<CallArgs<'costs.estimate'>['assumptions']>
export type HubPlan = CostAssumptions['hubPlan']
export type HubBilling = CostAssumptions['hubBilling']

export const HUB_PLAN_LABELS: Record<HubPlan, string> = {
  personal: 'Personal',
  pro: 'Pro',
  team: 'Team',
  business: 'Business',
}

/** The assumptions as typed (strings for the number fields, shares in percent), read by `readCostForm`. */
export interface CostForm {
  hubPlan: HubPlan
  hubSeats: string
  hubBilling: HubBilling
  crossRegionPercent: string
  internetPercent: string
  natGatewayPercent: string
  enhancedScanning: boolean
  monthlyGrowthPercent: string
  /** Monthly pulls typed per repository (`namespace/name`); one not here uses Docker Hub's pull history. */
  monthlyPulls: Readonly<Record<string, string>>
  /** Prices typed over the tables' figures, by figure id. */
  overrides: Readonly<Record<string, string>>
  /** Estimate only the repositories selected on Compare. */
  onlySelected: boolean
}

/** The contract's `DEFAULT_COST_ASSUMPTIONS`, as a form. */
export const DEFAULT_COST_FORM: CostForm = {
  hubPlan: 'team',
  hubSeats: '1',
  hubBilling: 'annual',
  crossRegionPercent: '0',
  internetPercent: '0',
  natGatewayPercent: '0',
  enhancedScanning: false,
  monthlyGrowthPercent: '0',
  monthlyPulls: {},
  overrides: {},
  onlySelected: false,
}

/**
 * Field → message; per-repository pulls and price overrides are keyed `monthlyPulls:<repository>` and
 * `overrides:<figure id>`.
 */
export type CostFormErrors = Readonly<Record<string, string>>

export type ReadCostForm = { ok: true; assumptions: CostAssumptions } | { ok: false; errors: CostFormErrors }

/** Each typed number of a record, or a message under `prefix:key`. */
function readRecord(
  typed: Readonly<Record<string, string>>,
  prefix: string,
  message: string,
  errors: Record<string, string>,
): Record<string, number> {
  const values: Record<string, number> = {}
  for (const [key, text] of Object.entries(typed)) {
    const value = number(text, 0, Number.MAX_SAFE_INTEGER)
    if (value === undefined) errors[`${prefix}:${key}`] = message
    else values[key] = value
  }
  return values
}

export function readCostForm(form: CostForm): ReadCostForm {
  const errors: Record<string, string> = {}
  const hubSeats = number(form.hubSeats, 1, 100_000, true)
  if (hubSeats === undefined) errors.hubSeats = 'A whole number from 1 to 100,000.'
  const share = (field: 'crossRegionPercent' | 'internetPercent' | 'natGatewayPercent'): number => {
    const value = number(form[field], 0, 100)
    if (value === undefined) errors[field] = 'A percentage from 0 to 100.'
    return (value ?? 0) / 100
  }
  const crossRegionShare = share('crossRegionPercent')
  const internetShare = share('internetPercent')
  const natGatewayShare = share('natGatewayPercent')
  if (!errors.crossRegionPercent && !errors.internetPercent && crossRegionShare + internetShare > 1 + 1e-9)
    errors.internetPercent = 'Cross-Region and internet pulls add up to more than 100%.'
  const monthlyGrowthPercent = number(form.monthlyGrowthPercent, -100, 1000)
  if (monthlyGrowthPercent === undefined) errors.monthlyGrowthPercent = 'A percentage from -100 to 1,000.'
  const monthlyPulls = readRecord(form.monthlyPulls, 'monthlyPulls', 'A number of pulls, 0 or more.', errors)
  const overrides = readRecord(form.overrides, 'overrides', 'A price, 0 or more.', errors)
  if (Object.keys(errors).length > 0 || hubSeats === undefined || monthlyGrowthPercent === undefined)
    return { ok: false, errors }
  return {
    ok: true,
    assumptions: {
      hubPlan: form.hubPlan,
      hubSeats,
      hubBilling: form.hubBilling,
      monthlyPulls,
      crossRegionShare,
      internetShare,
      natGatewayShare,
      enhancedScanning: form.enhancedScanning,
      monthlyGrowthPercent,
      overrides,
    },
  }
}

/**
 * The typed values with `key` set to `text`, or without it when `text` is undefined (given back to the backend's
 * figure).
 */
export function typeOver(
  typed: Readonly<Record<string, string>>,
  key: string,
  text: string | undefined,
): Record<string, string> {
  const next = { ...typed }
  if (text === undefined) delete next[key]
  else next[key] = text
  return next
}
