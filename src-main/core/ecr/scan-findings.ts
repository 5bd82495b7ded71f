import { createWaiter, WaiterState, waiterServiceDefaults } from '@smithy/core/client'
import {
  DescribeImageScanFindingsCommand,
  type DescribeImageScanFindingsResponse,
  type ECRClient,
  type EnhancedImageScanFinding,
  GetRegistryScanningConfigurationCommand,
  type ImageScanFinding,
} from '@aws-sdk/client-ecr'

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const
export type Severity = (typeof SEVERITIES)[number]

/** One vulnerability of an image, the same for basic scanning and enhanced scanning (Amazon Inspector). */
export interface Finding {
  /** `CVE-2024-1234`, or the scanner's own id. */
  id: string
  severity: Severity
  packageName?: string
  installedVersion?: string
  /** Enhanced scanning only: basic scanning does not say which version fixes it. */
  fixedInVersion?: string
  link?: string
}

/**
 * What is known of an image's scan. `COMPLETE` (basic) and `ACTIVE` (enhanced) have counts and the top findings;
 * every other state has an explanation a person can act on (`UNSUPPORTED_IMAGE` is no failure: the scanner does not
 * read that image).
 */
export interface ImageScan {
  status: string
  explanation?: string
  counts: Partial<Record<Severity, number>>
  top: Finding[]
  completedAt?: Date
}

/** Which scanner the registry uses: `BASIC` (ECR's own) or `ENHANCED` (Amazon Inspector, continuous). */
export async function registryScanType(client: ECRClient, signal?: AbortSignal): Promise<'BASIC' | 'ENHANCED'> {
  const answer = await client.send(new GetRegistryScanningConfigurationCommand({}), { abortSignal: signal })
  return answer.scanningConfiguration?.scanType === 'ENHANCED' ? 'ENHANCED' : 'BASIC'
}

export interface ScanWait {
  /** How long to wait at most; the SDK waiters' pacing (5 s first, backing off to 120 s) applies. */
  maxWaitSeconds: number
  /** The waiter's first delay; the SDK's 5 s unless a caller (a test against an emulator) says less. */
  minDelaySeconds?: number
  signal?: AbortSignal
}

/**
 * An image's scan: its status, severity counts and the `top` findings, worst first. With `wait`, a scan still running
 * (IN_PROGRESS, PENDING) is waited for with the SDK waiter's pacing (DescribeImageScanFindings, backing off from
 * `minDelay` to 120 s, up to `maxWaitSeconds`); unlike the SDK's ImageScanComplete waiter, every end counts as one
 * (an UNSUPPORTED_IMAGE or an ACTIVE image will not become COMPLETE, so waiting for that would wait in vain).
 */
export async function imageScan(
  client: ECRClient,
  image: { repository: string; digest: string },
  options: { top: number; wait?: ScanWait; signal?: AbortSignal },
): Promise<ImageScan> {
  const input = { repositoryName: image.repository, imageId: { imageDigest: image.digest }, maxResults: 1000 }
  const askFindings = () => client.send(new DescribeImageScanFindingsCommand(input), { abortSignal: options.signal })
  let answer: DescribeImageScanFindingsResponse
  try {
    answer = await askFindings()
    if (options.wait && RUNNING.has(answer.imageScanStatus?.status ?? ''))
      answer = await waitForScan(askFindings, options.wait)
  } catch (error) {
    if ((error as Error).name === 'ScanNotFoundException')
      return { status: 'NOT_SCANNED', explanation: EXPLANATIONS.NOT_SCANNED, counts: {}, top: [] }
    throw error
  }
  const status = answer.imageScanStatus?.status ?? 'NOT_SCANNED'
  const findings = answer.imageScanFindings
  const all = [...(findings?.findings ?? []).map(basicFinding), ...(findings?.enhancedFindings ?? []).map(enhanced)]
  return {
    status,
    ...(WITH_FINDINGS.has(status) ? {} : { explanation: explain(status, answer.imageScanStatus?.description) }),
    counts: (findings?.findingSeverityCounts ?? {}) as Partial<Record<Severity, number>>,
    top: all.sort(worstFirst).slice(0, options.top),
    ...(findings?.imageScanCompletedAt ? { completedAt: findings.imageScanCompletedAt } : {}),
  }
}

