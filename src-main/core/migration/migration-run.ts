import type { ECRClient } from '@aws-sdk/client-ecr'
import type { DockerHubApi } from '../dockerhub/hub-api'
import type { PauseGate } from '../lib/pause-gate'
import { ecrHoldings } from '../ecr/ecr-inventory'
import type { EcrRegistryEndpoint } from '../ecr/ecr-registry-endpoint'
import { PUT_IMAGE_PER_SECOND } from '../ecr/ecr-client'
import { EcrRepositoryEnsurer, settingsDifferenceWarning } from '../ecr/repository-ensurer'
import { CrossdockError } from '../lib/errors'
import type { RegistryClient } from '../registry/registry-client'
import { CopyEngine, type CopyPair, type TagResult } from './copy-engine'
import type { CopyProgress } from './copy-stats'
import { hubListings, type RepositoryListing } from '../dockerhub/hub-listings'
import type { Job, JobState } from './job-store'
import { buildMigrationReport, type JournalTag, type MigrationReport } from './migration-report'
import { planMigration, type MigrationPlan, type TargetRepositoryState } from './migration-plan'
import type { MigrationSpec } from './migration-spec'
import { planNames } from '../ecr/name-mapping'
import { parsePlatforms } from './platform-filter'
import type { PullQuotaGate } from './pull-quota-gate'
import { compileTagFilter, selectTags } from './tag-selection'

export interface MigrationServices {
  hub: DockerHubApi
  ecr: ECRClient
  /** The ECR registry of the signed-in account: references name `registry.host`. */
  registry: EcrRegistryEndpoint
  source: (registry: string) => RegistryClient
  destination: (registry: string) => RegistryClient
  quota?: PullQuotaGate
  signal?: AbortSignal
  onProgress?: (progress: CopyProgress) => void
  onWarning?: (message: string) => void
  /** Each tag's outcome as it happens. */
  onTagDone?: (result: TagResult) => void
  /** Pausing stops new transfers; those under way finish. */
  pause?: PauseGate
  /** The run's plan, before anything is copied (a resume's plan holds only what is left). */
  onPlan?: (plan: MigrationPlan) => void | Promise<void>
}

export interface PlannedMigration {
  plan: MigrationPlan
  pairs: CopyPair[]
}

/** Lists both sides and plans: nothing is pulled (the Hub API and ECR's API are free) and nothing written. */
export async function planJob(spec: MigrationSpec, services: MigrationServices): Promise<PlannedMigration> {
  return planFromListings(spec, await listSources(spec, services), services)
}

/** The Docker Hub repositories a spec names, with their tags. */
export function listSources(
  spec: MigrationSpec,
  services: Pick<MigrationServices, 'hub' | 'signal'>,
): Promise<RepositoryListing[]> {
  const { namespace, repository, selection } = spec.from
  const only = selection
    ? selection.map((chosen) => chosen.repository.slice(namespace.length + 1))
    : repository
      ? [repository]
      : undefined
  return hubListings(services.hub, namespace, only, services.signal)
}

/** The plan from Docker Hub listings already read, and ECR as it is now. */
export async function planFromListings(
  spec: MigrationSpec,
  listings: readonly RepositoryListing[],
  services: MigrationServices,
): Promise<PlannedMigration> {
  const filter = compileTagFilter(spec.tags)
  const chosenTags = new Map(
    spec.from.selection?.map((chosen) => [chosen.repository, chosen.tags && new Set(chosen.tags)]),
  )
  const sources = listings.map(({ repository: name, tags }) => {
    const chosen = chosenTags.get(name)
    return { repository: name, tags: selectTags(chosen ? tags.filter((tag) => chosen.has(tag.name)) : tags, filter) }
  })
  const names = planNames(
    sources.map((s) => s.repository),
    { prefix: spec.to.prefix, dropNamespace: spec.dropNamespace },
  )
  const targets = await targetStates(services.ecr, new Set(names.values()), services.signal)
  const plan = planMigration({
    sources,
    names,
    targets,
    lambdaPlatform: spec.lambdaPlatform === undefined ? undefined : parsePlatforms(spec.lambdaPlatform)[0],
    keepLastImages: spec.settings.lifecycle?.keepLastImages,
  })
  return { plan, pairs: copyPairs(plan, services.registry.host) }
}

function copyPairs(plan: MigrationPlan, host: string): CopyPair[] {
  return plan.repositories.flatMap(({ source, target, tags }) =>
    tags.flatMap((tag) => {
      if (tag.action !== 'copy') return []
      const pair: CopyPair = {
        source: { registry: 'docker.io', repository: source, tag: tag.tag },
        destination: { registry: host, repository: target, tag: tag.tag },
        manifests: tag.platforms.length || undefined,
      }
      if (!tag.lambdaTag) return [pair]
      const single: CopyPair = {
        source: {
          registry: 'docker.io',
          repository: source,
          digest: tag.lambdaTag.digest as CopyPair['source']['digest'],
        },
        destination: { registry: host, repository: target, tag: tag.lambdaTag.tag },
      }
      return [pair, single]
    }),
  )
}

/**
 * One run of a job (the first, or a resume): plan again from both sides' listings, so whatever an earlier
 * run finished is found in ECR and skipped (blobs already there are never sent again), copy the rest with
 * every outcome journalled as it happens, re-read ECR to verify, and write the report.
 */
