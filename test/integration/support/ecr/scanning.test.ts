import {
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  GetRegistryScanningConfigurationCommand,
  paginateDescribeImageScanFindings,
  StartImageScanCommand,
  waitUntilImageScanComplete,
  type ECRClient,
  type ImageScanFinding,
} from '@aws-sdk/client-ecr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createManualClock,
  startEcrEmulator,
  type EcrEmulator,
  type ManualClock,
  type SeedScan,
  type SeedVulnerability,
} from '../../../support/ecr'
import { buildImage, pushManifestTree, type BuiltManifest } from '../../../support/images'
import { client, failure, registryLogin } from './http'

// Image scanning through the real SDK, against API_StartImageScan, API_DescribeImageScanFindings (its basic and
// enhanced examples), API_GetRegistryScanningConfiguration, API_ImageScanStatus and the SDK's own waiter; the
// emulator's clock is moved by hand, so a scan's few seconds pass when the test says.

const VULNERABILITIES: SeedVulnerability[] = [
  {
    id: 'CVE-2024-0001',
    severity: 'CRITICAL',
    packageName: 'openssl',
    packageVersion: '3.0.1',
    fixedInVersion: '3.0.2',
  },
  { id: 'CVE-2024-0002', severity: 'HIGH', packageName: 'zlib', packageVersion: '1.2.13', description: 'zlib bug' },
  { id: 'CVE-2024-0003', severity: 'HIGH', packageName: 'curl', packageVersion: '8.0.0', fixedInVersion: '8.0.1' },
  { id: 'CVE-2024-0004', severity: 'LOW', packageName: 'bash', packageVersion: '5.1', uri: 'https://example.test/4' },
  { id: 'CVE-2024-0005', severity: 'INFORMATIONAL', packageName: 'tar', packageVersion: '1.34' },
]
const UNSUPPORTED = 'The operating system and/or package manager are not supported.'

const vulnerable = buildImage({ format: 'oci', seed: 'scan-vulnerable' })
const unsupported = buildImage({ format: 'oci', seed: 'scan-unsupported' })
const broken = buildImage({ format: 'oci', seed: 'scan-broken' })
const manual = buildImage({ format: 'docker', seed: 'scan-manual' })
const waited = buildImage({ format: 'docker', seed: 'scan-waited' })
const clean = buildImage({ format: 'oci', seed: 'scan-clean' })

function seeded(_repository: string, digest: string): SeedScan {
  if (digest === unsupported.digest) return { unsupported: UNSUPPORTED }
  if (digest === broken.digest) return { failed: 'The scan failed.' }
  return { vulnerabilities: digest === vulnerable.digest || digest === manual.digest ? VULNERABILITIES : [] }
}

let basic: EcrEmulator
let enhanced: EcrEmulator
let basicClock: ManualClock
let enhancedClock: ManualClock

beforeAll(async () => {
  basicClock = createManualClock(Date.now())
  enhancedClock = createManualClock(Date.now())
  basic = await startEcrEmulator({
    clock: basicClock,
    repositories: [{ repositoryName: 'scan/on-push', scanOnPush: true }, { repositoryName: 'scan/manual' }],
    scanning: { findings: seeded },
  })
  enhanced = await startEcrEmulator({
    registry: basic.registry,
    clock: enhancedClock,
    // scanOnPush is not set: enhanced scanning scans every repository continuously regardless.
    repositories: [{ repositoryName: 'scan/continuous' }],
    scanning: { scanType: 'ENHANCED', scanSeconds: 30, findings: seeded },
  })
})

afterAll(async () => {
  await enhanced?.stop()
  await basic?.stop()
})

/** A client whose clock is the emulator's, so SigV4 holds however far the test moved it. */
function sdkAt(ecr: EcrEmulator, clock: ManualClock): ECRClient {
  return client(ecr, { systemClockOffset: clock.now() - Date.now() })
}

