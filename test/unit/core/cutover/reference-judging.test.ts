import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fixCommand } from '../../../../src-main/core/cutover/fix-command'
import { findReferences } from '../../../../src-main/core/cutover/file-finders'
import type { FoundReference } from '../../../../src-main/core/cutover/found-reference'
import { mapImage, parseMappingRule, rulesFromReport } from '../../../../src-main/core/cutover/image-mapping'
import { referenceOrigin } from '../../../../src-main/core/cutover/reference-origin'
import { scanReferences, type ScannedReference } from '../../../../src-main/core/cutover/reference-scan'
import { formatReference, parseReference } from '../../../../src-main/core/reference/reference'

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'

describe('referenceOrigin', () => {
  it('reads every spelling of Docker Hub as Docker Hub', () => {
    for (const text of ['nginx', 'library/nginx:1', 'docker.io/acme/api', 'index.docker.io/acme/api:2'])
      expect(referenceOrigin(text).kind).toBe('docker-hub')
    expect(referenceOrigin('registry.hub.docker.com/acme/api').kind).toBe('docker-hub')
  })

  it("puts mirrors of Docker Hub's content in their own category, naming the Docker Hub image", () => {
    const cases = [
      ['mirror.gcr.io/library/nginx:1.27', 'docker.io/library/nginx:1.27'],
      ['public.ecr.aws/docker/library/redis:7', 'docker.io/library/redis:7'],
      [`${ECR}/docker-hub/library/node:20`, 'docker.io/library/node:20'],
    ] as const
    for (const [text, hub] of cases) {
      const origin = referenceOrigin(text)
      expect(origin.kind).toBe('hub-mirror')
      if (origin.kind === 'hub-mirror') expect(formatReference(origin.hub)).toBe(hub)
    }
  })

  it('leaves other registries, ECR Public outside docker/library, and ECR outside docker-hub/ elsewhere', () => {
    for (const text of ['ghcr.io/acme/api:1', 'public.ecr.aws/lambda/nodejs:20', `${ECR}/acme/api:1`, 'quay.io/x/y'])
      expect(referenceOrigin(text).kind).toBe('elsewhere')
  })

  it('calls a text that is no reference invalid', () => {
    expect(referenceOrigin('-nginx').kind).toBe('invalid')
    expect(referenceOrigin('Nginx').kind).toBe('invalid')
  })
})

describe('mapping rules', () => {
  it('maps by the longest whole-component prefix, keeping the tag and digest', () => {
    const rules = [
      parseMappingRule(`docker.io/acme=${ECR}/mirror/acme`),
      parseMappingRule(`docker.io/acme/legacy=${ECR}/old`),
      parseMappingRule(`docker.io/library=${ECR}/docker-hub/library`),
    ]
    const map = (text: string) => {
      const mapped = mapImage(rules, parseReference(text))
      return mapped && formatReference(mapped.image)
    }
    expect(map('acme/api:1.2')).toBe(`${ECR}/mirror/acme/api:1.2`)
    expect(map('acme/legacy/web:3')).toBe(`${ECR}/old/web:3`)
    expect(map(`nginx@sha256:${'a'.repeat(64)}`)).toBe(`${ECR}/docker-hub/library/nginx@sha256:${'a'.repeat(64)}`)
    // `acmecorp` is not under `acme`: whole components only.
    expect(map('acmecorp/api:1')).toBeUndefined()
  })

  it('says why a Docker Hub name cannot be an ECR name', () => {
    const mapped = mapImage([parseMappingRule(`docker.io=${ECR}`)], parseReference('acme/my__api:1'))
    expect(mapped?.problem).toContain('my__api is not a valid ECR repository name')
  })

  it('refuses rules that do not read FROM=TO from Docker Hub to a registry, naming the rule', () => {
    expect(() => parseMappingRule('docker.io/acme')).toThrow(/--map docker.io\/acme: there is no "="/)
    expect(() => parseMappingRule(`ghcr.io/acme=${ECR}/acme`)).toThrow(/is not on Docker Hub/)
    expect(() => parseMappingRule('docker.io/acme=acme')).toThrow(/does not start with a registry host/)
  })

  it("takes a job report's repositories as rules", () => {
    const rules = rulesFromReport({
      to: { registry: ECR },
      repositories: [{ source: 'acme/api', target: 'm/acme/api' }],
    })
    expect(formatReference(mapImage(rules, parseReference('acme/api:1'))!.image)).toBe(`${ECR}/m/acme/api:1`)
  })
})

