/**
 * Keeps a run's manifest PUTs from racing each other inside the registry. distribution rewrites a manifest's
 * link file in place on every PUT of it (by tag or digest), and a PUT of an index reads the links of its
 * children: one that lands mid-rewrite reads an empty link and fails with DIGEST_INVALID. So a PUT of a
 * manifest and a PUT of anything listing it never overlap; PUTs of unrelated manifests still run in parallel.
 */
export class ManifestPutOrder {
  /** Key → PUTs of that manifest in flight. */
  private readonly writing = new Map<string, number>()
  /** Key → PUTs in flight of manifests that list it. */
  private readonly listing = new Map<string, number>()
  private waiting: Array<() => void> = []

  /** Runs `put` of manifest `key` once no PUT lists it and no PUT of a manifest in `lists` is in flight. */
  async run<T>(key: string, lists: readonly string[], put: () => Promise<T>): Promise<T> {
    // All or nothing, taken at once: a PUT never holds one claim while waiting for another, so none deadlock.
    while (this.listing.has(key) || lists.some((child) => this.writing.has(child))) {
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    }
    count(this.writing, key, 1)
    for (const child of lists) count(this.listing, child, 1)
    try {
      return await put()
    } finally {
      count(this.writing, key, -1)
      for (const child of lists) count(this.listing, child, -1)
      const woken = this.waiting
      this.waiting = []
      for (const wake of woken) wake()
    }
  }
}

function count(counts: Map<string, number>, key: string, by: 1 | -1): void {
  const next = (counts.get(key) ?? 0) + by
  if (next === 0) counts.delete(key)
  else counts.set(key, next)
}
