import type { AwsError } from '../ecr/aws-json'

/**
 * Paging of ECS ListClusters/ListServices and CodeBuild ListProjects. `nextToken` is opaque ("should be treated as
 * an opaque identifier"); here it wraps the offset with the operation and the request's scope (cluster, filters,
 * sort), so a token is refused by any other request, as a service's own would be.
 */
export interface PageRequest {
  operation: string
  /** What the list depends on besides the token: a token from another scope is refused. */
  scope: string
  /** The page size the request asked for (already checked), else undefined. */
  maxResults: number | undefined
  /** The page size when the request names none. */
  defaultSize: number
  nextToken: unknown
  /** The service's error for a token that is not one of its own. */
  invalidToken: () => AwsError
}

export function page<T>(items: readonly T[], request: PageRequest): { items: T[]; nextToken?: string } {
  let start = 0
  if (request.nextToken !== undefined) {
    start = -1
    if (typeof request.nextToken === 'string') {
      try {
        const decoded: unknown = JSON.parse(Buffer.from(request.nextToken, 'base64url').toString('utf8'))
        if (Array.isArray(decoded) && decoded[0] === request.operation && decoded[1] === request.scope) {
          const offset = decoded[2]
          if (Number.isInteger(offset) && offset >= 0) start = offset
        }
      } catch {}
    }
    if (start < 0) throw request.invalidToken()
  }
  const end = start + (request.maxResults ?? request.defaultSize)
  if (end >= items.length) return { items: items.slice(start) }
  const token = Buffer.from(JSON.stringify([request.operation, request.scope, end])).toString('base64url')
  return { items: items.slice(start, end), nextToken: token }
}
