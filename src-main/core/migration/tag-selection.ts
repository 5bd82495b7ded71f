import { CrossdockError } from '../lib/errors'

/** A tag as a listing knows it: the name, and when it was last pushed if the registry says (Docker Hub does). */
export interface ListedTag {
  name: string
  lastPushed?: Date
  /** Manifests under the tag (platforms and attestations of an index), when the listing says. */
  manifests?: number
  /** The tag's digest and compressed size, when the listing says (Docker Hub's API does). */
  digest?: string
  sizeBytes?: number
  /** The tag's manifest media type, when the listing says (an index, an image, or Docker schema 1). */
  mediaType?: string
  /** An index's images as the listing describes them (`unknown/unknown` ones are attestations). */
  platforms?: ListedPlatform[]
}

export interface ListedPlatform {
  os: string
  architecture: string
  variant?: string
  digest?: string
  sizeBytes?: number
}

export interface TagFilter {
  /** Keep tags matching this (the whole tag). */
  include?: RegExp
  /** Then drop tags matching this (the whole tag). */
  exclude?: RegExp
  /** Keep tags pushed within this many days (needs push times). */
  pushedWithinDays?: number
  /** Then keep the newest N: by version where tags are versions, else by push time, else by name. */
  latest?: number
}

/** Compiles a user's pattern to match whole tags, so `1\.2` does not also select `11.2.0`. */
export function wholeTagPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`)
}

/** A tag filter as the user writes it: patterns as text (a job keeps them so). */
export interface TagFilterText {
  include?: string
  exclude?: string
  pushedWithinDays?: number
  latest?: number
}

/** Compiles the patterns; a bad one is a usage error that names it by `names` (the flags the user typed). */
export function compileTagFilter(
  text: TagFilterText,
  names: { include: string; exclude: string } = { include: 'the tag pattern', exclude: 'the excluded-tag pattern' },
): TagFilter {
  const pattern = (source: string | undefined, name: string): RegExp | undefined => {
    if (source === undefined) return undefined
    try {
      return wholeTagPattern(source)
    } catch (error) {
      throw new CrossdockError('USAGE', `${name} is not a valid regular expression: ${(error as Error).message}`)
    }
  }
  return {
    include: pattern(text.include, names.include),
    exclude: pattern(text.exclude, names.exclude),
    pushedWithinDays: text.pushedWithinDays,
    latest: text.latest,
  }
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?$/

/** Orders `a` before `b` when `a` is the newer: versions by semver precedence, then push time, then name. */
function newestFirst(a: ListedTag, b: ListedTag): number {
  const va = VERSION.exec(a.name)
  const vb = VERSION.exec(b.name)
  if (va && vb) {
    for (let i = 1; i <= 3; i++) {
      const diff = Number(vb[i] ?? 0) - Number(va[i] ?? 0)
      if (diff !== 0) return diff
    }
    // A release outranks its pre-releases (1.2.0 > 1.2.0-rc1).
    if (!va[4] !== !vb[4]) return va[4] ? 1 : -1
    return (vb[4] ?? '').localeCompare(va[4] ?? '', 'en', { numeric: true })
  }
  if (va !== vb && (va || vb)) return va ? -1 : 1
  const pushed = (b.lastPushed?.getTime() ?? 0) - (a.lastPushed?.getTime() ?? 0)
  return pushed !== 0 ? pushed : a.name.localeCompare(b.name)
}

/** Applies a filter; returns the tags kept, newest first when `latest` is given, else in listing order. */
export function selectTags(tags: readonly ListedTag[], filter: TagFilter, now: Date = new Date()): ListedTag[] {
  const since = filter.pushedWithinDays === undefined ? undefined : now.getTime() - filter.pushedWithinDays * 86_400_000
  const kept = tags.filter(
    (tag) =>
      (!filter.include || filter.include.test(tag.name)) &&
      !filter.exclude?.test(tag.name) &&
      (since === undefined || (tag.lastPushed !== undefined && tag.lastPushed.getTime() >= since)),
  )
  return filter.latest === undefined ? kept : [...kept].sort(newestFirst).slice(0, filter.latest)
}
