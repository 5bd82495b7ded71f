/**
 * The Hub API's paging: `page` (from 1) and `page_size` (default 10, at most 100), answered as
 * `{count, next, previous, results}` with absolute `next`/`previous` URLs, and 404 for a page past the end
 * (Hub API reference, listNamespaceRepositories; facts §3.2).
 */

export const DEFAULT_PAGE_SIZE = 10
export const MAX_PAGE_SIZE = 100

export interface Paging {
  page: number
  pageSize: number
}

/** The documented 400 shape (ValueError: `fields` per parameter plus `text`). */
export interface ParamError {
  fields: Record<string, string[]>
  text: string
}

function positiveInteger(value: string | null): number | undefined {
  if (value === null) return undefined
  return /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : NaN
}

export function parsePaging(url: URL, overMax: 'reject' | 'cap'): Paging | ParamError {
  const page = positiveInteger(url.searchParams.get('page'))
  if (Number.isNaN(page))
    return { fields: { page: ['A valid integer of at least 1 is required.'] }, text: 'Invalid page' }
  let pageSize = positiveInteger(url.searchParams.get('page_size'))
  if (Number.isNaN(pageSize)) {
    return { fields: { page_size: ['A valid integer of at least 1 is required.'] }, text: 'Invalid page_size' }
  }
  if (pageSize !== undefined && pageSize > MAX_PAGE_SIZE) {
    if (overMax === 'reject') {
      return {
        fields: { page_size: [`Ensure this value is less than or equal to ${MAX_PAGE_SIZE}.`] },
        text: 'Invalid page_size',
      }
    }
    pageSize = MAX_PAGE_SIZE
  }
  return { page: page ?? 1, pageSize: pageSize ?? DEFAULT_PAGE_SIZE }
}

export function isParamError(value: Paging | ParamError): value is ParamError {
  return 'fields' in value
}

export interface Page<T> {
  count: number
  next: string | null
  previous: string | null
  results: T[]
}

/** One page of `items`, or undefined for a page past the end (page 1 of nothing is an empty page, not a 404). */
export function pageOf<T>(items: T[], paging: Paging, url: URL, origin: string): Page<T> | undefined {
  const start = (paging.page - 1) * paging.pageSize
  if (paging.page > 1 && start >= items.length) return undefined
  const link = (page: number): string => {
    const target = new URL(url.pathname + url.search, origin)
    target.searchParams.set('page', String(page))
    target.searchParams.set('page_size', String(paging.pageSize))
    return target.href
  }
  return {
    count: items.length,
    next: start + paging.pageSize < items.length ? link(paging.page + 1) : null,
    previous: paging.page > 1 ? link(paging.page - 1) : null,
    results: items.slice(start, start + paging.pageSize),
  }
}
