import { statSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createTwoFilesPatch } from 'diff'
import { findReferences } from '../cutover/file-finders'
import { parseMappingRule, rulesFromReport, type MappingRule } from '../cutover/image-mapping'
import {
  applyEdits,
  kustomizeEntriesOf,
  proposeEdit,
  rewriteProblem,
  type ProposedEdit,
} from '../cutover/reference-rewrite'
import {
  pullsFromDockerHub,
  scanReferences,
  type MigrationCheck,
  type ScannedReference,
} from '../cutover/reference-scan'
import type { SkippedFile } from '../cutover/tree-walk'
import type { HubIdentity } from '../credentials/hub-identity'
import { writeFileAtomically } from '../lib/atomic-write'
import { CrossdockError } from '../lib/errors'
import type { UseCaseContext } from './context'
import { jobStoreOf, readJobReport, recordCutover } from './jobs'
import { withMigrationChecks } from './migration-checks'

/**
 * Where Docker Hub images move, from migration jobs' reports (`--job`) and explicit prefix rules (`--map FROM=TO`);
 * an explicit rule wins over a job's for the same prefix, as the longest prefix wins over a shorter one.
 */
async function mappingRules(
  context: UseCaseContext,
  given: { jobs: readonly string[]; map: readonly string[] },
): Promise<MappingRule[]> {
  const jobs = jobStoreOf(context)
  const fromJobs = await Promise.all(
    given.jobs.map(async (id) => rulesFromReport((await readJobReport(jobs, id, 'finish it first')).report)),
  )
  const explicit = given.map.map(parseMappingRule)
  const explicitFrom = new Set(explicit.map((rule) => rule.from))
  return [...fromJobs.flat().filter((rule) => !explicitFrom.has(rule.from)), ...explicit]
}

export interface Judging {
  jobs: readonly string[]
  map: readonly string[]
  /** Do not ask the registries: Docker Hub references are `unknown`. */
  offline: boolean
  hubAccount?: string
  awsProfile?: string
  signal?: AbortSignal
  /** Told who Crossdock is on Docker Hub for the checks, before the first one. */
  onIdentity?: (identity: HubIdentity | undefined) => void
}

/**
 * Runs `use` with the mapping (jobs' reports, prefix rules) and, unless offline, a check of each image against its
 * target (HEADs on both sides, which cost no Docker Hub pulls). Checking needs a mapping: without one, the error
 * says how to give one.
 */
export async function withReferenceJudging<T>(
  context: UseCaseContext,
  judging: Judging,
  use: (mapping: readonly MappingRule[], check?: MigrationCheck) => Promise<T>,
): Promise<T> {
  const mapping = await mappingRules(context, judging)
  if (judging.offline) return use(mapping)
  if (mapping.length === 0)
    throw new CrossdockError(
      'USAGE',
      'Say where the images went, to check them: a migration job (--job JOB_ID) or a prefix rule (--map FROM=TO); ' +
        'or scan offline (--offline) to list them without checking.',
    )
  const identity = await context.accounts.identity(judging.hubAccount)
  judging.onIdentity?.(identity)
  const settings = { identity, mapping, awsProfile: judging.awsProfile, signal: judging.signal }
  return withMigrationChecks(context, settings, (check) => use(mapping, check))
}

export interface ReferenceScan {
  roots: readonly string[]
  mapping: readonly MappingRule[]
  /** Without one, Docker Hub references are `unknown` (`--offline`). */
  check?: MigrationCheck
  onSkip?: (root: string, skipped: SkippedFile) => void
}

/** `refs scan`: every image reference under the folders, judged against the mapping; root by root, file by file. */
export async function* scanFolders(scan: ReferenceScan): AsyncGenerator<ScannedReference & { root: string }> {
  for (const root of scan.roots) {
    const references = scanReferences(root, {
      find: findReferences,
      mapping: scan.mapping,
      check: scan.check,
      onSkip: (skipped) => scan.onSkip?.(root, skipped),
    })
    for await (const reference of references) yield { root, ...reference }
  }
}

export interface FileRewrite {
  root: string
  file: string
  before: string
  /** The file with the chosen edits made (equal to `before` when none). */
  after: string
  /** Every reference of the file that could move, with its verdict; `chosen` ones are in `after`. */
  proposals: (ProposedEdit & { chosen: boolean })[]
  /** Why the file is left as it is even though edits were chosen (the check after the edit failed). */
  problem?: string
}

