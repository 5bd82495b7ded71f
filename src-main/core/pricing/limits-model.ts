import { namedFigures, type PriceTables } from './price-tables'

export interface Workload {
  nodes: number
  deploysPerDay: number
  imagesPerDeploy: number
  platformsPerImage: number
  layersPerImage: number
  rolloutSeconds: number
}

export interface WhatIf {
  pullsPer6h: number
  dockerHub: { identity: string; limit?: number; verdict: 'fine' | 'over'; message: string }[]
  ecr: { api: string; peakPerSecond: number; quota: number; verdict: 'fine' | 'throttled'; message: string }[]
}

/**
 * A cluster's pulls against both sides' limits: Docker Hub counts one pull per platform manifest a node
 * fetches, in a rolling 6 h window (a cluster behind one NAT address shares the anonymous quota); ECR has no
 * pull limit, but a rollout asks BatchGetImage and GetDownloadUrlForLayer at rates its API quotas cap.
 */
export function whatIf(tables: PriceTables, w: Workload): WhatIf {
  const figures = namedFigures(tables)
  const windowHours = figures.get('dockerHub.pullWindow')!.value
  const pullsPer6h = w.nodes * w.deploysPerDay * w.imagesPerDeploy * w.platformsPerImage * (windowHours / 24)
  const hub = (identity: string, limit: number | undefined, who: string): WhatIf['dockerHub'][number] => {
    if (limit === undefined) return { identity, verdict: 'fine', message: `${identity}: no pull limit (fair use).` }
    const over = pullsPer6h > limit
    return {
      identity,
      limit,
      verdict: over ? 'over' : 'fine',
      message:
        `${identity}: ${Math.ceil(pullsPer6h)} of ${limit} pulls per ${windowHours} h ${who}` +
        (over ? `: over by ${Math.ceil(pullsPer6h - limit)}, so pulls fail with 429 until the window moves.` : '.'),
    }
  }
  const quota = (api: string) => tables.quotas.entries.find((entry) => entry.api === api)!.perSecond.value
  const ecr = (api: string, peakPerSecond: number, what: string): WhatIf['ecr'][number] => {
    const limit = quota(api)
    const throttled = peakPerSecond > limit
    return {
      api,
      peakPerSecond,
      quota: limit,
      verdict: throttled ? 'throttled' : 'fine',
      message:
        `${api}: ${round(peakPerSecond)}/s at the rollout's peak (${what}) against ` +
        `${limit}/s${throttled ? ': throttled, pulls slow down and retry' : ''}.`,
    }
  }
  return {
    pullsPer6h,
    dockerHub: [
      hub(
        'Anonymous',
        figures.get('dockerHub.anonymousPullLimit')!.value,
        'for the whole cluster if it leaves through one address',
      ),
      hub(
        'Docker Personal',
        figures.get('dockerHub.plans.personal.pullLimit')!.value,
        'for the one account the nodes sign in with',
      ),
      hub('Docker Pro, Team or Business', undefined, ''),
    ],
    ecr: [
      ecr('BatchGetImage', (w.nodes * w.imagesPerDeploy) / w.rolloutSeconds, 'one manifest read per node and image'),
      ecr(
        'GetDownloadUrlForLayer',
        (w.nodes * w.imagesPerDeploy * w.layersPerImage) / w.rolloutSeconds,
        'one per layer a node fetches',
      ),
    ],
  }
}

/** Rates a Crossdock migration asks of ECR, per second, with the engine's defaults. */
export function migrationPeaks(jobs: number): Record<string, number> {
  return {
    // Paced to the quota itself.
    PutImage: 10,
    // One upload each per blob, at most `jobs` at once; small layers take ~100 ms each.
    InitiateLayerUpload: jobs * 10,
    CompleteLayerUpload: jobs * 10,
    // One token per 12 hours.
    GetAuthorizationToken: 1 / 43_200,
  }
}

function round(value: number): number {
  return value >= 10 ? Math.round(value) : Math.round(value * 100) / 100
}

export interface EcrQuotaRow {
  api: string
  perSecond: number
  quotaCode: string
  usedBy: string
  /** The highest rate a migration with this concurrency asks of it. */
  migrationPeak?: number
  source: string
  asOf: string
}

/** The dated ECR API quota table, with what a migration of `jobs` parallel transfers asks of each quota. */
export function ecrQuotaRows(tables: PriceTables, jobs: number): EcrQuotaRow[] {
  const peaks = migrationPeaks(jobs)
  return tables.quotas.entries.map((entry) => ({
    api: entry.api,
    perSecond: entry.perSecond.value,
    quotaCode: entry.quotaCode,
    usedBy: entry.usedBy,
    ...(peaks[entry.api] === undefined ? {} : { migrationPeak: peaks[entry.api] }),
    source: entry.perSecond.source,
    asOf: entry.perSecond.asOf,
  }))
}
