import type { RunningRegistry } from '../registry'
import type { Clock } from '../dockerhub/options'

export type { Clock, ManualClock } from '../dockerhub/options'
export { createManualClock, realClock } from '../dockerhub/options'

export type TagMutability = 'MUTABLE' | 'IMMUTABLE' | 'MUTABLE_WITH_EXCLUSION' | 'IMMUTABLE_WITH_EXCLUSION'

export interface ExclusionFilter {
  filterType: 'WILDCARD'
  filter: string
}

export interface EncryptionConfiguration {
  encryptionType: 'AES256' | 'KMS' | 'KMS_DSSE'
  kmsKey?: string
}

export interface ResourceTag {
  Key: string
  Value: string
}

/** A repository that exists when the emulator starts, as if made by CreateRepository. */
export interface SeedEcrRepository {
  repositoryName: string
  imageTagMutability?: TagMutability
  imageTagMutabilityExclusionFilters?: ExclusionFilter[]
  scanOnPush?: boolean
  encryptionConfiguration?: EncryptionConfiguration
  tags?: ResourceTag[]
  lifecyclePolicyText?: string
}

/** A repository creation template (CreateRepositoryCreationTemplate's shape, facts §6.6). */
export interface SeedTemplate {
  /** `ROOT` or a prefix; "/" is assumed at its end. */
  prefix: string
  description?: string
  appliedFor: Array<'CREATE_ON_PUSH' | 'PULL_THROUGH_CACHE' | 'REPLICATION'>
  imageTagMutability?: TagMutability
  imageTagMutabilityExclusionFilters?: ExclusionFilter[]
  encryptionConfiguration?: EncryptionConfiguration
  resourceTags?: ResourceTag[]
  lifecyclePolicy?: string
  repositoryPolicy?: string
  customRoleArn?: string
}

/** API_ImageScanFinding's severities (FindingSeverity). */
export type SeedSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' | 'UNDEFINED'

/** One vulnerability a scan reports: a basic finding, or an enhanced (Amazon Inspector) one. */
export interface SeedVulnerability {
  /** e.g. `CVE-2024-1234`: the basic finding's `name`, the enhanced finding's `vulnerabilityId`. */
  id: string
  severity: SeedSeverity
  packageName: string
  packageVersion: string
  /** Enhanced findings only (basic ones have no fixed version); without it `fixAvailable` is NO. */
  fixedInVersion?: string
  description?: string
  /** The basic finding's `uri`, the enhanced finding's `sourceUrl`; default an NVD/MITRE link for `id`. */
  uri?: string
}

/**
 * What scanning an image finds: vulnerabilities (COMPLETE, or ACTIVE under enhanced scanning), an image the scanner
 * cannot read (UNSUPPORTED_IMAGE with this description), or a failed scan (FAILED with this description).
 */
export type SeedScan = { vulnerabilities: readonly SeedVulnerability[] } | { unsupported: string } | { failed: string }

export interface ScanningOptions {
  /** The registry's scanning configuration (GetRegistryScanningConfiguration); default BASIC. */
  scanType?: 'BASIC' | 'ENHANCED'
  /** How long a scan takes on the emulator's clock; default 5 s. */
  scanSeconds?: number
  /** What scanning an image finds; default every image scans clean. */
  findings?: (repositoryName: string, digest: string) => SeedScan
}

export interface TokenBucketLimit {
  /** Sustained requests per second. */
  perSecond: number
  /** Bucket size; default `perSecond`. */
  burst?: number
}

export interface EcrEmulatorOptions {
  /** `{ accessKeyId: secretAccessKey }`; default `{ AKIDEXAMPLE: 'ecr-emulator-secret' }`. */
  credentials?: Record<string, string>
  /** Session tokens per access key id: a key listed here must send this `X-Amz-Security-Token`. */
  sessionTokens?: Record<string, string>
  /** Default us-east-1. */
  region?: string
  /** 12 digits; default 123456789012. */
  accountId?: string
  /** GetAuthorizationToken's token lifetime; default 43200 s ("valid 12 hours", facts §6.9). */
  tokenLifetimeSeconds?: number
  clock?: Clock
  /** The `BLOB_MOUNTING` account setting (facts §6.7); default false (off by default). */
  blobMounting?: boolean
  /** PutImage quota on manifest PUTs; default 10 per second (facts §5); false = none. */
  putImageRate?: TokenBucketLimit | false
  /** A throttle on every control-plane call (ThrottlingException); default none (quotas unpublished, facts §5). */
  apiThrottle?: TokenBucketLimit | false
  /** Lifetime of the pre-signed storage URLs blob GETs redirect to; default 600 s. */
  storageUrlLifetimeSeconds?: number
  /** Allowed `X-Amz-Date` skew; default 300 s (the SDK's own clock-skew correction assumes 5 minutes). */
  maxClockSkewSeconds?: number
  /**
   * Status of a registry request with an expired token: 401 (default; the spec, so clients re-authenticate
   * on a 401) or 403 (what users report ECR sending, "Your authorization token has expired" — not in AWS's docs).
   */
  expiredTokenStatus?: 401 | 403
  repositories?: SeedEcrRepository[]
  templates?: SeedTemplate[]
  /** Image scanning: basic or enhanced, how long a scan takes, what it finds (behaviour in scanning.ts). */
  scanning?: ScanningOptions
  /** Image data goes to this registry (not stopped by `stop`); default: start one. */
  registry?: RunningRegistry
}

export const DEFAULTS = {
  credentials: { AKIDEXAMPLE: 'ecr-emulator-secret' } as Record<string, string>,
  region: 'us-east-1',
  accountId: '123456789012',
  tokenLifetimeSeconds: 43_200,
  putImageRate: { perSecond: 10 } as TokenBucketLimit,
  storageUrlLifetimeSeconds: 600,
  maxClockSkewSeconds: 300,
  scanSeconds: 5,
}
