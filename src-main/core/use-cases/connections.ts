import type { ECRClient } from '@aws-sdk/client-ecr'
import type { HubIdentity } from '../credentials/hub-identity'
import { ecrClient } from '../ecr/ecr-client'
import type { MigrationServices } from '../migration/migration-run'
import {
  openMigrationSession,
  type MigrationSession,
  type MigrationSessionOptions,
} from '../migration/migration-session'
import type { MigrationSpec } from '../migration/migration-spec'
import type { UseCaseContext } from './context'

/** Where in AWS: a Region, and the profile whose credentials to use (else the default chain). */
export interface AwsTarget {
  region: string
  profile?: string
}

/** An ECR API client for the target, for the length of `use`. */
export async function withEcrClient<T>(aws: AwsTarget, use: (client: ECRClient) => Promise<T>): Promise<T> {
  const client = ecrClient(aws.region, aws.profile)
  try {
    return await use(client)
  } finally {
    client.destroy()
  }
}

export type SessionCallbacks = Pick<MigrationSessionOptions, 'onQuotaWait' | 'onWarning' | 'signal'>

/**
 * Both sides of a migration signed in: the spec's Docker Hub account (resolved with the one precedence, unless
 * the caller resolved it already) for the Hub API and pulls, its AWS profile for ECR. Close it when done.
 */
export async function openMigrationServices(
  context: UseCaseContext,
  spec: MigrationSpec,
  callbacks: SessionCallbacks & { identity?: HubIdentity },
): Promise<MigrationSession> {
  const { identity, ...rest } = callbacks
  return openMigrationSession({
    region: spec.to.region,
    awsProfile: spec.awsProfile,
    accountId: spec.to.accountId,
    hub: identity ?? (await context.accounts.identity(spec.hubAccount)),
    endpoints: context.endpoints,
    quotaPollMs: context.quotaPollMs,
    ...rest,
  })
}

/** openMigrationServices for the length of `use`. */
export async function withMigrationServices<T>(
  context: UseCaseContext,
  spec: MigrationSpec,
  callbacks: SessionCallbacks & { identity?: HubIdentity },
  use: (services: MigrationServices) => Promise<T>,
): Promise<T> {
  const session = await openMigrationServices(context, spec, callbacks)
  try {
    return await use(session.services)
  } finally {
    await session.close()
  }
}
