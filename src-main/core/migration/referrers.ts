import { digestHex, type Digest } from '../reference/digest'
import type { Descriptor } from '../registry/manifest'
import type { RegistryClient } from '../registry/registry-client'

export interface Referrers {
  /** Found through the OCI 1.1 referrers API: copied by digest. */
  manifests: Descriptor[]
  /** Tags of the fallback schema and of cosign (`sha256-<hex>`, `sha256-<hex>.sig|.att|.sbom`): copied as tags. */
  tags: string[]
}

/**
 * What refers to `digest` in a source repository. `tags` is the repository's tag list, passed in so that it
 * is fetched once per repository rather than once per manifest.
 */
export async function findReferrers(
  client: RegistryClient,
  repository: string,
  digest: Digest,
  tags: readonly string[],
  signal?: AbortSignal,
): Promise<Referrers> {
  const prefix = `${digest.slice(0, digest.indexOf(':'))}-${digestHex(digest)}`
  const byTag = tags.filter((tag) => tag === prefix || tag.startsWith(`${prefix}.`))
  const manifests = (await client.referrers(repository, digest, { signal })) ?? []
  return { manifests, tags: byTag }
}
