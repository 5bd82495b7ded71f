import { ecrClient, PUT_IMAGE_PER_SECOND } from '../core/ecr/ecr-client'
import { ecrCredentialResolver } from '../core/ecr/ecr-registry-credentials'
import { EcrRepositoryEnsurer, settingsDifferenceWarning } from '../core/ecr/repository-ensurer'
import type { CopyEngineOptions } from '../core/migration/copy-engine'
import type { CredentialResolver } from '../core/registry/credentials'
import { ecrRegion } from './ecr-host'
import { repositorySettings, type RepositorySettingsFlags } from './repository-settings-flags'
import { UsageError } from './usage-error'

export interface EcrFlags extends RepositorySettingsFlags {
  ecr?: boolean
  profile?: string
  region?: string
}

export interface EcrDestination {
  credentials: (fallback: CredentialResolver) => CredentialResolver
  engine: Pick<CopyEngineOptions, 'prepareDestination' | 'manifestWritesPerSecond'>
  /** After the copy: the lifecycle policy on the repositories the run created. */
  finish: () => Promise<void>
}

/**
 * What an ECR destination adds to a copy: registry sign-in from GetAuthorizationToken with the AWS
 * credentials of the default provider chain (environment, shared files, profiles, SSO, assumed roles; no AWS
 * secret is ever stored by Crossdock), repositories created with the chosen settings before the first push
 * (and their lifecycle policy once the copy is done), and manifest writes paced to PutImage's rate. Undefined when the
 * destination is not ECR.
 */
export function ecrDestination(
  flags: EcrFlags,
  registry: string,
  warn: (message: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): EcrDestination | undefined {
  const hostRegion = ecrRegion(registry)
  if (!hostRegion && !flags.ecr) return undefined
  const region = flags.region ?? hostRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION
  if (!region)
    throw new UsageError(`${registry} is not an ECR host name, so its Region cannot be read from it: pass --region.`)
  const client = ecrClient(region, flags.profile)
  const ensurer = new EcrRepositoryEnsurer(client, repositorySettings(flags))
  return {
    credentials: (fallback) => ecrCredentialResolver({ client, registry, fallback }),
    engine: {
      manifestWritesPerSecond: PUT_IMAGE_PER_SECOND,
      prepareDestination: async (_registry, repository) => {
        const warning = settingsDifferenceWarning(await ensurer.ensure(repository))
        if (warning) warn(warning)
      },
    },
    finish: () => ensurer.applyLifecyclePolicy(ensurer.created),
  }
}
