import { request, type Dispatcher } from 'undici'
import type { RepositoryRecord, TagRecord } from './repositories'

/**
 * What the Hub API says about a tag, computed from the backing registry so that digests and sizes are the ones a
 * pull would see: the tag's manifest (or index) digest, and per platform image its digest, compressed size (sum
 * of its layers) and platform. Manifests are content-addressed, so their parsed form is cached by digest; the
 * tag → digest step is asked of the registry every time, since tags move.
 */

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ')

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
])

export function isIndexType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEX_TYPES.has(mediaType.split(';')[0]!.trim())
}

interface PlatformInfo {
  architecture?: string
  os?: string
  variant?: string
  'os.version'?: string
  'os.features'?: string[]
  features?: string[]
}

interface ParsedIndex {
  kind: 'index'
  mediaType: string
  entries: { digest: string; platform?: PlatformInfo }[]
}

interface ParsedImage {
  kind: 'image'
  mediaType: string
  layers: { digest: string; size: number }[]
  platform: PlatformInfo
  instructions: string[]
}

type Parsed = ParsedIndex | ParsedImage

export interface HubImage {
  architecture: string
  features: string
  variant: string | null
  digest: string
  layers: { digest: string; size: number; instruction: string }[]
  os: string
  os_features: string
  os_version: string | null
  size: number
  status: 'active' | 'inactive'
  last_pulled: string | null
  last_pushed: string | null
}

export interface HubTag {
  id: number
  name: string
  creator: number
  last_updated: string | null
  last_updater: number
  last_updater_username: string
  repository: number
  v2: boolean
  full_size: number
  images: HubImage[]
  digest: string
  media_type: string
  content_type: string
  status: 'active' | 'inactive'
  tag_status: 'active' | 'inactive'
  tag_last_pulled: string | null
  tag_last_pushed: string | null
}

const ACTIVE_MS = 30 * 24 * 3600 * 1000

/** Small stable numbers for the schema's integer ids. */
export function numericId(text: string): number {
  let hash = 0
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return hash % 1_000_000_000
}

const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString()

export class TagDetails {
  private readonly parsed = new Map<string, Parsed>()

  constructor(
    private readonly registryUrl: string,
    private readonly dispatcher: Dispatcher,
  ) {}

  /** The Hub's tag object, or undefined when the registry has no such tag. */
  async tag(
    repository: RepositoryRecord,
    name: string,
    record: (digest: string) => TagRecord,
    now: number,
  ): Promise<HubTag | undefined> {
    const path = `${repository.namespace}/${repository.name}`
    const root = await this.manifest(path, name)
    if (!root) return undefined
    const tagRecord = record(root.digest)
    const pushed = tagRecord.lastPushed
    const images: HubImage[] = []
    const toImage = (digest: string, image: ParsedImage, platform: PlatformInfo): HubImage => {
      const pulled = repository.digestPulls.get(digest) ?? null
      return {
        architecture: platform.architecture ?? image.platform.architecture ?? '',
        features: (platform.features ?? []).join(','),
        variant: platform.variant ?? image.platform.variant ?? null,
        digest,
        layers: image.layers.map((layer, i) => ({ ...layer, instruction: image.instructions[i] ?? '' })),
        os: platform.os ?? image.platform.os ?? '',
        os_features: (platform['os.features'] ?? image.platform['os.features'] ?? []).join(','),
        os_version: platform['os.version'] ?? image.platform['os.version'] ?? null,
        size: image.layers.reduce((sum, layer) => sum + layer.size, 0),
        status: activity(pushed, pulled, now),
        last_pulled: iso(pulled),
        last_pushed: iso(pushed),
      }
    }
    if (root.parsed.kind === 'image') {
      images.push(toImage(root.digest, root.parsed, root.parsed.platform))
    } else {
      for (const entry of root.parsed.entries) {
        const child = await this.manifest(path, entry.digest)
        if (child?.parsed.kind === 'image') images.push(toImage(entry.digest, child.parsed, entry.platform ?? {}))
      }
    }
    // Hub shows one image's size for a multi-platform tag; the first real platform's (attestations are
    // unknown/unknown).
    const main = images.find((image) => image.architecture !== 'unknown') ?? images[0]
    const status = activity(pushed, tagRecord.lastPulled, now)
    return {
      id: numericId(`${path}:${name}`),
      name,
      creator: numericId(repository.namespace),
      last_updated: iso(pushed),
      last_updater: numericId(repository.namespace),
      last_updater_username: repository.namespace,
      repository: numericId(path),
      v2: true,
      full_size: main?.size ?? 0,
      images,
      digest: root.digest,
      media_type: root.parsed.mediaType,
      content_type: 'image',
      status,
      tag_status: status,
      tag_last_pulled: iso(tagRecord.lastPulled),
      tag_last_pushed: iso(pushed),
    }
  }

