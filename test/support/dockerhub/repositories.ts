import type { Clock, SeedRepository } from './options'

export interface TagRecord {
  /** ms since the epoch */
  lastPushed: number
  lastPulled: number | null
  /** The digest the tag had when `lastPushed` was set; a different one later means it was pushed again. */
  digest?: string
}

export interface RepositoryRecord {
  namespace: string
  name: string
  isPrivate: boolean
  description: string
  starCount: number
  pullCount: number
  lastUpdated: number
  dateRegistered: number
  storageSize: number | null
  tags: Map<string, TagRecord>
  /** digest → last pull, for `images[].last_pulled` */
  digestPulls: Map<string, number>
}

const time = (value: string | Date | undefined | null, fallback: number): number =>
  value === undefined || value === null ? fallback : (value instanceof Date ? value : new Date(value)).getTime()

/**
 * The Hub's metadata about repositories, keyed `namespace/name`. Which repositories exist is what the seed says
 * (the backing registry has no notion of privacy or namespaces); which tags exist is what the registry holds.
 */
export class Repositories {
  private readonly byName = new Map<string, RepositoryRecord>()

  constructor(
    private readonly clock: Clock,
    seed: SeedRepository[],
  ) {
    for (const repository of seed) this.add(repository)
  }

  add(seed: SeedRepository): void {
    const now = this.clock.now()
    const namespace = seed.namespace.toLowerCase()
    const registered = time(seed.dateRegistered, now)
    const tags = new Map<string, TagRecord>()
    for (const [tag, meta] of Object.entries(seed.tags ?? {})) {
      tags.set(tag, {
        lastPushed: time(meta.lastPushed, now),
        lastPulled: meta.lastPulled ? time(meta.lastPulled, now) : null,
      })
    }
    this.byName.set(`${namespace}/${seed.name}`, {
      namespace,
      name: seed.name,
      isPrivate: seed.isPrivate ?? false,
      description: seed.description ?? '',
      starCount: seed.starCount ?? 0,
      pullCount: seed.pullCount ?? 0,
      lastUpdated: time(seed.lastUpdated, registered),
      dateRegistered: registered,
      storageSize: seed.storageSize ?? null,
      tags,
      digestPulls: new Map(),
    })
  }

  /** By `namespace/name` (the registry's repository path). */
  get(path: string): RepositoryRecord | undefined {
    const slash = path.indexOf('/')
    if (slash <= 0) return undefined
    return this.byName.get(`${path.slice(0, slash).toLowerCase()}/${path.slice(slash + 1)}`)
  }

  inNamespace(namespace: string): RepositoryRecord[] {
    const ns = namespace.toLowerCase()
    return [...this.byName.values()].filter((repository) => repository.namespace === ns)
  }

  /** The push record of a tag, made on first sight; a new digest under the tag counts as a push now. */
  tag(repository: RepositoryRecord, tag: string, digest?: string): TagRecord {
    let record = repository.tags.get(tag)
    if (!record) {
      record = { lastPushed: this.clock.now(), lastPulled: null }
      repository.tags.set(tag, record)
    }
    if (digest !== undefined) {
      if (record.digest !== undefined && record.digest !== digest) record.lastPushed = this.clock.now()
      record.digest = digest
    }
    return record
  }

  /** A counted pull: the Hub's pull_count and last-pulled times move. */
  recordPull(repository: RepositoryRecord, reference: string, digest: string | undefined): void {
    const now = this.clock.now()
    repository.pullCount++
    if (!reference.includes(':')) this.tag(repository, reference).lastPulled = now
    if (digest) repository.digestPulls.set(digest, now)
  }
}
