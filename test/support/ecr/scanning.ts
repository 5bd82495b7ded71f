import { createHash } from 'node:crypto'
import { AwsError, epochSeconds } from './aws-json'
import { DEFAULTS, type ScanningOptions, type SeedScan, type SeedVulnerability } from './options'
import { page } from './paging'
import type { EcrImage, EcrRepository, ScanRecord } from './state'

/**
 * Image scanning as the ECR API reference and user guide describe it. Basic scanning scans on push where the
 * repository has scan on push, or when StartImageScan asks, "once per 24 hours on an individual image. This limit
 * includes if an image was scanned on initial push" (API_StartImageScan). Enhanced scanning (Amazon Inspector) scans
 * every repository continuously ("By default, when Enhanced scanning is selected, all of your repositories are
 * continuously scanned", image-scanning-enhanced-enabling), so the repository's scanOnPush does not matter; its
 * finished scans stay ACTIVE, "Continuous scan is selected for image." (API_DescribeImageScanFindings, enhanced
 * example). The emulator cannot scan: what a scan finds is the test's `findings` seed, and a scan takes
 * `scanSeconds` of the emulator's clock; the status is worked out from the clock whenever it is asked for.
 */

const DAY_MS = 24 * 60 * 60 * 1000

type ScanType = 'BASIC' | 'ENHANCED'

export interface ScanStatus {
  status: string
  description?: string
}

/** What DescribeImageScanFindings was asked, for its answer's imageId and its error messages. */
export interface ScanQuery {
  imageTag?: string
  maxResults?: unknown
  nextToken?: unknown
}

export class Scanner {
  readonly scanType: ScanType
  private readonly scanMs: number

  constructor(
    private readonly options: ScanningOptions,
    private readonly now: () => number,
  ) {
    this.scanType = options.scanType ?? 'BASIC'
    this.scanMs = (options.scanSeconds ?? DEFAULTS.scanSeconds) * 1000
  }

  /** A new image: basic scanning scans it if the repository scans on push; enhanced scanning scans every image. */
  pushed(repository: EcrRepository, image: EcrImage): void {
    if (this.scanType === 'ENHANCED' || repository.scanOnPush) this.start(repository, image)
  }

  /** StartImageScan: basic scanning only, once per image per 24 hours (the scan on push included). */
  startOnDemand(repository: EcrRepository, image: EcrImage): void {
    // StartImageScan "Starts a basic image vulnerability scan"; of its documented errors, ValidationException is the
    // one for a request the registry's configuration refuses (the message is what users report; not documented).
    if (this.scanType === 'ENHANCED') throw new AwsError('ValidationException', 'This feature is disabled')
    if (image.scan && this.now() - image.scan.startedAt < DAY_MS)
      throw new AwsError('LimitExceededException', 'The scan quota per image has been exceeded. Wait and try again.')
    this.start(repository, image)
  }

  /** ImageScanStatus now, or undefined when the image was never scanned. */
  status(image: EcrImage): ScanStatus | undefined {
    const scan = image.scan
    if (!scan) return undefined
    // API_ImageScanStatus lists both; PENDING ("The scan is in progress, and the findings aren't available yet", the
    // SDKs' ScanStatus text) belongs to enhanced scanning, IN_PROGRESS to basic scanning (API_StartImageScan).
    if (this.now() < scan.completedAt) return { status: this.scanType === 'ENHANCED' ? 'PENDING' : 'IN_PROGRESS' }
    if ('unsupported' in scan.seed) return { status: 'UNSUPPORTED_IMAGE', description: scan.seed.unsupported }
    if ('failed' in scan.seed) return { status: 'FAILED', description: scan.seed.failed }
    return this.scanType === 'ENHANCED'
      ? { status: 'ACTIVE', description: 'Continuous scan is selected for image.' }
      : { status: 'COMPLETE', description: 'The scan was completed successfully.' }
  }

  /** DescribeImages' imageScanStatus and, once the scan has findings, imageScanFindingsSummary. */
  detail(image: EcrImage): Record<string, unknown> {
    const status = this.status(image)
    if (!status) return {}
    const found = this.vulnerabilities(image, status)
    return { imageScanStatus: status, ...(found ? { imageScanFindingsSummary: summary(image.scan!, found) } : {}) }
  }

  /** DescribeImageScanFindings' answer past its imageId: the status and, once finished, the findings, paged. */
  findings(
    ctx: { accountId: string; region: string },
    repository: EcrRepository,
    image: EcrImage,
    query: ScanQuery,
  ): Record<string, unknown> {
    const status = this.status(image)
    if (!status) throw scanNotFound(ctx.accountId, repository, image, query.imageTag)
    const found = this.vulnerabilities(image, status)
    // Before a scan finishes (or when it cannot), there are no findings to page: only the status.
    if (!found) return { imageScanStatus: status }
    const { items, nextToken } = page([...found], query, 'DescribeImageScanFindings')
    const listed =
      this.scanType === 'ENHANCED'
        ? { enhancedFindings: items.map((v) => enhancedFinding(ctx, repository, image, v)) }
        : { findings: items.map(basicFinding) }
    return {
      imageScanStatus: status,
      imageScanFindings: { ...summary(image.scan!, found), ...listed },
      ...(nextToken ? { nextToken } : {}),
    }
  }