  /** Every tag the registry holds for the repository; [] when it has none. */
  async tagNames(path: string): Promise<string[]> {
    const names: string[] = []
    let next: string | undefined = `${this.registryUrl}/v2/${path}/tags/list`
    while (next) {
      const res: Dispatcher.ResponseData = await request(next, { dispatcher: this.dispatcher })
      if (res.statusCode === 404) {
        await res.body.dump()
        break
      }
      if (res.statusCode !== 200) throw new Error(`tags/list of ${path}: ${res.statusCode} ${await res.body.text()}`)
      names.push(...(((await res.body.json()) as { tags?: string[] | null }).tags ?? []))
      const link: string | undefined = /<([^>]+)>\s*;\s*rel="?next"?/.exec(String(res.headers.link ?? ''))?.[1]
      next = link ? new URL(link, this.registryUrl).href : undefined
    }
    return names
  }

  private async manifest(path: string, reference: string): Promise<{ digest: string; parsed: Parsed } | undefined> {
    const cached = reference.startsWith('sha256:') ? this.parsed.get(reference) : undefined
    if (cached) return { digest: reference, parsed: cached }
    const res = await request(`${this.registryUrl}/v2/${path}/manifests/${reference}`, {
      headers: { accept: ACCEPT },
      dispatcher: this.dispatcher,
    })
    if (res.statusCode === 404) {
      await res.body.dump()
      return undefined
    }
    const bytes = Buffer.from(await res.body.arrayBuffer())
    if (res.statusCode !== 200)
      throw new Error(`manifest ${path}:${reference}: ${res.statusCode} ${bytes.toString('utf8')}`)
    const digest = String(res.headers['docker-content-digest'])
    const already = this.parsed.get(digest)
    if (already) return { digest, parsed: already }
    const parsed = await this.parse(path, String(res.headers['content-type'] ?? ''), bytes)
    this.parsed.set(digest, parsed)
    return { digest, parsed }
  }

  private async parse(path: string, contentType: string, bytes: Buffer): Promise<Parsed> {
    const body = JSON.parse(bytes.toString('utf8')) as {
      mediaType?: string
      manifests?: { digest: string; platform?: PlatformInfo }[]
      config?: { digest: string; mediaType?: string }
      layers?: { digest: string; size: number }[]
    }
    const mediaType = body.mediaType ?? contentType.split(';')[0]!.trim()
    if (isIndexType(mediaType) || body.manifests) {
      return {
        kind: 'index',
        mediaType,
        entries: (body.manifests ?? []).map(({ digest, platform }) => ({ digest, ...(platform ? { platform } : {}) })),
      }
    }
    const layers = (body.layers ?? []).map(({ digest, size }) => ({ digest, size }))
    const config = body.config ? await this.config(path, body.config.digest) : {}
    const instructions = (config.history ?? []).filter((step) => !step.empty_layer).map((step) => step.created_by ?? '')
    return { kind: 'image', mediaType, layers, platform: config, instructions }
  }

  private async config(
    path: string,
    digest: string,
  ): Promise<PlatformInfo & { history?: { created_by?: string; empty_layer?: boolean }[] }> {
    const res = await request(`${this.registryUrl}/v2/${path}/blobs/${digest}`, { dispatcher: this.dispatcher })
    if (res.statusCode !== 200) {
      await res.body.dump()
      return {}
    }
    try {
      const config = (await res.body.json()) as Record<string, unknown>
      return typeof config === 'object' && config !== null ? config : {}
    } catch {
      return {}
    }
  }
}

function activity(pushed: number, pulled: number | null, now: number): 'active' | 'inactive' {
  // "whether a tag has been pushed to or pulled in the past month" (Hub API reference, tag.status)
  return now - pushed < ACTIVE_MS || (pulled !== null && now - pulled < ACTIVE_MS) ? 'active' : 'inactive'
}
