// Request counts by kind from a distribution access log (combined log format), from a byte offset on.
import { createReadStream, existsSync } from 'node:fs'
import { createInterface } from 'node:readline'

const LINE = /^\S+ \S+ \S+ \[[^\]]+\] "(\S+) (\S+) [^"]*" (\d{3}) /

export function classify(method: string, uri: string, status: string): string {
  if (status === '401') return 'unauthorized_401'
  const [path = '', query = ''] = uri.split('?', 2)
  if (path === '/v2/' || path === '/v2') return 'ping'
  if (path.includes('/blobs/uploads/')) {
    if (method === 'POST')
      return query.includes('mount=') ? (status === '201' ? 'mount_ok' : 'mount_miss') : 'upload_start'
    return (
      { PATCH: 'upload_patch', PUT: 'upload_put', DELETE: 'upload_cancel' }[method] ?? `upload_${method.toLowerCase()}`
    )
  }
  if (path.includes('/blobs/'))
    return { HEAD: 'blob_head', GET: 'blob_get', DELETE: 'blob_delete' }[method] ?? 'blob_other'
  if (path.includes('/manifests/'))
    return (
      `manifest_${method.toLowerCase()}_` +
      `${path.split('/manifests/').pop()!.startsWith('sha256:') ? 'digest' : 'tag'}`
    )
  if (path.endsWith('/tags/list')) return 'tags_list'
  if (path.startsWith('/v2/_catalog')) return 'catalog'
  return 'other'
}

export interface LogStats {
  requests: number
  by_kind: Record<string, number>
  status: Record<string, number>
}

export async function logStats(path: string, offset = 0): Promise<LogStats> {
  const stats: LogStats = { requests: 0, by_kind: {}, status: {} }
  if (!existsSync(path)) return stats
  for await (const line of createInterface({ input: createReadStream(path, { start: offset }) })) {
    const m = LINE.exec(line)
    if (!m) continue
    const [, method, uri, status] = m as unknown as [string, string, string, string]
    const kind = classify(method, uri, status)
    stats.requests++
    stats.by_kind[kind] = (stats.by_kind[kind] ?? 0) + 1
    stats.status[status] = (stats.status[status] ?? 0) + 1
  }
  return stats
}
