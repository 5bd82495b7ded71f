import type { MappingRule } from '../core/cutover/image-mapping'
import type { MigrationCheck, ScannedReference } from '../core/cutover/reference-scan'
import { withMigrationChecks } from '../core/use-cases/migration-checks'
import { mappingRules, scanFolders } from '../core/use-cases/references'
import { cliContext, hubIdentityNotice } from './cli-context'
import { UsageError } from './usage-error'

export interface RefsScanFlags {
  offline?: boolean
  json?: boolean
  job: string[]
  map: string[]
  account?: string
  profile?: string
  hubApi?: string
  hubRegistry?: string
}

export interface RefsIo {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  signal: AbortSignal
}

export type ListedReference = ScannedReference & { root: string }

/**
 * Runs `use` with the mapping (`--job`, `--map`) and, unless `--offline`, a check of each image against its target
 * (HEADs on both sides, which cost no Docker Hub pulls).
 */
export async function withJudging<T>(
  flags: RefsScanFlags,
  io: RefsIo,
  env: NodeJS.ProcessEnv,
  use: (mapping: readonly MappingRule[], check?: MigrationCheck) => Promise<T>,
): Promise<T> {
  const context = cliContext(flags, env)
  const mapping = await mappingRules(context, { jobs: flags.job, map: flags.map })
  if (flags.offline) return use(mapping)
  if (mapping.length === 0)
    throw new UsageError(
      'Say where the images went, to check them: --job JOB_ID (a migration job) or --map FROM=TO; or add ' +
        '--offline to list the references without checking.',
    )
  const identity = await context.accounts.identity(flags.account)
  if (!flags.json) io.stderr.write(`${hubIdentityNotice(identity)}\n`)
  const settings = { identity, mapping, awsProfile: flags.profile, signal: io.signal }
  return withMigrationChecks(context, settings, (check) => use(mapping, check))
}

/** The references under the paths, judged (see withJudging). */
export async function collectReferences(
  paths: string[],
  flags: RefsScanFlags,
  io: RefsIo,
  env: NodeJS.ProcessEnv,
): Promise<ListedReference[]> {
  return withJudging(flags, io, env, async (mapping, check) => {
    const found: ListedReference[] = []
    const references = scanFolders({
      roots: paths,
      mapping,
      check,
      onSkip: (root, skipped) =>
        flags.json ? undefined : io.stderr.write(`skipped ${root}/${skipped.path}: ${skipped.why}\n`),
    })
    for await (const reference of references) found.push(reference)
    return found
  })
}