export async function runJob(
  job: Job<MigrationSpec>,
  services: MigrationServices,
): Promise<{ state: JobState; report?: MigrationReport }> {
  const { spec } = job.record
  job.start()
  job.append({ type: 'run', run: job.record.runs })
  try {
    const { plan, pairs } = await planJob(spec, services)
    // The first run's plan is the job's intent; later plans only see what is left.
    if (job.readFile('plan.json') === undefined) job.writeFile('plan.json', `${JSON.stringify(plan, null, 2)}\n`)
    job.append({ type: 'plan', totals: plan.totals })
    refuseLifecycleExpiry(spec, plan)
    await services.onPlan?.(plan)
    const ensurer = new EcrRepositoryEnsurer(services.ecr, spec.settings)
    const engine = new CopyEngine({
      source: services.source,
      destination: services.destination,
      jobs: spec.jobs,
      referrers: spec.referrers,
      quota: services.quota,
      manifestWritesPerSecond: PUT_IMAGE_PER_SECOND,
      resuming: job.record.runs > 1,
      signal: services.signal,
      onProgress: services.onProgress,
      onWarning: services.onWarning,
      pause: services.pause,
      onTagDone: (result) => {
        job.append(journalTag(result))
        services.onTagDone?.(result)
      },
      prepareDestination: async (_registry, repository) => {
        const outcome = await ensurer.ensure(repository)
        job.append({
          type: 'repository',
          repository,
          outcome: outcome.kind,
          ...(outcome.kind === 'existing' ? { differences: outcome.differences } : {}),
        })
        const warning = settingsDifferenceWarning(outcome)
        if (warning) services.onWarning?.(warning)
      },
    })
    const copied = await engine.run(pairs)
    if (services.signal?.aborted) {
      job.finish('cancelled')
      return { state: 'cancelled' }
    }
    // Every run sets it (idempotent) on what any run of the job created: a run that stopped early never did.
    // One read of the journal serves both the lifecycle step and the report: it grows with every tag.
    const journal = job.events<JournalEvent>()
    await ensurer.applyLifecyclePolicy(createdRepositories(journal))
    const targets = new Set(plan.repositories.map((r) => r.target))
    const verified = await targetStates(services.ecr, targets, services.signal)
    const checked = reportOf(job, journal, services.registry, verified)
    // Every tag was tried: one still not in ECR with its source digest was lost after its copy (the report says how).
    const state =
      copied.failures.length > 0
        ? 'failed'
        : checked.entries.some((e) => e.outcome === 'not-copied')
          ? 'incomplete'
          : 'finished'
    job.finish(state)
    const report = { ...checked, job: { ...checked.job, state } }
    job.writeFile('report.json', `${JSON.stringify(report, null, 2)}\n`)
    return { state, report }
  } catch (error) {
    job.finish(services.signal?.aborted ? 'cancelled' : 'failed')
    throw error
  }
}

/** A keep-last rule below what a new repository gets would let ECR expire migrated images: refused unless accepted. */
export function refuseLifecycleExpiry(spec: MigrationSpec, plan: MigrationPlan): void {
  if (spec.acceptLifecycleExpiry || plan.expiringRepositories.length === 0) return
  const which = plan.expiringRepositories.map(
    ({ repository, images, keepLast }) => `${repository} gets ${images} images but keep-last is ${keepLast}`,
  )
  const needed = Math.max(...plan.expiringRepositories.map((r) => r.images))
  throw new CrossdockError(
    'USAGE',
    `${which.join('; ')}: ECR would expire migrated images. Raise keep-last to at least ${needed}, or accept the ` +
      `expiry to start anyway (crossdock migrate --force).`,
  )
}

/**
 * Before a job exists, so a refusal leaves nothing behind: plans (with `plan`) only when there is a keep-last rule to
 * check.
 */
export async function refuseLifecycleExpiryBeforeStart(
  spec: MigrationSpec,
  plan: () => Promise<MigrationPlan>,
): Promise<void> {
  if (spec.settings.lifecycle?.keepLastImages === undefined || spec.acceptLifecycleExpiry) return
  refuseLifecycleExpiry(spec, await plan())
}

type JournalEvent = { type: string; repository?: string; outcome?: string }

function createdRepositories(events: readonly JournalEvent[]): Set<string> {
  return new Set(
    events.flatMap((event) =>
      event.type === 'repository' && event.outcome === 'created' && event.repository ? [event.repository] : [],
    ),
  )
}

function reportOf(
  job: Job<MigrationSpec>,
  events: readonly JournalEvent[],
  registry: EcrRegistryEndpoint,
  verified: ReadonlyMap<string, TargetRepositoryState>,
): MigrationReport {
  return buildMigrationReport({
    job: job.record,
    plan: JSON.parse(job.readFile('plan.json')!) as MigrationPlan,
    journal: events.filter((event): event is JournalEvent & JournalTag => event.type === 'tag'),
    verified,
    registry,
    region: job.record.spec.to.region,
  })
}

function journalTag(result: TagResult): JournalTag {
  return {
    type: 'tag',
    source: result.source,
    destination: result.destination,
    digest: result.digest,
    outcome: result.outcome,
    ...(result.error ? { error: result.error } : {}),
  }
}

/** What ECR holds in each of `names` that exists: mutability and tag → digest. */
async function targetStates(
  client: ECRClient,
  names: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<Map<string, TargetRepositoryState>> {
  const holdings = await ecrHoldings(client, (repository) => names.has(repository.name), signal)
  return new Map(
    holdings.map(({ repository, images }) => [
      repository.name,
      {
        immutableTags: repository.immutableTags,
        mutabilityExceptions: repository.mutabilityExceptions,
        tags: new Map(images.flatMap((image) => image.tags.map((tag) => [tag, image.digest] as const))),
      },
    ]),
  )
}