/**
 * `refs rewrite`: for each file with references that move, the edits (safe ones; with `includeUnverified` also those
 * whose target is not verified), made in memory and proven to change those references and nothing else.
 */
export async function planRewrites(
  references: readonly (ScannedReference & { root: string })[],
  options: { pinDigest: boolean; includeUnverified: boolean },
): Promise<FileRewrite[]> {
  const kustomizeEntries = kustomizeEntriesOf(references)
  const byFile = new Map<string, (ScannedReference & { root: string })[]>()
  for (const reference of references) {
    const key = `${reference.root}\0${reference.file}`
    const listed = byFile.get(key)
    if (listed) listed.push(reference)
    else byFile.set(key, [reference])
  }
  const rewrites: FileRewrite[] = []
  for (const listed of byFile.values()) {
    const { root, file } = listed[0]!
    const path = (await stat(root)).isDirectory() ? join(root, file) : root
    const before = await readFile(path, 'utf8')
    const lineEnd = before.includes('\r\n') ? '\r\n' : '\n'
    const proposals = listed.flatMap((reference) => {
      const proposal = proposeEdit(reference, { pinDigest: options.pinDigest, kustomizeEntries, lineEnd })
      if (!proposal) return []
      const chosen = proposal.verdict === 'safe' || (proposal.verdict === 'needs-copy' && options.includeUnverified)
      return [{ ...proposal, chosen }]
    })
    if (proposals.length === 0) continue
    const edits = proposals.filter((proposal) => proposal.chosen).flatMap((proposal) => proposal.edits)
    const after = applyEdits(before, edits)
    const problem = rewriteProblem(before, after, edits, (text) => findReferences(file, text))
    rewrites.push({ root, file, before, after: problem ? before : after, proposals, ...(problem ? { problem } : {}) })
  }
  return rewrites
}

/** Where a rewrite's file is on disk: under its folder, or the file given itself. */
export function rewritePath(rewrite: Pick<FileRewrite, 'root' | 'file'>): string {
  return statSync(rewrite.root).isDirectory() ? join(rewrite.root, rewrite.file) : rewrite.root
}

/** Writes the files a rewrite changes, each replaced atomically with its own mode kept; returns their paths. */
export function writeRewrites(rewrites: readonly FileRewrite[]): string[] {
  const written: string[] = []
  for (const rewrite of rewrites) {
    if (rewrite.after === rewrite.before) continue
    const path = rewritePath(rewrite)
    writeFileAtomically(path, rewrite.after, statSync(path).mode & 0o7777)
    written.push(path)
  }
  return written
}

/** The rewrite of one file as a unified diff (`a/FILE`, `b/FILE`), two lines of context; empty when unchanged. */
export function rewriteDiff(rewrite: Pick<FileRewrite, 'file' | 'before' | 'after'>): string {
  if (rewrite.after === rewrite.before) return ''
  const { file, before, after } = rewrite
  return createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, '', '', { context: 2 })
}

/** What a scan found, in the cutover record of the jobs it took its mapping from. */
export function recordScan(
  context: UseCaseContext,
  jobIds: readonly string[],
  roots: readonly string[],
  references: readonly (ScannedReference & { root: string })[],
): void {
  if (jobIds.length === 0) return
  const byStatus: Record<string, number> = {}
  for (const reference of references) byStatus[reference.status] = (byStatus[reference.status] ?? 0) + 1
  recordCutover(jobStoreOf(context), jobIds, {
    scan: {
      at: new Date().toISOString(),
      paths: [...roots],
      files: new Set(references.map((reference) => `${reference.root}\0${reference.file}`)).size,
      references: references.length,
      stillOnDockerHub: references.filter((reference) => pullsFromDockerHub(reference.status)).length,
      byStatus,
    },
  })
}

/** What a rewrite wrote, in the cutover record of the jobs it took its mapping from. */
export function recordRewrite(
  context: UseCaseContext,
  jobIds: readonly string[],
  rewrites: readonly FileRewrite[],
  written: readonly string[],
  commit?: string,
): void {
  if (jobIds.length === 0 || written.length === 0) return
  const moved = rewrites.flatMap((rewrite) => rewrite.proposals.filter((proposal) => proposal.chosen))
  recordCutover(jobStoreOf(context), jobIds, {
    rewrite: {
      at: new Date().toISOString(),
      references: moved.length,
      files: [...written],
      ...(commit ? { commit } : {}),
    },
  })
}
