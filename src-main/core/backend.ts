import type {
  AccountsDto,
  Backend,
  CallResult,
  CompareDto,
  CostEstimateDto,
  EventName,
  Events,
  ParsedArgs,
  PlanDto,
} from '../contract'
import { awsProfiles } from './backend/aws-profiles'
import { estimateMigrationCosts } from './backend/cost-estimate'
import { HubAccounts, type HubIdentity } from './backend/hub-accounts'
import type { AccountStore } from './credentials/account-store'
import { dockerConfigResolver } from './credentials/docker-config'
import { DOCKER_HUB_API, DockerHubApi } from './dockerhub/hub-api'
import { probeHubQuota, probePullQuota } from './dockerhub/quota-probe'
import { ecrClient } from './ecr/ecr-client'
import { ecrRegistryEndpoint } from './ecr/ecr-registry-endpoint'
import { compareNamespace } from './inventory/namespace-comparison'
import { CrossdockError } from './lib/errors'
import { JobRunner } from './migration/job-runner'
import { JobStore } from './migration/job-store'
import type { MigrationReport } from './migration/migration-report'
import { DEFAULT_JOBS } from './migration/copy-engine'
import { planJob, refuseLifecycleExpiryBeforeStart } from './migration/migration-run'
import { openMigrationSession } from './migration/migration-session'
import { parseMigrationSpec, type MigrationSpec } from './migration/migration-spec'
import { planEstimate } from './migration/plan-estimate'
import { reportHtml, reportMarkdown } from './migration/report-document'
import { GB } from './pricing/cost-model'
import { ecrQuotaRows, whatIf } from './pricing/limits-model'
import { loadPriceTables, namedFigures } from './pricing/price-tables'
import { HttpClient } from './registry/http'

export interface BackendOptions {
  version: string
  transport: 'ipc' | 'http'
  accounts: AccountStore
  /** Where saved tokens are kept, and whether that protects them. */
  secretStorage: { description: string; secure: boolean }
  jobsDirectory: string
  /** The emulated sandbox of `crossdock ui --demo`. */
  demo?: boolean
  /** Docker Hub's API and registry when not the real hosts (emulators, mirrors). */
  endpoints?: { hubApi?: string; hubRegistry?: string }
  dockerConfigPath?: string
  /** How often a job waiting for the pull quota looks again (Docker Hub HEADs are free). */
  quotaPollMs?: number
}

export type CrossdockBackend = Backend & { close(): Promise<void>; activeJobs(): number }

