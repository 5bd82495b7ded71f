import type { ECRClient } from '@aws-sdk/client-ecr'
import { ecrImages, ecrRepositories } from '../core/ecr/ecr-inventory'
import { sideBySide, type RepositoryRow, type SideRepository } from '../core/inventory/side-by-side'
import { mapRepositoryName } from '../core/migration/name-mapping'
import { ecrClient } from './ecr-destination'
import { parseEcrTarget } from './ecr-host'
import { resolveHubAccount } from './hub-account'
import { openHubApi } from './hub-command'
import { hubPrefixListings, parsePrefix } from './sync-command'
import { UsageError } from './usage-error'

export interface CompareFlags {
  from: string
  to: string
  dropNamespace?: boolean
  awsProfile?: string
  hubApi?: string
  account?: string
  json?: boolean
}

/** `compare`: Docker Hub and ECR side by side, per repository and tag, by digest. */
export async function compare(flags: CompareFlags, io: { stdout: NodeJS.WriteStream; signal?: AbortSignal }): Promise<number> {
  const from = parsePrefix(flags.from)
  if (from.registry !== 'docker.io') throw new UsageError(`--from must be a Docker Hub namespace, docker.io/NAMESPACE (got "${flags.from}").`)
  const { region, prefix } = parseEcrTarget(flags.to)
  const mapping = { prefix, dropNamespace: flags.dropNamespace }
  const { api, close } = openHubApi(flags, await resolveHubAccount(flags))
  const client = ecrClient(region, flags.awsProfile)
  try {
    const [hubSide, ecrSide] = await Promise.all([hubPrefixListings(from, { hub: api, signal: io.signal }), ecrListing(client, prefix)])
    const hub: SideRepository[] = hubSide.map(({ repository, tags }) => ({ name: repository, tags: tags.map(({ name, digest, sizeBytes }) => ({ name, digest, sizeBytes })) }))
    const rows = sideBySide(hub, ecrSide, (name) => mapRepositoryName(name, mapping))
    io.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : describeRows(rows))
    return 0
  } finally {
    close()
    client.destroy()
  }
}

async function ecrListing(client: ECRClient, prefix: string): Promise<SideRepository[]> {
  const repositories: SideRepository[] = []
  for await (const repository of ecrRepositories(client)) {
    if (prefix && repository.name !== prefix && !repository.name.startsWith(`${prefix}/`)) continue
    const tags = []
    for await (const image of ecrImages(client, repository.name)) {
      for (const tag of image.tags) tags.push({ name: tag, digest: image.digest, sizeBytes: image.sizeBytes })
    }
    repositories.push({ name: repository.name, tags })
  }
  return repositories
}

function describeRows(rows: readonly RepositoryRow[]): string {
  const lines = rows.map((row) => {
    const { both, differs } = row.counts
    const parts = [`${both} in both`, `${differs} differ`, `${row.counts['hub-only']} only on Docker Hub`, `${row.counts['ecr-only']} only in ECR`]
    return `${row.hub ?? '(not on Docker Hub)'} -> ${row.ecr ?? '(none)'}: ${parts.join(', ')}`
  })
  return `${lines.join('\n')}\n`
}
