/** Where a tag stands between Docker Hub and ECR. */
export type TagState = 'both' | 'hub-only' | 'ecr-only' | 'differs'

export interface SideTag {
  name: string
  /** The tag's manifest (or index) digest, when the listing gives it. */
  digest?: string
  sizeBytes?: number
  /** `os/arch[/variant]` of an image or of each image of an index (attestations left out). */
  platforms?: string[]
  /** ISO times, when the side says. */
  lastPushed?: string
  lastPulled?: string
}

export interface SideRepository {
  /** Docker Hub `namespace/name`, or the ECR repository name. */
  name: string
  private?: boolean
  tags: SideTag[]
}

export interface TagRow {
  tag: string
  state: TagState
  hub?: SideTag
  ecr?: SideTag
}

export interface RepositoryRow {
  hub?: string
  ecr?: string
  /** Whether the Docker Hub repository is private, when the listing says. */
  private?: boolean
  tags: TagRow[]
  counts: Record<TagState, number>
}

/**
 * The side-by-side view: Docker Hub repositories joined to ECR repositories through the name mapping, and
 * their tags joined by name and compared by digest. A tag whose digest is unknown on either side counts as
 * differing: only equal digests are proof of a finished copy.
 */
export function sideBySide(
  hub: readonly SideRepository[],
  ecr: readonly SideRepository[],
  targetOf: (hubRepository: string) => string,
): RepositoryRow[] {
  const ecrByName = new Map(ecr.map((repository) => [repository.name, repository]))
  const rows: RepositoryRow[] = []
  for (const source of hub) {
    const target = targetOf(source.name)
    const match = ecrByName.get(target)
    ecrByName.delete(target)
    rows.push({
      ...row(source.name, source.tags, target, match?.tags ?? []),
      ...(source.private === undefined ? {} : { private: source.private }),
    })
  }
  for (const leftover of ecrByName.values()) rows.push(row(undefined, [], leftover.name, leftover.tags))
  return rows
}

function row(
  hub: string | undefined,
  hubTags: readonly SideTag[],
  ecr: string | undefined,
  ecrTags: readonly SideTag[],
): RepositoryRow {
  const ecrByTag = new Map(ecrTags.map((tag) => [tag.name, tag]))
  const tags: TagRow[] = hubTags.map((tag) => {
    const other = ecrByTag.get(tag.name)
    ecrByTag.delete(tag.name)
    const state: TagState = !other ? 'hub-only' : tag.digest && tag.digest === other.digest ? 'both' : 'differs'
    return { tag: tag.name, state, hub: tag, ecr: other }
  })
  for (const other of ecrByTag.values()) tags.push({ tag: other.name, state: 'ecr-only', ecr: other })
  const counts: Record<TagState, number> = { both: 0, 'hub-only': 0, 'ecr-only': 0, differs: 0 }
  for (const tag of tags) counts[tag.state]++
  return { hub, ecr, tags, counts }
}
