import type { MappingRule } from '../core/cutover/image-mapping'
import type { MigrationCheck, ScannedReference } from '../core/cutover/reference-scan'
import type { HubIdentity } from '../core/credentials/hub-identity'
import { scanFolders, withReferenceJudging } from '../core/use-cases/references'
import { cliContext, hubIdentityNotice } from './cli-context'

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

/** Judges with the flags' mapping (`--job`, `--map`), and checks unless `--offline` (see withReferenceJudging). */
export function withJudging<T>(
  flags: RefsScanFlags,
  io: RefsIo,
  env: NodeJS.ProcessEnv,
  use: (mapping: readonly MappingRule[], check?: MigrationCheck) => Promise<T>,
): Promise<T> {
  const judging = {
    jobs: flags.job,
    map: flags.map,
    offline: flags.offline ?? false,
    hubAccount: flags.account,
    awsProfile: flags.profile,
    signal: io.signal,
    onIdentity: (identity: HubIdentity | undefined) =>
      flags.json ? undefined : io.stderr.write(`${hubIdentityNotice(identity)}\n`),
  }
  return withReferenceJudging(cliContext(flags, env), judging, use)
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
