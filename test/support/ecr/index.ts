import { Agent, createServer, type Server } from 'node:http'
import { cdnHandler, UrlSigner } from '../dockerhub/cdn'
import type { LoggedRequest } from '../dockerhub/http-util'
import { closeServer, listenOnLoopback } from '../loopback-server'
import { startRegistry, type RunningRegistry } from '../registry'
import { controlPlaneHandler } from './control-plane'
import { dataPlaneHandler } from './data-plane'
import { repositoryShape, type OperationContext } from './operations'
import { DEFAULTS, realClock, type EcrEmulatorOptions, type SeedEcrRepository, type SeedTemplate } from './options'
import type { EcrLoggedRequest } from './request-log'
import { EcrState, type EcrImage, type EcrRepository } from './state'
import { TokenBucket } from './token-bucket'

export { createManualClock } from './options'
export type {
  Clock,
  EcrEmulatorOptions,
  EncryptionConfiguration,
  ExclusionFilter,
  ManualClock,
  ResourceTag,
  ScanningOptions,
  SeedEcrRepository,
  SeedScan,
  SeedSeverity,
  SeedVulnerability,
  SeedTemplate,
  TagMutability,
  TokenBucketLimit,
} from './options'
export type { EcrLoggedRequest } from './request-log'
export type { EcrImage, EcrRepository } from './state'
export type { LoggedRequest } from '../dockerhub/http-util'
export { TARGET_PREFIX } from './control-plane'

export interface EcrEmulator {
  /** `http://127.0.0.1:PORT` of the ECR API: pass as the SDK's `endpoint`. */
  controlUrl: string
  /** `http://127.0.0.1:PORT` of the registry (GetAuthorizationToken's `proxyEndpoint`). */
  registryUrl: string
  /** `127.0.0.1:PORT` of the registry, for image references (stands in for `registryHostname`). */
  registryHost: string
  /** `ACCOUNT.dkr.ecr.REGION.amazonaws.com`, as repositoryUri reports it. */
  registryHostname: string
  /** `http://127.0.0.1:PORT` of the pre-signed blob storage ("S3") origin. */
  storageUrl: string
  region: string
  accountId: string
  /** The backing registry, without auth: inspect it directly. */
  registry: RunningRegistry
  /** Every request per origin, in arrival order; storage entries come from the Hub emulator's CDN handler. */
  logs: { api: EcrLoggedRequest[]; registry: EcrLoggedRequest[]; storage: LoggedRequest[] }
  resetLogs(): void
  /** The emulator's view of a repository (settings, images, tags), or undefined. */
  repository(name: string): EcrRepository | undefined
  /** An image of a repository by tag or digest. */
  image(repository: string, reference: string): EcrImage | undefined
  /** The repository as CreateRepository/DescribeRepositories answer it. */
  describeRepository(name: string): Record<string, unknown> | undefined
  addRepository(repository: SeedEcrRepository): void
  addTemplate(template: SeedTemplate): void
  /** Turns the BLOB_MOUNTING account setting on or off (PutAccountSetting). */
  setBlobMounting(enabled: boolean): void
  /** The next `count` control-plane calls (of `operation` only, if given) answer ThrottlingException. */
  throttleNext(count: number, operation?: string): void
  /** Refills the PutImage and API token buckets. */
  resetRateLimits(): void
  /** Stops the three servers, and the backing registry if the emulator started it. */
  stop(): Promise<void>
}

function seedRepository(state: EcrState, r: SeedEcrRepository): void {
  if (state.repositories.has(r.repositoryName)) throw new Error(`repository ${r.repositoryName} seeded twice`)
  state.createRepository(r.repositoryName, {
    imageTagMutability: r.imageTagMutability,
    exclusionFilters: r.imageTagMutabilityExclusionFilters,
    scanOnPush: r.scanOnPush,
    encryption: r.encryptionConfiguration,
    tags: r.tags,
    lifecyclePolicyText: r.lifecyclePolicyText,
  })
}

/**
 * Starts an Amazon ECR emulator on three loopback origins: the ECR API (AWS JSON 1.1, SigV4), the registry
 * (ACCOUNT.dkr.ecr.REGION.amazonaws.com) backed by one real `docker-registry`, and the pre-signed blob storage the
 * registry redirects downloads to. See `options.ts` for the knobs and each module for the behaviour it copies.
 */
