import type { RepositoryRow } from '../core/inventory/side-by-side'
import { compareWithEcr } from '../core/use-cases/compare'
import { cliContext } from './cli-context'
import { parseEcrTarget } from './ecr-host'
import { parsePrefix } from './sync-command'
import { UsageError } from './usage-error'

export interface CompareFlags {
  from: string
  to: string
  dropNamespace?: boolean
  profile?: string
  hubApi?: string
  account?: string
  json?: boolean
}

/** `compare`: Docker Hub and ECR side by side, per repository and tag, by digest. */
export async function compare(
  flags: CompareFlags,
  io: { stdout: NodeJS.WriteStream; signal?: AbortSignal },
): Promise<number> {
  const from = parsePrefix(flags.from)
  const [namespace, ...rest] = from.path.split('/')
  if (from.registry !== 'docker.io' || !namespace)
    throw new UsageError(`--from must be a Docker Hub namespace, docker.io/NAMESPACE (got "${flags.from}").`)
  const { region, prefix } = parseEcrTarget(flags.to)
  const context = cliContext(flags)
  const { comparison } = await compareWithEcr(context, {
    identity: await context.accounts.identity(flags.account),
    namespace,
    repository: rest.join('/') || undefined,
    aws: { region, profile: flags.profile },
    mapping: { prefix, dropNamespace: flags.dropNamespace },
    signal: io.signal,
  })
  const { rows } = comparison
  io.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : describeRows(rows))
  return 0
}

function describeRows(rows: readonly RepositoryRow[]): string {
  const lines = rows.map((row) => {
    const { both, differs } = row.counts
    const parts = [
      `${both} in both`,
      `${differs} differ`,
      `${row.counts['hub-only']} only on Docker Hub`,
      `${row.counts['ecr-only']} only in ECR`,
    ]
    return `${row.hub ?? '(not on Docker Hub)'} -> ${row.ecr ?? '(none)'}: ${parts.join(', ')}`
  })
  return `${lines.join('\n')}\n`
}
