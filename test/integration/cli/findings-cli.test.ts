import { ECRClient } from '@aws-sdk/client-ecr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { imageScan } from '../../../src-main/core/ecr/scan-findings'
import { runCrossdock } from '../../support/cli'
import { startEcrEmulator, type EcrEmulator } from '../../support/ecr'
import { registryLogin } from '../../support/ecr/sdk'
import { buildImage, pushManifestTree } from '../../support/images'

const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'ecr-emulator-secret' }
const api = buildImage({ format: 'oci', seed: 'findings-api' })
const tool = buildImage({ format: 'oci', seed: 'findings-tool' })
const later = buildImage({ format: 'oci', seed: 'findings-later' })
let basic: EcrEmulator
let enhanced: EcrEmulator

/** The scanner's verdicts, by image: the api has vulnerabilities, the tool is an image the scanner cannot read. */
function seededFindings(_repository: string, digest: string) {
  if (digest === tool.digest) return { unsupported: 'The operating system and/or package manager are not supported.' }
  if (digest !== api.digest && digest !== later.digest) return { vulnerabilities: [] }
  return {
    vulnerabilities: [
      { id: 'CVE-2024-0002', severity: 'HIGH', packageName: 'zlib', packageVersion: '1.2.13', fixedInVersion: '1.3' },
      {
        id: 'CVE-2024-0001',
        severity: 'CRITICAL',
        packageName: 'openssl',
        packageVersion: '3.0.1',
        fixedInVersion: '3.0.2',
      },
      { id: 'CVE-2024-0003', severity: 'LOW', packageName: 'bash', packageVersion: '5.1' },
      { id: 'CVE-2024-0004', severity: 'HIGH', packageName: 'curl', packageVersion: '8.0.0', fixedInVersion: '8.0.1' },
    ] as const,
  }
}

beforeAll(async () => {
  ;[basic, enhanced] = await Promise.all([
    startEcrEmulator({
      repositories: [{ repositoryName: 'mirror/acme/api', scanOnPush: true }, { repositoryName: 'other/x' }],
      scanning: { scanType: 'BASIC', scanSeconds: 3, findings: seededFindings },
    }),
    startEcrEmulator({
      repositories: [{ repositoryName: 'mirror/acme/api' }],
      scanning: { scanType: 'ENHANCED', scanSeconds: 0, findings: seededFindings },
    }),
  ])
  for (const ecr of [basic, enhanced]) {
    const login = await registryLogin(ecr)
    await pushManifestTree(ecr.registryUrl, 'mirror/acme/api', api, '1.0', login)
    await pushManifestTree(ecr.registryUrl, 'mirror/acme/api', tool, 'tool', login)
  }
})
afterAll(async () => {
  await Promise.all([basic?.stop(), enhanced?.stop()])
})

const env = (ecr: EcrEmulator) => ({
  AWS_ACCESS_KEY_ID: KEY.accessKeyId,
  AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
  AWS_ENDPOINT_URL_ECR: ecr.controlUrl,
  AWS_REGION: ecr.region,
})

describe('crossdock findings', () => {
  it('lists counts by severity and the worst findings first, and explains an image the scanner cannot read', async () => {
    const result = await runCrossdock(['findings', '--to', `ecr://${basic.region}/mirror`, '--wait', '30'], env(basic))
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('Scanned with basic scanning.')
    expect(result.stdout).toContain('mirror/acme/api')
    expect(result.stdout).not.toContain('other/x')
    expect(result.stdout).toMatch(/1\.0 +sha256:\S+ +1 critical, 2 high, 1 low/)
    const lines = result.stdout.split('\n').map((line) => line.trim())
    const first = lines.findIndex((line) => line.startsWith('CRITICAL'))
    expect(lines.slice(first, first + 3)).toEqual([
      expect.stringMatching(/^CRITICAL +CVE-2024-0001 +openssl 3\.0\.1/),
      expect.stringMatching(/^HIGH +CVE-2024-0002 +zlib 1\.2\.13/),
      expect.stringMatching(/^HIGH +CVE-2024-0004 +curl 8\.0\.0/),
    ])
    expect(result.stdout).toMatch(/tool +sha256:\S+ +UNSUPPORTED_IMAGE: the scanner does not read this image/)
  })

  it('reads enhanced scanning (Amazon Inspector) findings with the version that fixes each, as JSON', async () => {
    const result = await runCrossdock(
      ['findings', '--to', `ecr://${enhanced.region}/mirror`, '--top', '2', '--json'],
      env(enhanced),
    )
    expect(result.code, result.stderr).toBe(0)
    const { scanType, repositories } = JSON.parse(result.stdout)
    expect(scanType).toBe('ENHANCED')
    const image = repositories[0].images.find((listed: { tags: string[] }) => listed.tags.includes('1.0'))
    expect(image).toMatchObject({
      status: 'ACTIVE',
      counts: { CRITICAL: 1, HIGH: 2, LOW: 1 },
      top: [
        {
          id: 'CVE-2024-0001',
          severity: 'CRITICAL',
          packageName: 'openssl',
          installedVersion: '3.0.1',
          fixedInVersion: '3.0.2',
        },
        { id: 'CVE-2024-0002', severity: 'HIGH', packageName: 'zlib', fixedInVersion: '1.3' },
      ],
    })
  })

  it('says an image was never scanned, and what to do, rather than failing', async () => {
    await pushManifestTree(basic.registryUrl, 'other/x', later, '2.0', await registryLogin(basic))
    const client = new ECRClient({ region: basic.region, endpoint: basic.controlUrl, credentials: KEY })
    try {
      const scan = await imageScan(client, { repository: 'other/x', digest: later.digest }, { top: 3 })
      expect(scan).toMatchObject({ status: 'NOT_SCANNED', explanation: expect.stringContaining('scan on push') })
    } finally {
      client.destroy()
    }
  })
})