/** The contract implemented over core: what the desktop app and `crossdock ui` both serve. */
export function createBackend(options: BackendOptions): CrossdockBackend {
  const hubApi = options.endpoints?.hubApi ?? DOCKER_HUB_API
  const priceTables = loadPriceTables()
  const hubRegistry = options.endpoints?.hubRegistry ? new URL(options.endpoints.hubRegistry) : undefined
  const hubAccounts = new HubAccounts(
    options.accounts,
    dockerConfigResolver({ configPath: options.dockerConfigPath }),
    hubApi,
  )
  const listeners = new Set<<E extends EventName>(event: E, payload: Events[E]) => void>()
  const emit = <E extends EventName>(event: E, payload: Events[E]): void => {
    for (const listener of listeners) listener(event, payload)
  }

  const session = async (
    spec: MigrationSpec,
    hub: HubIdentity,
    signal?: AbortSignal,
    onQuotaWait?: Parameters<typeof openMigrationSession>[0]['onQuotaWait'],
  ) =>
    openMigrationSession({
      region: spec.to.region,
      awsProfile: spec.awsProfile,
      accountId: spec.to.accountId,
      hub: hub.credential && { signIn: hub.signIn, credential: hub.credential },
      endpoints: { hubApi, hubRegistry },
      quotaPollMs: options.quotaPollMs,
      onQuotaWait,
      signal,
    })
  const store = new JobStore(options.jobsDirectory, parseMigrationSpec)
  const runner = new JobRunner({
    store,
    openSession: async (spec, { signal, onQuotaWait }) =>
      session(spec, await hubAccounts.identity(spec.hubAccount), signal, onQuotaWait),
    onUpdate: (job) => emit('job', job),
  })

  const hubQuota = (identity: HubIdentity) => probeHubQuota(identity.credential, hubRegistry)

  const backend: CrossdockBackend = {
    'app.info': async () => ({
      version: options.version,
      transport: options.transport,
      demo: options.demo ?? false,
      secretStorage: options.secretStorage,
    }),

    'accounts.list': async (): Promise<AccountsDto> => {
      const [hub, dockerConfigUser, profiles] = await Promise.all([
        hubAccounts.list(),
        hubAccounts.dockerConfigUser(),
        awsProfiles(),
      ])
      return { hub, ...(dockerConfigUser ? { dockerConfigUser } : {}), awsProfiles: profiles }
    },

    'accounts.addHub': async (args) => {
      const { verifiedAt, addedAt } = await hubAccounts.add(args)
      return { name: args.name, kind: 'dockerhub', username: args.username, addedAt, verifiedAt, saved: args.save }
    },

    'accounts.removeHub': async ({ name }) => {
      await hubAccounts.remove(name)
      return { removed: name }
    },

    'accounts.verifyAws': async ({ profile, region }) => {
      const client = ecrClient(region, profile)
      try {
        const registry = await ecrRegistryEndpoint(client, region)
        return { ...(profile ? { profile } : {}), region, accountId: registry.accountId, registry: registry.host }
      } finally {
        client.destroy()
      }
    },

    'limits.hub': async ({ hubAccount }) => {
      const identity = await hubAccounts.identity(hubAccount)
      const http = new HttpClient()
      try {
        const [quota, namespaces] = await Promise.all([
          hubQuota(identity),
          new DockerHubApi({ http, baseUrl: hubApi, signIn: identity.signIn }).namespaces(),
        ])
        return { account: identity.label, quota, checkedAt: new Date().toISOString(), namespaces }
      } finally {
        http.close()
      }
    },

    'compare.run': async (args): Promise<CompareDto> => {
      const identity = await hubAccounts.identity(args.hubAccount)
      const http = new HttpClient()
      const client = ecrClient(args.aws.region, args.aws.profile)
      try {
        const [registry, comparison] = await Promise.all([
          ecrRegistryEndpoint(client, args.aws.region),
          compareNamespace({
            hub: new DockerHubApi({ http, baseUrl: hubApi, signIn: identity.signIn }),
            ecr: client,
            namespace: args.namespace,
            mapping: { prefix: args.prefix, dropNamespace: args.dropNamespace },
          }),
        ])
        return {
          namespace: args.namespace,
          registry: registry.host,
          repositories: comparison.rows.map((row) => ({
            ...(row.hub ? { hub: row.hub } : {}),
            ...(row.ecr ? { ecr: row.ecr } : {}),
            ecrExists: row.ecr !== undefined && comparison.ecrRepositories.has(row.ecr),
            ...(row.private === undefined ? {} : { private: row.private }),
            counts: row.counts,
            tags: row.tags.map((tag) => ({
              tag: tag.tag,
              state: tag.state,
              ...(tag.hub?.digest ? { hubDigest: tag.hub.digest } : {}),
              ...(tag.ecr?.digest ? { ecrDigest: tag.ecr.digest } : {}),
              platforms: tag.hub?.platforms ?? tag.ecr?.platforms ?? [],
              ...(tag.hub?.sizeBytes === undefined ? {} : { hubSizeBytes: tag.hub.sizeBytes }),
              ...(tag.ecr?.sizeBytes === undefined ? {} : { ecrSizeBytes: tag.ecr.sizeBytes }),
              ...((tag.hub?.lastPushed ?? tag.ecr?.lastPushed)
                ? { lastPushed: tag.hub?.lastPushed ?? tag.ecr?.lastPushed }
                : {}),
              ...((tag.hub?.lastPulled ?? tag.ecr?.lastPulled)
                ? { lastPulled: tag.hub?.lastPulled ?? tag.ecr?.lastPulled }
                : {}),
            })),
          })),
        }
      } finally {
        http.close()
        client.destroy()
      }
    },

    'migrate.plan': async (args): Promise<PlanDto> => {
      const spec = migrationSpecOf(args)
      const opened = await session(spec, await hubAccounts.identity(spec.hubAccount))
      try {
        const [{ plan }, quota] = await Promise.all([
          planJob(spec, opened.services),
          probePullQuota(opened.services.source('docker.io')),
        ])
        const storagePrice = namedFigures(priceTables).get('ecr.storagePerGbMonth')!
        const monthlyCostDelta = {
          amount: (plan.totals.bytes / GB) * storagePrice.value,
          storageBytes: plan.totals.bytes,
          figure: storagePrice,
        }
        return {
          registry: opened.services.registry.host,
          ...plan,
          quota,
          estimate: planEstimate(plan, quota),
          monthlyCostDelta,
        }
      } finally {
        await opened.close()
      }
    },

    'migrate.start': async (args) => {
      const spec = migrationSpecOf(args)
      await refuseLifecycleExpiryBeforeStart(spec, async () => {
        const opened = await session(spec, await hubAccounts.identity(spec.hubAccount))
        try {
          return (await planJob(spec, opened.services)).plan
        } finally {
          await opened.close()
        }
      })
      return runner.start(spec)
    },
    'jobs.pause': async ({ jobId }) => runner.pause(jobId),
    'jobs.resume': async ({ jobId }) => runner.resume(jobId),
    'jobs.cancel': async ({ jobId }) => runner.cancel(jobId),
    'jobs.list': async () => runner.list(),

    'jobs.report': async ({ jobId }): Promise<CallResult<'jobs.report'>> => {
      const job = store.open(jobId)
      const text = job.readFile('report.json')
      if (text === undefined)
        throw new CrossdockError(
          'NAME_UNKNOWN',
          `Job ${jobId} has no report yet (it is ${await job.displayState()}); resume it to finish it.`,
        )
      const report = JSON.parse(text) as MigrationReport
      return { ...report, markdown: reportMarkdown(report), html: reportHtml(report) }
    },

    'costs.estimate': async (args): Promise<CostEstimateDto> => {
      const spec = migrationSpecOf({
        ...args,
        selection: (args.selection ?? []).map((repository) => ({ repository })),
        settings: NO_SETTINGS,
        referrers: false,
        acceptLifecycleExpiry: false,
      })
      const opened = await session(spec, await hubAccounts.identity(spec.hubAccount))
      try {
        return {
          ...(await estimateMigrationCosts(spec, opened.services, priceTables, args.assumptions)),
          assumptions: args.assumptions,
        }
      } finally {
        await opened.close()
      }
    },

    'limits.overview': async () => {
      const names = [undefined, ...(await hubAccounts.list()).map((account) => account.name)]
      const hub = await Promise.all(
        names.map(async (name) => {
          const identity = name === undefined ? { label: 'anonymous' } : await hubAccounts.identity(name)
          return { account: identity.label, quota: await hubQuota(identity), checkedAt: new Date().toISOString() }
        }),
      )
      const figures = namedFigures(priceTables)
      const hubLimits = [
        'dockerHub.anonymousPullLimit',
        'dockerHub.plans.personal.pullLimit',
        'dockerHub.pullWindow',
      ].map((id) => figures.get(id)!)
      return { hub, ecr: ecrQuotaRows(priceTables, DEFAULT_JOBS), hubLimits }
    },

    'limits.whatIf': async (args) => whatIf(priceTables, args),

    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: () => runner.close(),
    activeJobs: () => runner.active,
  }
  return backend
}

// A cost estimate plans a copy to price it; repository settings do not change what it costs.
const NO_SETTINGS = { immutableTags: false, scanOnPush: false, encryption: { type: 'AES256' } } as const

/** A migration as the UI asks for it, in the spec a job keeps. */
function migrationSpecOf(args: ParsedArgs<'migrate.start'>): MigrationSpec {
  const outside = args.selection.filter((chosen) => !chosen.repository.startsWith(`${args.namespace}/`))
  if (outside.length > 0)
    throw new CrossdockError('USAGE', `${outside[0]!.repository} is not in the namespace ${args.namespace}.`)
  return parseMigrationSpec({
    // No selection (a cost estimate of everything) is the whole namespace.
    from: { namespace: args.namespace, ...(args.selection.length > 0 ? { selection: args.selection } : {}) },
    to: { region: args.aws.region, prefix: args.prefix },
    dropNamespace: args.dropNamespace,
    settings: args.settings,
    referrers: args.referrers,
    acceptLifecycleExpiry: args.acceptLifecycleExpiry,
    lambdaPlatform: args.lambdaPlatform,
    awsProfile: args.aws.profile,
    hubAccount: args.hubAccount,
  })
}
