import { randomBytes } from 'node:crypto'
import type {
  Clock,
  EncryptionConfiguration,
  ExclusionFilter,
  ResourceTag,
  ScanningOptions,
  SeedScan,
  SeedTemplate,
  TagMutability,
} from './options'
import { Scanner } from './scanning'

/** What the control plane and the data plane share: repositories, the images pushed through the data plane, tokens. */

export interface EcrImage {
  digest: string
  mediaType: string
  /** The exact manifest bytes, for BatchGetImage. */
  manifest: string
  /** Compressed bytes: the layers' sizes summed; for an index, its largest child (API_ImageDetail, facts §6.8). */
  sizeInBytes: number
  /** Blob digests a manifest references (config + layers); what blob mounting may take from this repository. */
  blobs: string[]
  /** Child manifest digests of an index. */
  children: string[]
  artifactMediaType?: string
  pushedAt: number
  lastPulledAt?: number
  /** The image's last scan (on push or StartImageScan); its status is worked out from the clock (scanning.ts). */
  scan?: ScanRecord
}

/** One scan of an image: when it started (the 24-hour StartImageScan quota counts from here) and what it finds. */
export interface ScanRecord {
  startedAt: number
  /** When the scan stops being IN_PROGRESS / PENDING: `startedAt` + `scanSeconds`. */
  completedAt: number
  seed: SeedScan
}

export interface EcrRepository {
  name: string
  createdAt: number
  imageTagMutability: TagMutability
  exclusionFilters: ExclusionFilter[]
  scanOnPush: boolean
  encryption: EncryptionConfiguration
  tags: ResourceTag[]
  lifecyclePolicyText?: string
  lifecyclePolicyUpdatedAt?: number
  images: Map<string, EcrImage>
  /** tag → digest */
  imageTags: Map<string, string>
  /** Created by a CREATE_ON_PUSH template rather than CreateRepository. */
  createdOnPush: boolean
}

export interface RepositorySettings {
  imageTagMutability?: TagMutability
  exclusionFilters?: ExclusionFilter[]
  scanOnPush?: boolean
  encryption?: EncryptionConfiguration
  tags?: ResourceTag[]
  lifecyclePolicyText?: string
}

export interface Template extends SeedTemplate {
  createdAt: number
  updatedAt: number
}

export class EcrState {
  readonly repositories = new Map<string, EcrRepository>()
  readonly templates: Template[] = []
  /** password → expiry (ms) */
  private readonly tokens = new Map<string, number>()
  replicationConfiguration: { rules: unknown[] } = { rules: [] }
  readonly pullThroughCacheRules: Array<Record<string, unknown>> = []
  readonly scanner: Scanner

  constructor(
    private readonly clock: Clock,
    scanning: ScanningOptions = {},
  ) {
    this.scanner = new Scanner(scanning, () => clock.now())
  }

  createRepository(name: string, s: RepositorySettings, createdOnPush = false): EcrRepository {
    const repository: EcrRepository = {
      name,
      createdAt: this.clock.now(),
      imageTagMutability: s.imageTagMutability ?? 'MUTABLE',
      exclusionFilters: s.exclusionFilters ?? [],
      scanOnPush: s.scanOnPush ?? false,
      encryption: s.encryption ?? { encryptionType: 'AES256' },
      tags: s.tags ?? [],
      images: new Map(),
      imageTags: new Map(),
      createdOnPush,
    }
    if (s.lifecyclePolicyText !== undefined) {
      repository.lifecyclePolicyText = s.lifecyclePolicyText
      repository.lifecyclePolicyUpdatedAt = this.clock.now()
    }
    this.repositories.set(name, repository)
    return repository
  }

  /** The CREATE_ON_PUSH template covering `name`: the longest matching prefix, else ROOT (facts §6.6). */
  createOnPushTemplate(name: string): Template | undefined {
    const candidates = this.templates.filter((t) => t.appliedFor.includes('CREATE_ON_PUSH'))
    let best: Template | undefined
    for (const t of candidates) {
      if (t.prefix === 'ROOT') continue
      const prefix = t.prefix.endsWith('/') ? t.prefix : `${t.prefix}/`
      if (name.startsWith(prefix) && (!best || prefix.length > best.prefix.length)) best = t
    }
    return best ?? candidates.find((t) => t.prefix === 'ROOT')
  }

  addTemplate(t: SeedTemplate): void {
    const now = this.clock.now()
    this.templates.push({ ...t, createdAt: now, updatedAt: now })
  }

  issueToken(lifetimeSeconds: number): { password: string; expiresAt: number } {
    const password = randomBytes(24).toString('base64url')
    const expiresAt = this.clock.now() + lifetimeSeconds * 1000
    this.tokens.set(password, expiresAt)
    return { password, expiresAt }
  }

  tokenState(password: string): 'valid' | 'expired' | 'unknown' {
    const expiresAt = this.tokens.get(password)
    if (expiresAt === undefined) return 'unknown'
    return this.clock.now() >= expiresAt ? 'expired' : 'valid'
  }

  /** Records a manifest stored under `reference` (a tag or its digest); moving a tag untags its old image. */
  recordPush(repository: EcrRepository, image: Omit<EcrImage, 'pushedAt'>, tag: string | undefined): void {
    if (!repository.images.has(image.digest)) {
      const pushed = { ...image, pushedAt: this.clock.now() }
      repository.images.set(image.digest, pushed)
      this.scanner.pushed(repository, pushed)
    }
    if (tag !== undefined) repository.imageTags.set(tag, image.digest)
  }

  recordPull(repository: EcrRepository, reference: string): void {
    const digest = reference.startsWith('sha256:') ? reference : repository.imageTags.get(reference)
    const image = digest === undefined ? undefined : repository.images.get(digest)
    if (image) image.lastPulledAt = this.clock.now()
  }

  tagsOf(repository: EcrRepository, digest: string): string[] {
    return [...repository.imageTags].filter(([, d]) => d === digest).map(([tag]) => tag)
  }
}
