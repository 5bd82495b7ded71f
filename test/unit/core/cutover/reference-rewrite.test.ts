import { describe, expect, it } from 'vitest'
import type { FoundReference } from '../../../../src-main/core/cutover/found-reference'
import {
  applyEdits,
  kustomizeEntriesOf,
  proposeEdit,
  rewriteProblem,
  type RewriteOptions,
} from '../../../../src-main/core/cutover/reference-rewrite'
import type { ScannedReference } from '../../../../src-main/core/cutover/reference-scan'

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
const DIGEST = `sha256:${'c'.repeat(64)}`
const OPTIONS: RewriteOptions = { pinDigest: false, kustomizeEntries: [], lineEnd: '\n' }

/** A scanned reference at the first occurrence of `text` in `source`. */
function scanned(
  source: string,
  text: string,
  more: Partial<ScannedReference> = {},
  found: Partial<FoundReference> = {},
) {
  const start = source.indexOf(text)
  return {
    file: 'f',
    line: 1,
    column: start + 1,
    text,
    place: found.place ?? 'test',
    status: 'migrated',
    target: `${ECR}/hub/acme/api:1.2`,
    found: { start, end: start + text.length, text, place: 'test', ...found },
    ...more,
  } as ScannedReference
}

function span(source: string, text: string, from = 0) {
  const start = source.indexOf(text, from)
  return { start, end: start + text.length, text }
}

describe('proposeEdit', () => {
  it('replaces the characters of the name and keeps the tag and digest as written', () => {
    const source = `image: acme/api:1.2@sha256:${'a'.repeat(64)}`
    const proposal = proposeEdit(scanned(source, source.slice(7)), OPTIONS)!
    expect(proposal.verdict).toBe('safe')
    expect(applyEdits(source, proposal.edits)).toBe(`image: ${ECR}/hub/acme/api:1.2@sha256:${'a'.repeat(64)}`)
  })

  it('pins the digest Docker Hub has now when asked, keeping the tag', () => {
    const source = 'FROM acme/api:1.2'
    const proposal = proposeEdit(scanned(source, 'acme/api:1.2', { digest: DIGEST }), { ...OPTIONS, pinDigest: true })!
    expect(applyEdits(source, proposal.edits)).toBe(`FROM ${ECR}/hub/acme/api:1.2@${DIGEST}`)
    const offline = proposeEdit(scanned(source, 'acme/api:1.2', { status: 'unknown' }), { ...OPTIONS, pinDigest: true })
    expect(offline).toMatchObject({ verdict: 'would-break', why: expect.stringContaining('--offline') })
  })

  it('labels an unchecked or absent target as needing a copy, and an invalid ECR name as breaking', () => {
    const source = 'image: acme/api:1.2'
    expect(proposeEdit(scanned(source, 'acme/api:1.2', { status: 'not-migrated', fix: 'x' }), OPTIONS)?.verdict).toBe(
      'needs-copy',
    )
    const invalid = scanned(source, 'acme/api:1.2', { status: 'not-migrated', note: 'my__api is not a valid ECR name' })
    expect(proposeEdit(invalid, OPTIONS)).toMatchObject({ verdict: 'would-break', edits: [] })
    expect(proposeEdit(scanned(source, 'acme/api:1.2', { status: 'not-docker-hub' }), OPTIONS)).toBeUndefined()
    expect(proposeEdit(scanned(source, 'acme/api:1.2', { status: 'templated' }), OPTIONS)).toBeUndefined()
  })

  it("rewrites Helm's registry and repository keys, and refuses to double a global registry", () => {
    const source = 'image:\n  registry: docker.io\n  repository: acme/api\n  tag: "1.2"\n'
    const parts = {
      registry: span(source, 'docker.io'),
      repository: span(source, 'acme/api'),
      tag: span(source, '1.2'),
    }
    const helm = scanned(source, 'acme/api', {}, { place: 'helm:image', parts })
    expect(applyEdits(source, proposeEdit(helm, OPTIONS)!.edits)).toBe(
      `image:\n  registry: ${ECR}\n  repository: hub/acme/api\n  tag: "1.2"\n`,
    )
    const bare = 'image:\n  repository: acme/api\n  tag: "1.2"\n'
    const alone = scanned(bare, 'acme/api', {}, { place: 'helm:image', parts: { repository: span(bare, 'acme/api') } })
    expect(applyEdits(bare, proposeEdit(alone, OPTIONS)!.edits)).toBe(
      `image:\n  repository: ${ECR}/hub/acme/api\n  tag: "1.2"\n`,
    )
    const global = scanned(
      bare,
      'acme/api',
      {},
      {
        place: 'helm:image',
        parts: { repository: span(bare, 'acme/api') },
        notes: ['global-registry: docker.io'],
      },
    )
    expect(proposeEdit(global, OPTIONS)).toMatchObject({ verdict: 'would-break', why: expect.stringContaining(ECR) })
  })

  it('adds newName to a Kustomize entry in its own indentation and line end, never touching name', () => {
    const source = 'images:\r\n  - name: acme/api\r\n    newTag: "1.2"\r\nresources: []\r\n'
    const insertionAt = source.indexOf('resources')
    const entry = scanned(
      source,
      'acme/api',
      {},
      {
        place: 'kustomize:images[0]',
        parts: { name: span(source, 'acme/api'), newTag: span(source, '1.2') },
        insertion: { at: insertionAt, indent: '    ' },
      },
    )
    const edit = proposeEdit(entry, { ...OPTIONS, lineEnd: '\r\n' })!
    expect(applyEdits(source, edit.edits)).toBe(
      `images:\r\n  - name: acme/api\r\n    newTag: "1.2"\r\n    newName: ${ECR}/hub/acme/api\r\nresources: []\r\n`,
    )
  })

  it('adds newName inside a flow Kustomize entry, after its last value', () => {
    const source = 'images:\n- {name: acme/api, newTag: "1.2" }\n'
    const entry = scanned(
      source,
      'acme/api',
      {},
      {
        place: 'kustomize:images[0]',
        parts: { name: span(source, 'acme/api'), newTag: span(source, '1.2') },
        insertion: { at: source.indexOf('"1.2"') + 5, inline: true },
      },
    )
    expect(applyEdits(source, proposeEdit(entry, OPTIONS)!.edits)).toBe(
      `images:\n- {name: acme/api, newTag: "1.2", newName: ${ECR}/hub/acme/api }\n`,
    )
  })

  it('leaves an image to the Kustomize entry that matches it by name where that entry applies, and says so', () => {
    const entry = scanned(
      'x',
      'x',
      { file: 'overlays/prod/kustomization.yaml' },
      {
        place: 'kustomize:images[0]',
        parts: { name: { start: 0, end: 8, text: 'acme/api' } },
        notes: ['resource: ../../base', 'resource: extra/job.yaml'],
      },
    )
    const kustomizeEntries = kustomizeEntriesOf([entry])
    const at = (file: string) =>
      scanned('image: acme/api:1.2', 'acme/api:1.2', { file }, { place: 'k8s:Deployment/api:containers[0]' })
    for (const file of ['base/deployment.yaml', 'overlays/prod/patch.yaml', 'overlays/prod/extra/job.yaml'])
      expect(proposeEdit(at(file), { ...OPTIONS, kustomizeEntries }), file).toMatchObject({
        verdict: 'would-break',
        why: expect.stringContaining('overlays/prod/kustomization.yaml'),
      })
    for (const file of ['charts/api/templates/deployment.yaml', 'overlays/staging/patch.yaml', 'basement/x.yaml'])
      expect(proposeEdit(at(file), { ...OPTIONS, kustomizeEntries })?.verdict, file).toBe('safe')
  })
})

