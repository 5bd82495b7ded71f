import { CrossdockError } from '../lib/errors'

/**
 * Far above any real listing (20,000 pages of 100 to 1,000 names), low enough that a broken server cannot keep a run
 * forever.
 */
export const MAX_PAGES = 20_000

/**
 * Where a paginated listing may go next (`Link: rel="next"`, Docker Hub's `next`): the listing's own origin only,
 * since the request carries credentials; never a page already read (a loop); at most `maxPages` pages.
 */
export class PageCursor {
  private readonly seen = new Set<string>()
  private readonly origin: string

  constructor(
    first: string,
    private readonly what: string,
    private readonly maxPages = MAX_PAGES,
  ) {
    this.origin = new URL(first).origin
    this.seen.add(new URL(first).href)
  }

  /**
   * The next page's absolute URL, `target` resolved against the page that named it; throws rather than follow a bad
   * one.
   */
  follow(target: string, from: string): string {
    const url = new URL(target, from)
    if (url.origin !== this.origin) {
      throw new CrossdockError(
        'REGISTRY_ERROR',
        `${this.what}: the server sent the next page to ${url.origin}, not ${this.origin}; Crossdock does not send ` +
          `credentials elsewhere, so the listing stops here.`,
      )
    }
    if (this.seen.has(url.href))
      throw new CrossdockError(
        'REGISTRY_ERROR',
        `${this.what}: the server sent the same page again (${url.pathname}${url.search}); its pagination loops, so ` +
          `the listing stops here.`,
      )
    if (this.seen.size >= this.maxPages)
      throw new CrossdockError(
        'REGISTRY_ERROR',
        `${this.what}: more than ${this.maxPages} pages; the listing stops here.`,
      )
    this.seen.add(url.href)
    return url.href
  }
}