const RUNNING = new Set(['IN_PROGRESS', 'PENDING'])

/** The last answer once the scan has ended, or the answer it had when the wait ran out. */
async function waitForScan(
  askFindings: () => Promise<DescribeImageScanFindingsResponse>,
  wait: ScanWait,
): Promise<DescribeImageScanFindingsResponse> {
  let last: DescribeImageScanFindingsResponse | undefined
  await createWaiter(
    {
      client: undefined,
      ...waiterServiceDefaults,
      ...(wait.minDelaySeconds ? { minDelay: wait.minDelaySeconds } : {}),
      maxWaitTime: wait.maxWaitSeconds,
      ...(wait.signal ? { abortSignal: wait.signal } : {}),
    },
    undefined,
    async () => {
      last = await askFindings()
      return { state: RUNNING.has(last.imageScanStatus?.status ?? '') ? WaiterState.RETRY : WaiterState.SUCCESS }
    },
  )
  wait.signal?.throwIfAborted()
  return last ?? askFindings()
}

/** What each state means for the person reading the findings, and what they can do. */
const EXPLANATIONS: Record<string, string> = {
  NOT_SCANNED:
    'not scanned: turn on scan on push for the repository, or start a scan (basic scanning allows one per image ' +
    'per 24 hours)',
  IN_PROGRESS: 'the scan is still running; ask again in a minute, or wait for it',
  PENDING: 'the scan is queued; ask again in a minute, or wait for it',
  UNSUPPORTED_IMAGE:
    "the scanner does not read this image (its operating system or package manager isn't supported, or it is " +
    'not an image): nothing is wrong with it',
  SCAN_ELIGIBILITY_EXPIRED:
    'no longer rescanned: enhanced scanning keeps an image under watch only for the registry’s re-scan duration ' +
    'after its push or last pull; pull it or lengthen the duration to scan it again',
  FINDINGS_UNAVAILABLE: 'the findings are no longer available; start a new scan',
  LIMIT_EXCEEDED: 'basic scanning allows one scan per image per 24 hours; the last scan stands until then',
  IMAGE_ARCHIVED: 'archived images are not scanned; restore it to scan it',
  FAILED: 'the scan failed',
}

/** Statuses with findings: a basic scan done, or an image under enhanced (continuous) scanning. */
const WITH_FINDINGS = new Set(['COMPLETE', 'ACTIVE'])

function explain(status: string, description: string | undefined): string {
  const known = EXPLANATIONS[status] ?? status.toLowerCase().replaceAll('_', ' ')
  return description && status === 'FAILED' ? `${known}: ${description}` : known
}

const SEVERITY_RANK = new Map<string, number>(SEVERITIES.map((severity, i) => [severity, i]))

function worstFirst(a: Finding, b: Finding): number {
  return (SEVERITY_RANK.get(a.severity) ?? 9) - (SEVERITY_RANK.get(b.severity) ?? 9) || a.id.localeCompare(b.id)
}

function severityOf(value: string | undefined): Severity {
  return SEVERITIES.find((severity) => severity === value) ?? 'UNDEFINED'
}

/** Basic scanning: the package is in the finding's attributes (`package_name`, `package_version`). */
function basicFinding(finding: ImageScanFinding): Finding {
  const attribute = (key: string) => finding.attributes?.find((pair) => pair.key === key)?.value
  return {
    id: finding.name ?? 'unnamed',
    severity: severityOf(finding.severity),
    ...optional('packageName', attribute('package_name')),
    ...optional('installedVersion', attribute('package_version')),
    ...optional('link', finding.uri),
  }
}

/** Enhanced scanning: Amazon Inspector's finding, its package and fixed version in the vulnerability details. */
function enhanced(finding: EnhancedImageScanFinding): Finding {
  const details = finding.packageVulnerabilityDetails
  const affected = details?.vulnerablePackages?.[0]
  return {
    id: details?.vulnerabilityId ?? finding.title ?? 'unnamed',
    severity: severityOf(finding.severity),
    ...optional('packageName', affected?.name),
    ...optional('installedVersion', affected?.version),
    // Inspector writes `NotAvailable` where no version fixes it yet.
    ...optional('fixedInVersion', affected?.fixedInVersion === 'NotAvailable' ? undefined : affected?.fixedInVersion),
    ...optional('link', details?.sourceUrl),
  }
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {}
}
