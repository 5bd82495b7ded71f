import {
  CopyEngine,
  type CopyEngineOptions,
  type CopyPair,
  type CopyReport,
  type TagResult,
} from '../../src-main/core/migration/copy-engine'
import { formatReference, parseReference } from '../../src-main/core/reference/reference'
import { RegistryPool } from '../../src-main/core/registry/registry-pool'
import type { RetryPolicy } from '../../src-main/core/registry/retry-policy'
import type { RunningRegistry } from './registry'

/** Fast retries keep fault-injection tests short without changing what is retried. */
export const TEST_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 5_000 }

export interface Endpoint {
  host: string
  auth?: { user: string; password: string }
}

/** Pools and an engine wired to loopback registries, exactly as the CLI wires them (plain HTTP, basic creds). */
export function testEngine(source: Endpoint, destination: Endpoint, options: Partial<CopyEngineOptions> = {}) {
  const plainHttp = new Set([source.host, destination.host])
  const credentialsOf = (endpoint: Endpoint) => async (registry: string) =>
    registry === endpoint.host && endpoint.auth
      ? { kind: 'basic' as const, username: endpoint.auth.user, password: endpoint.auth.password }
      : undefined
  const sourcePool = new RegistryPool({ credentials: credentialsOf(source), plainHttp, retry: TEST_RETRY })
  const destinationPool = new RegistryPool({
    credentials: credentialsOf(destination),
    plainHttp,
    actions: ['pull', 'push'],
    retry: TEST_RETRY,
  })
  const engine = collectingEngine({
    source: (registry) => sourcePool.client(registry),
    destination: (registry) => destinationPool.client(registry),
    retry: TEST_RETRY,
    ...options,
  })
  return {
    engine,
    sourcePool,
    destinationPool,
    close: async () => void (await Promise.all([sourcePool.close(), destinationPool.close()])),
  }
}

/** What a run reported, with every tag's result (from `onTagDone`) in the order of the pairs, referrer tags after. */
export type CollectedReport = CopyReport & { tags: TagResult[] }

/** A CopyEngine whose runs also return every tag's result, as the tests read them. */
export function collectingEngine(options: CopyEngineOptions): {
  run(pairs: readonly CopyPair[]): Promise<CollectedReport>
} {
  let results: TagResult[] = []
  const engine = new CopyEngine({
    ...options,
    onTagDone: async (result) => {
      results.push(result)
      await options.onTagDone?.(result)
    },
  })
  return {
    async run(pairs) {
      results = []
      const report = await engine.run(pairs)
      const order = new Map(pairs.map((pair, i) => [formatReference(pair.destination), i]))
      const rank = (result: TagResult): number => order.get(result.destination) ?? pairs.length
      return {
        ...report,
        tags: results
          .map((result, i) => ({ result, i }))
          .sort((a, b) => rank(a.result) - rank(b.result) || a.i - b.i)
          .map(({ result }) => result),
      }
    },
  }
}

/** Runs one engine over `pairs` and closes its pools. */
export async function copyOnce(
  source: Endpoint,
  destination: Endpoint,
  pairs: CopyPair[],
  options: Partial<CopyEngineOptions> = {},
) {
  const harness = testEngine(source, destination, options)
  try {
    return await harness.engine.run(pairs)
  } finally {
    await harness.close()
  }
}

export function pair(source: string, destination: string): CopyPair {
  return { source: parseReference(source), destination: parseReference(destination) }
}

export function endpoint(registry: RunningRegistry): Endpoint {
  return { host: registry.host, auth: registry.auth }
}
