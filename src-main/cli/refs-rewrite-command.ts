import { relative, resolve } from 'node:path'
import { commitFiles, startBranch, workTreeOf } from '../core/cutover/git-work-tree'
import { planRewrites, recordRewrite, rewriteDiff, writeRewrites, type FileRewrite } from '../core/use-cases/references'
import { cliContext } from './cli-context'
import { collectReferences, type RefsIo, type RefsScanFlags } from './refs-references'
import { UsageError } from './usage-error'

export interface RefsRewriteFlags extends RefsScanFlags {
  apply?: boolean
  includeUnverified?: boolean
  pinDigest?: boolean
  branch?: string
  allowDirty?: boolean
}

/**
 * `refs rewrite PATH…`: a unified diff of every reference that moves (only those verified in ECR, unless
 * --include-unverified), each labelled; nothing is written without --apply; --branch commits the change.
 */
export async function rewriteRefs(
  paths: string[],
  flags: RefsRewriteFlags,
  io: RefsIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (flags.branch && !flags.apply) throw new UsageError('--branch commits what --apply writes; add --apply.')
  const top = flags.branch ? await oneWorkTree(paths) : undefined
  const references = await collectReferences(paths, flags, io, env)
  const includeUnverified = flags.includeUnverified ?? false
  const rewrites = await planRewrites(references, { pinDigest: flags.pinDigest ?? false, includeUnverified })
  const changed = rewrites.filter((rewrite) => rewrite.after !== rewrite.before)
  if (flags.json) io.stdout.write(`${JSON.stringify({ files: rewrites.map(jsonOf) }, null, 2)}\n`)
  else io.stdout.write(describeRewrites(rewrites, flags))
  if (!flags.apply || changed.length === 0) return rewrites.some((rewrite) => rewrite.problem) ? 1 : 0
  if (top) await startBranch(top, flags.branch!, flags.allowDirty ?? false)
  const written = writeRewrites(changed)
  let commit: string | undefined
  if (top) {
    const files = written.map((path) => relative(top, path))
    commit = await commitFiles(top, files, commitMessage(changed))
    io.stderr.write(`Committed ${files.length} files on ${flags.branch} (${commit}).\n`)
  } else if (!flags.json) io.stderr.write(`Wrote ${changed.length} files.\n`)
  recordRewrite(cliContext(flags, env), flags.job, changed, written, commit)
  return rewrites.some((rewrite) => rewrite.problem) ? 1 : 0
}

/** --branch commits in one repository: every path must be in the same git work tree. */
async function oneWorkTree(paths: readonly string[]): Promise<string> {
  const tops = new Set(await Promise.all(paths.map((path) => workTreeOf(resolve(path)))))
  if (tops.size > 1) throw new UsageError(`--branch commits in one repository; these paths are in ${tops.size}.`)
  return [...tops][0]!
}

const LABEL = { safe: 'safe', 'needs-copy': 'needs copy', 'would-break': 'would break' } as const

function describeRewrites(rewrites: readonly FileRewrite[], flags: RefsRewriteFlags): string {
  if (rewrites.length === 0) return 'No Docker Hub reference has a target to move to.\n'
  const out: string[] = []
  for (const rewrite of rewrites) {
    const name = rewrite.file
    out.push(rewriteDiff(rewrite))
    for (const proposal of rewrite.proposals) {
      const { line, column, text } = proposal.reference
      const to = proposal.rewritten ? ` -> ${proposal.rewritten}` : ''
      const held = proposal.chosen
        ? ''
        : proposal.verdict === 'needs-copy'
          ? ' (left: --include-unverified moves it)'
          : ''
      const why = proposal.why ? `: ${proposal.why}` : ''
      out.push(`${name}:${line}:${column} ${LABEL[proposal.verdict]}${why}  ${text}${to}${held}\n`)
    }
    if (rewrite.problem) out.push(`${name}: left as it is: ${rewrite.problem}\n`)
  }
  const moved = rewrites.flatMap((rewrite) => (rewrite.after === rewrite.before ? [] : [rewrite]))
  const count = moved.reduce((sum, rewrite) => sum + rewrite.proposals.filter((p) => p.chosen).length, 0)
  out.push(
    flags.apply
      ? `\n${count} references moved in ${moved.length} files.\n`
      : `\n${count} references would move in ${moved.length} files; nothing was written (add --apply).\n`,
  )
  return out.join('')
}

function jsonOf(rewrite: FileRewrite) {
  return {
    file: rewrite.file,
    changed: rewrite.after !== rewrite.before,
    ...(rewrite.problem ? { problem: rewrite.problem } : {}),
    edits: rewrite.proposals.map((proposal) => ({
      line: proposal.reference.line,
      column: proposal.reference.column,
      text: proposal.reference.text,
      rewritten: proposal.rewritten ?? null,
      verdict: proposal.verdict,
      applied: proposal.chosen && rewrite.after !== rewrite.before,
      ...(proposal.why ? { why: proposal.why } : {}),
    })),
  }
}

/** A subject that says what moved, and one line a reference, so the history explains itself. */
function commitMessage(changed: readonly FileRewrite[]): string {
  const lines = changed.flatMap((rewrite) =>
    rewrite.proposals
      .filter((proposal) => proposal.chosen)
      .map(
        (proposal) =>
          `- ${rewrite.file}:${proposal.reference.line}: ${proposal.reference.text} -> ${proposal.rewritten}`,
      ),
  )
  const subject = `Move ${lines.length} image references from Docker Hub to ECR`
  return `${subject}\n\n${lines.join('\n')}\n\nWritten by crossdock refs rewrite.\n`
}
