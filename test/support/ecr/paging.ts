import { invalidParameter } from './aws-json'

/**
 * ECR's paging: `maxResults` 1–1000 (default 100 when paging) and an opaque `nextToken` that is only valid with the
 * same request; here it is the offset, base64url-wrapped with the operation's name so tokens are not interchangeable.
 */
export function page<T>(
  items: T[],
  input: { maxResults?: unknown; nextToken?: unknown },
  operation: string,
): { items: T[]; nextToken?: string } {
  const max = input.maxResults === undefined ? 100 : input.maxResults
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000) {
    throw invalidParameter(
      `Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to ` +
        `1000 and greater than or equal to 1'`,
    )
  }
  let start = 0
  if (input.nextToken !== undefined) {
    const decoded =
      typeof input.nextToken === 'string' ? Buffer.from(input.nextToken, 'base64url').toString('utf8') : ''
    const m = /^(\w+):(\d+)$/.exec(decoded)
    if (!m || m[1] !== operation)
      throw invalidParameter("Invalid parameter at 'nextToken': the token is not valid for this request")
    start = Number(m[2])
  }
  const end = start + max
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(`${operation}:${end}`).toString('base64url') } : {}),
  }
}
