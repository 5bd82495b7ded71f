import table from '../../resources/limits/ecr-api-quotas.json'

export interface EcrApiQuota {
  api: string
  tps: number
  quotaCode: string
  migration: string
}

/** The dated ECR API quota table, with where it came from. */
export const ecrApiQuotas: { source: string; checked: string; note: string; entries: EcrApiQuota[] } = table

export function describeEcrQuotas(): string {
  const width = Math.max(...ecrApiQuotas.entries.map((entry) => entry.api.length))
  const rows = ecrApiQuotas.entries.map((entry) => `  ${entry.api.padEnd(width)}  ${String(entry.tps).padStart(5)}/s  ${entry.migration}`)
  return [`Amazon ECR API quotas per account and Region (${ecrApiQuotas.source}, checked ${ecrApiQuotas.checked}):`, ...rows, `  ${ecrApiQuotas.note}`].join('\n')
}