  private start(repository: EcrRepository, image: EcrImage): void {
    const seed: SeedScan = this.options.findings?.(repository.name, image.digest) ?? { vulnerabilities: [] }
    const startedAt = this.now()
    image.scan = { startedAt, completedAt: startedAt + this.scanMs, seed }
  }

  private vulnerabilities(image: EcrImage, status: ScanStatus): readonly SeedVulnerability[] | undefined {
    if (status.status !== 'COMPLETE' && status.status !== 'ACTIVE') return undefined
    const seed = image.scan?.seed
    return seed && 'vulnerabilities' in seed ? seed.vulnerabilities : []
  }
}

/** ScanNotFoundException, worded like ECR's other "does not exist" messages. */
function scanNotFound(accountId: string, r: EcrRepository, image: EcrImage, tag: string | undefined): AwsError {
  return new AwsError(
    'ScanNotFoundException',
    `Image scan does not exist for the image with '{imageDigest:'${image.digest}', imageTag:'${tag ?? 'null'}'}' ` +
      `in the repository with name '${r.name}' in the registry with id '${accountId}'`,
  )
}

/** ImageScanFindingsSummary / ImageScanFindings' common part: when, and the counts by severity. */
function summary(scan: ScanRecord, found: readonly SeedVulnerability[]): Record<string, unknown> {
  const counts: Record<string, number> = {}
  for (const { severity } of found) counts[severity] = (counts[severity] ?? 0) + 1
  return {
    imageScanCompletedAt: epochSeconds(scan.completedAt),
    vulnerabilitySourceUpdatedAt: epochSeconds(scan.completedAt),
    findingSeverityCounts: counts,
  }
}

/**
 * API_ImageScanFinding as the basic example shows it: the package in `attributes` (package_version, package_name;
 * the CVSS2_VECTOR / CVSS2_SCORE attributes are left out, the seed has no CVSS), and no fixed version.
 */
function basicFinding(v: SeedVulnerability): Record<string, unknown> {
  return {
    name: v.id,
    ...(v.description ? { description: v.description } : {}),
    uri: v.uri ?? `https://cve.mitre.org/cgi-bin/cvename.cgi?name=${v.id}`,
    severity: v.severity,
    attributes: [
      { key: 'package_version', value: v.packageVersion },
      { key: 'package_name', value: v.packageName },
    ],
  }
}

/**
 * API_EnhancedImageScanFinding as the enhanced example shows it: Amazon Inspector's finding, the package and its fix
 * in packageVulnerabilityDetails.vulnerablePackages (`fixedInVersion: "NotAvailable"`, `fixAvailable: "NO"` when
 * there is none), the image as an AWS_ECR_CONTAINER_IMAGE resource.
 */
function enhancedFinding(
  ctx: { accountId: string; region: string },
  repository: EcrRepository,
  image: EcrImage,
  v: SeedVulnerability,
): Record<string, unknown> {
  const observed = epochSeconds(image.scan!.completedAt)
  const id = createHash('sha256').update(`${image.digest} ${v.id} ${v.packageName}`).digest('hex').slice(0, 32)
  return {
    awsAccountId: ctx.accountId,
    description: v.description ?? v.id,
    findingArn: `arn:aws:inspector2:${ctx.region}:${ctx.accountId}:finding/${id}`,
    firstObservedAt: observed,
    lastObservedAt: observed,
    updatedAt: observed,
    packageVulnerabilityDetails: {
      source: 'NVD',
      sourceUrl: v.uri ?? `https://nvd.nist.gov/vuln/detail/${v.id}`,
      vulnerabilityId: v.id,
      vulnerablePackages: [
        {
          name: v.packageName,
          version: v.packageVersion,
          packageManager: 'OS',
          fixedInVersion: v.fixedInVersion ?? 'NotAvailable',
        },
      ],
    },
    resources: [
      {
        id: `arn:aws:ecr:${ctx.region}:${ctx.accountId}:repository/${repository.name}/${image.digest}`,
        type: 'AWS_ECR_CONTAINER_IMAGE',
        details: {
          awsEcrContainerImage: {
            imageHash: image.digest,
            pushedAt: epochSeconds(image.pushedAt),
            registry: ctx.accountId,
            repositoryName: repository.name,
          },
        },
      },
    ],
    severity: v.severity,
    status: 'ACTIVE',
    title: `${v.id} - ${v.packageName}`,
    type: 'PACKAGE_VULNERABILITY',
    fixAvailable: v.fixedInVersion ? 'YES' : 'NO',
  }
}
