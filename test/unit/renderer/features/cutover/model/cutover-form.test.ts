import { describe, expect, it } from 'vitest'
import {
  addPaths,
  DEFAULT_CUTOVER_FORM,
  isAbsolutePath,
  previewArgs,
  readCutoverForm,
  ruleProblem,
  type CutoverForm,
} from '../../../../../../src-renderer/features/cutover/model/cutover-form'

const RULE = 'docker.io/acme=123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme'
const form = (change: Partial<CutoverForm>): CutoverForm => ({ ...DEFAULT_CUTOVER_FORM, ...change })

describe('cutover form: paths', () => {
  it('takes paths from the root on POSIX and Windows, and nothing relative', () => {
    expect(['/srv/app', 'C:\\repo', 'd:/repo', '\\\\server\\share'].map(isAbsolutePath)).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect(['repo', './repo', '~/repo', 'C:repo', ''].map(isAbsolutePath)).toEqual([false, false, false, false, false])
  })

  it('adds each path once, trimmed, in order, up to 20', () => {
    expect(addPaths(['/a'], [' /b ', '/a', '', '/c'])).toEqual(['/a', '/b', '/c'])
    const many = Array.from({ length: 25 }, (_, index) => `/p${index}`)
    expect(addPaths([], many)).toHaveLength(20)
  })
})

describe('cutover form: prefix rules', () => {
  it('accepts FROM=TO with FROM on Docker Hub and TO on a registry host, and says what is wrong otherwise', () => {
    expect(ruleProblem(RULE)).toBeUndefined()
    expect(ruleProblem('index.docker.io/library=localhost:5000/hub/library')).toBeUndefined()
    expect(ruleProblem('docker.io/acme')).toMatch(/write FROM=TO/)
    expect(ruleProblem('ghcr.io/acme=123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme')).toMatch(/Docker Hub/)
    expect(ruleProblem('acme=123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme')).toMatch(/Docker Hub/)
    expect(ruleProblem('docker.io/acme=mirror/acme')).toMatch(/registry host/)
  })
})

describe('cutover form: the scan’s arguments', () => {
  it('sends the paths, jobs, rules (one a line) and who to be on each side', () => {
    const read = readCutoverForm(
      form({ paths: ['/work/shop'], jobs: ['20261127-101500-ab12'], rules: `\n  ${RULE}  \n\n` }),
      { hubAccount: 'work', awsProfile: 'prod' },
    )
    expect(read).toEqual({
      ok: true,
      args: {
        paths: ['/work/shop'],
        jobs: ['20261127-101500-ab12'],
        map: [RULE],
        offline: false,
        hubAccount: 'work',
        awsProfile: 'prod',
      },
    })
  })

  it('scans a path typed but not yet added, once', () => {
    const read = readCutoverForm(form({ paths: ['/a'], pathDraft: ' /b ', offline: true }), {})
    expect(read.ok && read.args.paths).toEqual(['/a', '/b'])
    const again = readCutoverForm(form({ paths: ['/a'], pathDraft: '/a', offline: true }), {})
    expect(again.ok && again.args.paths).toEqual(['/a'])
  })

  it('asks for a folder, full paths, and where the images went unless offline', () => {
    const empty = readCutoverForm(form({}), {})
    expect(empty).toEqual({
      ok: false,
      errors: {
        paths: 'Choose at least one folder to scan.',
        mapping: expect.stringMatching(/^Say where the images went.*turn on offline/),
      },
    })
    const relative = readCutoverForm(form({ pathDraft: 'shop', offline: true }), {})
    expect(relative).toEqual({ ok: false, errors: { paths: 'Not a full path from the root: shop' } })
    expect(readCutoverForm(form({ paths: ['/a'], offline: true }), {})).toEqual({
      ok: true,
      args: { paths: ['/a'], jobs: [], map: [], offline: true },
    })
  })

  it('refuses a rule it cannot read, naming it', () => {
    const read = readCutoverForm(form({ paths: ['/a'], rules: `${RULE}\nghcr.io/x=y.example.com/x` }), {})
    expect(read).toEqual({ ok: false, errors: { rules: expect.stringContaining('ghcr.io/x=y.example.com/x') } })
  })

  it('previews what was scanned, with the switches', () => {
    const scan = { paths: ['/a'], jobs: [], map: [RULE], offline: false }
    expect(previewArgs(scan, { includeUnverified: true, pinDigest: false })).toEqual({
      ...scan,
      includeUnverified: true,
      pinDigest: false,
    })
  })
})