describe('fixCommand', () => {
  it('proposes crossdock migrate for a target named as migrate names it, and crossdock copy otherwise', () => {
    const hub = parseReference('acme/api:1.2')
    expect(fixCommand(hub, parseReference(`${ECR}/mirror/acme/api:1.2`))).toBe(
      "crossdock migrate --from docker.io/acme/api --to ecr://eu-west-1/mirror --tags '1\\.2'",
    )
    expect(fixCommand(hub, parseReference(`${ECR}/api:1.2`))).toBe(
      "crossdock migrate --from docker.io/acme/api --to ecr://eu-west-1 --drop-namespace --tags '1\\.2'",
    )
    expect(fixCommand(hub, parseReference('ghcr.io/elsewhere/x:1.2'))).toBe(
      'crossdock copy docker.io/acme/api:1.2 ghcr.io/elsewhere/x:1.2',
    )
  })
})

describe('scanReferences', () => {
  const root = mkdtempSync(join(tmpdir(), 'crossdock-scan-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a templated reference, as a file holds it
  writeFileSync(join(root, 'refs.txt'), 'one\r\n  acme/api:1\r\n\tghcr.io/x/y:2\r\n${REGISTRY}/api\r\nacme/new:1\r\n')

  // A finder that reports every whitespace-separated word after the first line.
  const find = (_path: string, text: string): FoundReference[] =>
    [...text.matchAll(/(?<=\n\s*)\S+/g)].map((match) => ({
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
      place: 'test:word',
      ...(match[0].includes('$') ? { templated: true } : {}),
    }))

  async function scan(check?: (hub: string, target: string) => boolean): Promise<Partial<ScannedReference>[]> {
    const listed: Partial<ScannedReference>[] = []
    const mapping = [parseMappingRule(`docker.io/acme/api=${ECR}/acme/api`)]
    const options = {
      find,
      mapping,
      check:
        check &&
        (async (hub, target) => {
          const same = check(formatReference(hub), formatReference(target))
          return { hub: 'sha256:aa', target: same ? 'sha256:aa' : 'sha256:bb' }
        }),
    } satisfies Parameters<typeof scanReferences>[1]
    for await (const { found: _found, ...reference } of scanReferences(root, options)) listed.push(reference)
    return listed
  }

  it('places each reference by 1-based line and column (CRLF and tabs counted as written) and judges it', async () => {
    const listed = await scan((hub, target) => hub === 'docker.io/acme/api:1' && target === `${ECR}/acme/api:1`)
    expect(listed).toEqual([
      expect.objectContaining({
        line: 2,
        column: 3,
        text: 'acme/api:1',
        status: 'migrated',
        target: `${ECR}/acme/api:1`,
      }),
      expect.objectContaining({ line: 3, column: 2, text: 'ghcr.io/x/y:2', status: 'not-docker-hub' }),
      expect.objectContaining({ line: 4, column: 1, status: 'templated' }),
      expect.objectContaining({ line: 5, status: 'not-migrated', note: 'no --job or --map rule says where it goes' }),
    ])
  })

  it('is unknown for Docker Hub without checks (--offline), and not-migrated with its fix when ECR differs', async () => {
    expect((await scan()).map((reference) => reference.status)).toEqual([
      'unknown',
      'not-docker-hub',
      'templated',
      'unknown',
    ])
    const [first] = await scan(() => false)
    expect(first).toMatchObject({
      status: 'not-migrated',
      fix: "crossdock migrate --from docker.io/acme/api --to ecr://eu-west-1 --tags '1'",
    })
  })

  it("takes an empty Helm tag as the chart's appVersion, from the Chart.yaml beside the values", async () => {
    const chart = mkdtempSync(join(tmpdir(), 'crossdock-chart-'))
    try {
      mkdirSync(join(chart, 'web'))
      writeFileSync(
        join(chart, 'web', 'Chart.yaml'),
        'apiVersion: v2\nname: web\nversion: 0.3.0\nappVersion: "1.4.2"\n',
      )
      const values = 'image:\n  repository: acme/web\n  tag: ""\nsidecar:\n  image: {repository: acme/proxy, tag: ""}\n'
      writeFileSync(join(chart, 'web', 'values.yaml'), values)
      writeFileSync(join(chart, 'values.yaml'), 'image:\n  repository: acme/orphan\n  tag: ""\n')
      const references: string[] = []
      for await (const { reference } of scanReferences(chart, { find: findReferences, mapping: [] }))
        references.push(reference!)
      expect(references).toEqual([
        'docker.io/acme/orphan:latest',
        'docker.io/acme/web:1.4.2',
        'docker.io/acme/proxy:1.4.2',
      ])
    } finally {
      rmSync(chart, { recursive: true, force: true })
    }
  })
})