describe('a Kustomize entry without a tag', () => {
  it('matches manifests by name whatever their tag, and is safe once every image it moves is in ECR', () => {
    const source = 'images:\n  - name: busybox\n    newName: docker.io/library/busybox\n'
    const entry = scanned(
      source,
      'busybox',
      { file: 'base/kustomization.yaml', status: 'unknown', target: `${ECR}/hub/library/busybox` },
      {
        place: 'kustomize:images[0]',
        parts: { name: span(source, 'busybox'), newName: span(source, 'docker.io/library/busybox') },
        notes: ['tag from the manifests', 'resource: deployment.yaml'],
      },
    )
    const manifest = (status: ScannedReference['status']) =>
      scanned('image: busybox:1.36', 'busybox:1.36', { file: 'base/deployment.yaml', status }, { place: 'k8s:Pod/p' })
    for (const [status, verdict] of [
      ['migrated', 'safe'],
      ['not-migrated', 'needs-copy'],
    ] as const) {
      const references = [entry, manifest(status)]
      const kustomizeEntries = kustomizeEntriesOf(references)
      expect(proposeEdit(entry, { ...OPTIONS, kustomizeEntries })?.verdict).toBe(verdict)
      expect(proposeEdit(references[1]!, { ...OPTIONS, kustomizeEntries })).toMatchObject({ verdict: 'would-break' })
    }
  })
})

describe('applyEdits and rewriteProblem', () => {
  it('refuses overlapping edits', () => {
    expect(() =>
      applyEdits('abcdef', [
        { start: 0, end: 3, replacement: 'x' },
        { start: 2, end: 4, replacement: 'y' },
      ]),
    ).toThrow(/Overlapping/)
  })

  it('proves a rewrite changed only the references, and catches one that changed more', () => {
    const before = 'a: nginx\r\nb: redis # keep\r\n'
    const find = (text: string): FoundReference[] =>
      [...text.matchAll(/: (\S+)/g)].map((m) => ({
        start: m.index + 2,
        end: m.index + 2 + m[1]!.length,
        text: m[1]!,
        place: `key${m.index}`,
      }))
    const edits = [{ start: 3, end: 8, replacement: `${ECR}/nginx` }]
    const after = applyEdits(before, edits)
    expect(
      rewriteProblem(before, after, edits, (text) => find(text).map((r) => ({ ...r, place: 'same' }))),
    ).toBeUndefined()
    expect(rewriteProblem(before, `${after} `, edits, () => [])).toContain('does not give the file back')
    const swallowed = [{ start: 3, end: 8, replacement: 'x\r\nc: y' }]
    expect(
      rewriteProblem(before, applyEdits(before, swallowed), swallowed, (text) =>
        find(text).map((r) => ({ ...r, place: 'p' })),
      ),
    ).toContain('other references')
  })
})