async function push(ecr: EcrEmulator, repository: string, image: BuiltManifest, tag: string): Promise<void> {
  await pushManifestTree(ecr.registryUrl, repository, image, tag, await registryLogin(ecr))
}

const findingsOf = (ecr: EcrEmulator, clock: ManualClock, repositoryName: string, imageTag: string) =>
  sdkAt(ecr, clock).send(new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageTag } }))

describe('basic scanning', () => {
  it('scans an image pushed to a scan-on-push repository: IN_PROGRESS, then COMPLETE with the seeded counts', async () => {
    const pushedAt = basicClock.now()
    await push(basic, 'scan/on-push', vulnerable, '1.0')
    const running = await findingsOf(basic, basicClock, 'scan/on-push', '1.0')
    expect(running.imageScanStatus).toEqual({ status: 'IN_PROGRESS' })
    expect(running.imageScanFindings).toBeUndefined()
    expect(running.imageId).toEqual({ imageDigest: vulnerable.digest, imageTag: '1.0' })

    basicClock.advance(5_000)
    const done = await findingsOf(basic, basicClock, 'scan/on-push', '1.0')
    expect(done).toMatchObject({
      registryId: basic.accountId,
      repositoryName: 'scan/on-push',
      imageScanStatus: { status: 'COMPLETE', description: 'The scan was completed successfully.' },
    })
    const found = done.imageScanFindings!
    expect(found.findingSeverityCounts).toEqual({ CRITICAL: 1, HIGH: 2, LOW: 1, INFORMATIONAL: 1 })
    expect(found.imageScanCompletedAt).toEqual(new Date(pushedAt + 5_000))
    expect(found.vulnerabilitySourceUpdatedAt).toBeInstanceOf(Date)
    expect(found.enhancedFindings).toBeUndefined()
    expect(found.findings).toHaveLength(5)
    expect(found.findings![1]).toEqual({
      name: 'CVE-2024-0002',
      description: 'zlib bug',
      uri: 'https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2024-0002',
      severity: 'HIGH',
      attributes: [
        { key: 'package_version', value: '1.2.13' },
        { key: 'package_name', value: 'zlib' },
      ],
    })
    expect(found.findings![3]!.uri).toBe('https://example.test/4')
  })

  it('pages the findings with maxResults and nextToken; the counts cover every page', async () => {
    const first = await sdkAt(basic, basicClock).send(
      new DescribeImageScanFindingsCommand({
        repositoryName: 'scan/on-push',
        imageId: { imageDigest: vulnerable.digest },
        maxResults: 2,
      }),
    )
    expect(first.imageId).toEqual({ imageDigest: vulnerable.digest })
    expect(first.imageScanFindings!.findings!.map((f) => f.name)).toEqual(['CVE-2024-0001', 'CVE-2024-0002'])
    expect(first.imageScanFindings!.findingSeverityCounts).toMatchObject({ CRITICAL: 1, HIGH: 2 })
    expect(first.nextToken).toEqual(expect.any(String))

    const names: string[] = []
    const pages = paginateDescribeImageScanFindings(
      { client: sdkAt(basic, basicClock), pageSize: 2 },
      { repositoryName: 'scan/on-push', imageId: { imageTag: '1.0' } },
    )
    let count = 0
    for await (const p of pages) {
      count++
      names.push(...p.imageScanFindings!.findings!.map((f: ImageScanFinding) => f.name!))
    }
    expect(count).toBe(3)
    expect(names).toEqual(VULNERABILITIES.map((v) => v.id))

    const e = await failure(
      sdkAt(basic, basicClock).send(
        new DescribeImageScanFindingsCommand({
          repositoryName: 'scan/on-push',
          imageId: { imageTag: '1.0' },
          maxResults: 1001,
        }),
      ),
    )
    expect(e.name).toBe('InvalidParameterException')
  })

  it('lists the scan in DescribeImages: the status, and the summary once the scan is complete', async () => {
    const out = await sdkAt(basic, basicClock).send(
      new DescribeImagesCommand({ repositoryName: 'scan/on-push', imageIds: [{ imageTag: '1.0' }] }),
    )
    const detail = out.imageDetails![0]!
    expect(detail.imageScanStatus).toEqual({ status: 'COMPLETE', description: 'The scan was completed successfully.' })
    expect(detail.imageScanFindingsSummary).toEqual({
      imageScanCompletedAt: expect.any(Date),
      vulnerabilitySourceUpdatedAt: expect.any(Date),
      findingSeverityCounts: { CRITICAL: 1, HIGH: 2, LOW: 1, INFORMATIONAL: 1 },
    })
  })

  it('answers ScanNotFoundException for an image never scanned, and DescribeImages shows no scan', async () => {
    await push(basic, 'scan/manual', manual, 'm1')
    const e = await failure(findingsOf(basic, basicClock, 'scan/manual', 'm1'))
    expect(e.name).toBe('ScanNotFoundException')
    expect(e.$metadata.httpStatusCode).toBe(400)
    expect(e.message).toContain(manual.digest)
    const out = await sdkAt(basic, basicClock).send(
      new DescribeImagesCommand({ repositoryName: 'scan/manual', imageIds: [{ imageTag: 'm1' }] }),
    )
    expect(out.imageDetails![0]).not.toHaveProperty('imageScanStatus')
    expect(out.imageDetails![0]).not.toHaveProperty('imageScanFindingsSummary')
  })

  it('starts a scan with StartImageScan, and refuses a second one within 24 hours with LimitExceededException', async () => {
    const sdk = sdkAt(basic, basicClock)
    const started = await sdk.send(
      new StartImageScanCommand({ repositoryName: 'scan/manual', imageId: { imageTag: 'm1' } }),
    )
    expect(started).toMatchObject({
      registryId: basic.accountId,
      repositoryName: 'scan/manual',
      imageId: { imageDigest: manual.digest, imageTag: 'm1' },
      imageScanStatus: { status: 'IN_PROGRESS' },
    })
    const again = await failure(
      sdk.send(new StartImageScanCommand({ repositoryName: 'scan/manual', imageId: { imageDigest: manual.digest } })),
    )
    expect(again.name).toBe('LimitExceededException')
    expect(again.message).toBe('The scan quota per image has been exceeded. Wait and try again.')
    // The scan on push counts too ("This limit includes if an image was scanned on initial push").
    const onPush = await failure(
      sdk.send(new StartImageScanCommand({ repositoryName: 'scan/on-push', imageId: { imageTag: '1.0' } })),
    )
    expect(onPush.name).toBe('LimitExceededException')
  })

  it('answers RepositoryNotFoundException and ImageNotFoundException', async () => {
    const sdk = sdkAt(basic, basicClock)
    const noRepo = await failure(
      sdk.send(new StartImageScanCommand({ repositoryName: 'scan/none', imageId: { imageTag: 'x' } })),
    )
    expect(noRepo.name).toBe('RepositoryNotFoundException')
    const noImage = await failure(
      sdk.send(new StartImageScanCommand({ repositoryName: 'scan/manual', imageId: { imageTag: 'absent' } })),
    )
    expect(noImage.name).toBe('ImageNotFoundException')
    const noImageFindings = await failure(findingsOf(basic, basicClock, 'scan/manual', 'absent'))
    expect(noImageFindings.name).toBe('ImageNotFoundException')
  })

  it("lets the SDK's waitUntilImageScanComplete succeed once the clock passes the scan's seconds", async () => {
    await push(basic, 'scan/manual', waited, 'w1')
    const sdk = sdkAt(basic, basicClock)
    await sdk.send(new StartImageScanCommand({ repositoryName: 'scan/manual', imageId: { imageTag: 'w1' } }))
    const input = { repositoryName: 'scan/manual', imageId: { imageTag: 'w1' } }
    // Half a scan's time passes every 100 ms of real time, while the waiter polls.
    const ticker = setInterval(() => basicClock.advance(2_500), 100)
    try {
      const result = await waitUntilImageScanComplete(
        { client: sdk, maxWaitTime: 20, minDelay: 0.2, maxDelay: 0.5 },
        input,
      )
      expect(result.state).toBe('SUCCESS')
    } finally {
      clearInterval(ticker)
    }
    const done = await sdkAt(basic, basicClock).send(new DescribeImageScanFindingsCommand(input))
    expect(done.imageScanStatus!.status).toBe('COMPLETE')
    expect(done.imageScanFindings!.findingSeverityCounts).toEqual({})
    expect(done.imageScanFindings!.findings).toEqual([])
  })

  it('reports UNSUPPORTED_IMAGE and FAILED with their descriptions, without findings; the waiter fails on FAILED', async () => {
    await push(basic, 'scan/on-push', unsupported, 'tool')
    await push(basic, 'scan/on-push', broken, 'broken')
    basicClock.advance(5_000)
    const tool = await findingsOf(basic, basicClock, 'scan/on-push', 'tool')
    expect(tool.imageScanStatus).toEqual({ status: 'UNSUPPORTED_IMAGE', description: UNSUPPORTED })
    expect(tool.imageScanFindings).toBeUndefined()
    const failed = await findingsOf(basic, basicClock, 'scan/on-push', 'broken')
    expect(failed.imageScanStatus).toEqual({ status: 'FAILED', description: 'The scan failed.' })

    const out = await sdkAt(basic, basicClock).send(
      new DescribeImagesCommand({ repositoryName: 'scan/on-push', imageIds: [{ imageTag: 'tool' }] }),
    )
    expect(out.imageDetails![0]!.imageScanStatus).toEqual({ status: 'UNSUPPORTED_IMAGE', description: UNSUPPORTED })
    expect(out.imageDetails![0]).not.toHaveProperty('imageScanFindingsSummary')

    const waiting = await failure(
      waitUntilImageScanComplete(
        { client: sdkAt(basic, basicClock), maxWaitTime: 5, minDelay: 0.2, maxDelay: 0.5 },
        { repositoryName: 'scan/on-push', imageId: { imageTag: 'broken' } },
      ),
    )
    expect(waiting.message).toContain('FAILURE')
  })

  it('has no registry rules: the repositories decide scan on push', async () => {
    const out = await sdkAt(basic, basicClock).send(new GetRegistryScanningConfigurationCommand({}))
    expect(out).toMatchObject({ registryId: basic.accountId, scanningConfiguration: { scanType: 'BASIC', rules: [] } })
  })

  it('scans every image clean when no findings are seeded', async () => {
    const clock = createManualClock(Date.now())
    const plain = await startEcrEmulator({
      registry: basic.registry,
      clock,
      repositories: [{ repositoryName: 'scan/plain', scanOnPush: true }],
    })
    try {
      await push(plain, 'scan/plain', clean, 'c1')
      clock.advance(5_000)
      const out = await findingsOf(plain, clock, 'scan/plain', 'c1')
      expect(out.imageScanStatus!.status).toBe('COMPLETE')
      expect(out.imageScanFindings).toMatchObject({ findingSeverityCounts: {}, findings: [] })
    } finally {
      await plain.stop()
    }
  })

  it('allows StartImageScan again once 24 hours have passed', async () => {
    basicClock.advance(24 * 60 * 60 * 1000)
    const sdk = sdkAt(basic, basicClock)
    const out = await sdk.send(
      new StartImageScanCommand({ repositoryName: 'scan/manual', imageId: { imageTag: 'm1' } }),
    )
    expect(out.imageScanStatus).toEqual({ status: 'IN_PROGRESS' })
    expect((await findingsOf(basic, basicClock, 'scan/manual', 'm1')).imageScanStatus!.status).toBe('IN_PROGRESS')
  })
})