export async function startEcrEmulator(options: EcrEmulatorOptions = {}): Promise<EcrEmulator> {
  const clock = options.clock ?? realClock
  const region = options.region ?? DEFAULTS.region
  const accountId = options.accountId ?? DEFAULTS.accountId
  const state = new EcrState(clock, options.scanning)
  for (const r of options.repositories ?? []) seedRepository(state, r)
  for (const t of options.templates ?? []) state.addTemplate(t)
  const backend = options.registry ?? (await startRegistry())
  const ownsBackend = options.registry === undefined
  const agent = new Agent({ keepAlive: true })
  const hosts = { api: '', registry: '', storage: '' }
  const logs = { api: [] as EcrLoggedRequest[], registry: [] as EcrLoggedRequest[], storage: [] as LoggedRequest[] }
  const putImageRate = options.putImageRate === undefined ? DEFAULTS.putImageRate : options.putImageRate
  const putImage = putImageRate ? new TokenBucket(putImageRate.perSecond, putImageRate.burst, clock) : undefined
  const throttle = options.apiThrottle
    ? new TokenBucket(options.apiThrottle.perSecond, options.apiThrottle.burst, clock)
    : undefined
  const forcedThrottles: { count: number; operation?: string } = { count: 0 }
  const urlSigner = new UrlSigner(clock, options.storageUrlLifetimeSeconds ?? DEFAULTS.storageUrlLifetimeSeconds)
  let blobMounting = options.blobMounting ?? false

  const operationContext: OperationContext = {
    state,
    region,
    accountId,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULTS.tokenLifetimeSeconds,
    now: () => clock.now(),
    dataPlaneUrl: () => `http://${hosts.registry}`,
  }
  const servers: Server[] = [
    createServer(
      controlPlaneHandler({
        ...operationContext,
        clock,
        secrets: options.credentials ?? DEFAULTS.credentials,
        sessionTokens: options.sessionTokens ?? {},
        maxSkewSeconds: options.maxClockSkewSeconds ?? DEFAULTS.maxClockSkewSeconds,
        throttle,
        forcedThrottles,
        log: logs.api,
      }),
    ),
    createServer(
      dataPlaneHandler({
        state,
        backend,
        agent,
        clock,
        accountId,
        blobMounting: () => blobMounting,
        putImage,
        urlSigner,
        expiredTokenStatus: options.expiredTokenStatus ?? 401,
        log: logs.registry,
        origin: () => `http://${hosts.registry}`,
        storageOrigin: () => `http://${hosts.storage}`,
      }),
    ),
    createServer(
      cdnHandler({
        signer: urlSigner,
        dataDir: backend.dataDir,
        clock,
        clientAddressHeader: undefined,
        log: logs.storage,
      }),
    ),
  ]
  for (const server of servers) server.keepAliveTimeout = 30_000

  const listening: Server[] = []
  const closeAll = async (): Promise<void> => {
    await Promise.all(listening.map((server) => closeServer(server)))
    agent.destroy()
    if (ownsBackend) await backend.stop()
  }
  try {
    for (const [i, name] of (['api', 'registry', 'storage'] as const).entries()) {
      hosts[name] = await listenOnLoopback(servers[i]!)
      listening.push(servers[i]!)
    }
  } catch (error) {
    await closeAll()
    throw error
  }

  let stopping: Promise<void> | undefined
  return {
    controlUrl: `http://${hosts.api}`,
    registryUrl: `http://${hosts.registry}`,
    registryHost: hosts.registry,
    registryHostname: `${accountId}.dkr.ecr.${region}.amazonaws.com`,
    storageUrl: `http://${hosts.storage}`,
    region,
    accountId,
    registry: backend,
    logs,
    resetLogs: () => {
      for (const log of Object.values(logs)) log.splice(0)
    },
    repository: (name) => state.repositories.get(name),
    image: (name, reference) => {
      const r = state.repositories.get(name)
      if (!r) return undefined
      return r.images.get(reference.startsWith('sha256:') ? reference : (r.imageTags.get(reference) ?? ''))
    },
    describeRepository: (name) => {
      const r = state.repositories.get(name)
      return r ? repositoryShape(operationContext, r) : undefined
    },
    addRepository: (r) => seedRepository(state, r),
    addTemplate: (t) => state.addTemplate(t),
    setBlobMounting: (enabled) => {
      blobMounting = enabled
    },
    throttleNext: (count, operation) => {
      forcedThrottles.count = count
      if (operation === undefined) delete forcedThrottles.operation
      else forcedThrottles.operation = operation
    },
    resetRateLimits: () => {
      putImage?.reset()
      throttle?.reset()
    },
    stop: () => (stopping ??= closeAll()),
  }
}
