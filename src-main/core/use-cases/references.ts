import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { findReferences } from '../cutover/file-finders'
import { parseMappingRule, rulesFromReport, type MappingRule } from '../cutover/image-mapping'
import {
  applyEdits,
  kustomizeNamesOf,
  proposeEdit,
  rewriteProblem,
  type ProposedEdit,
} from '../cutover/reference-rewrite'
import { scanReferences, type MigrationCheck, type ScannedReference } from '../cutover/reference-scan'
import type { SkippedFile } from '../cutover/tree-walk'
import type { UseCaseContext } from './context'
import { jobStoreOf, readJobReport } from './jobs'

/**
 * Where Docker Hub images move, from migration jobs' reports (`--job`) and explicit prefix rules (`--map FROM=TO`);
 * an explicit rule wins over a job's for the same prefix, as the longest prefix wins over a shorter one.
 */
export async function mappingRules(
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
  const kustomizeNames = kustomizeNamesOf(references)
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
      const proposal = proposeEdit(reference, { pinDigest: options.pinDigest, kustomizeNames, lineEnd })
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