describe('enhanced scanning', () => {
  it('scans every push continuously: PENDING, then ACTIVE with Inspector findings', async () => {
    await push(enhanced, 'scan/continuous', vulnerable, '1.0')
    const pending = await findingsOf(enhanced, enhancedClock, 'scan/continuous', '1.0')
    expect(pending.imageScanStatus).toEqual({ status: 'PENDING' })
    expect(pending.imageScanFindings).toBeUndefined()

    enhancedClock.advance(30_000)
    const active = await findingsOf(enhanced, enhancedClock, 'scan/continuous', '1.0')
    expect(active.imageScanStatus).toEqual({ status: 'ACTIVE', description: 'Continuous scan is selected for image.' })
    const found = active.imageScanFindings!
    expect(found.findings).toBeUndefined()
    expect(found.findingSeverityCounts).toEqual({ CRITICAL: 1, HIGH: 2, LOW: 1, INFORMATIONAL: 1 })
    expect(found.enhancedFindings).toHaveLength(5)
    const [critical, high] = found.enhancedFindings!
    expect(critical).toMatchObject({
      awsAccountId: enhanced.accountId,
      findingArn: expect.stringMatching(/^arn:aws:inspector2:us-east-1:123456789012:finding\/[0-9a-f]{32}$/),
      severity: 'CRITICAL',
      status: 'ACTIVE',
      type: 'PACKAGE_VULNERABILITY',
      title: 'CVE-2024-0001 - openssl',
      fixAvailable: 'YES',
      firstObservedAt: expect.any(Date),
      packageVulnerabilityDetails: {
        vulnerabilityId: 'CVE-2024-0001',
        sourceUrl: 'https://nvd.nist.gov/vuln/detail/CVE-2024-0001',
        vulnerablePackages: [{ name: 'openssl', version: '3.0.1', fixedInVersion: '3.0.2', packageManager: 'OS' }],
      },
      resources: [
        {
          type: 'AWS_ECR_CONTAINER_IMAGE',
          id: `arn:aws:ecr:us-east-1:123456789012:repository/scan/continuous/${vulnerable.digest}`,
          details: { awsEcrContainerImage: { imageHash: vulnerable.digest, repositoryName: 'scan/continuous' } },
        },
      ],
    })
    // No fix: the documented example's "NotAvailable" and fixAvailable NO.
    expect(high).toMatchObject({ fixAvailable: 'NO', description: 'zlib bug' })
    expect(high!.packageVulnerabilityDetails!.vulnerablePackages![0]!.fixedInVersion).toBe('NotAvailable')

    const listed = await sdkAt(enhanced, enhancedClock).send(
      new DescribeImagesCommand({ repositoryName: 'scan/continuous', imageIds: [{ imageTag: '1.0' }] }),
    )
    expect(listed.imageDetails![0]!.imageScanStatus!.status).toBe('ACTIVE')
    expect(listed.imageDetails![0]!.imageScanFindingsSummary!.findingSeverityCounts).toMatchObject({ CRITICAL: 1 })
  })

  it('refuses StartImageScan: manual scans are basic scanning only', async () => {
    const e = await failure(
      sdkAt(enhanced, enhancedClock).send(
        new StartImageScanCommand({ repositoryName: 'scan/continuous', imageId: { imageTag: '1.0' } }),
      ),
    )
    expect(e.name).toBe('ValidationException')
  })

  it('reports a CONTINUOUS_SCAN rule over every repository', async () => {
    const out = await sdkAt(enhanced, enhancedClock).send(new GetRegistryScanningConfigurationCommand({}))
    expect(out.scanningConfiguration).toEqual({
      scanType: 'ENHANCED',
      rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }],
    })
  })
})
