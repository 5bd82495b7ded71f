/** A repository as the Hub API lists it (the fields Crossdock uses). */
export interface HubRepository {
  name: string
  namespace: string
  is_private: boolean
  pull_count: number
  star_count?: number
  description?: string | null
  last_updated?: string | null
  /** Bytes stored; not on every Hub version. */
  storage_size?: number
  date_registered?: string | null
}

export interface HubImage {
  architecture: string
  os: string
  variant?: string | null
  digest?: string | null
  size: number
  status?: string
  last_pushed?: string | null
  last_pulled?: string | null
  /** Compressed layers of the image, as the Hub API lists them. */
  layers?: { digest?: string | null; size: number }[] | null
}

/** A tag as the Hub API lists it: per-platform images with compressed sizes, and push/pull times. */
export interface HubTag {
  name: string
  full_size: number
  /** Returned in practice, not in the documented schema: the registry's HEAD is the authority for digests. */
  digest?: string | null
  /** The tag's manifest media type (also undocumented, also returned). */
  media_type?: string | null
  images: HubImage[]
  last_updated?: string | null
  tag_last_pushed?: string | null
  tag_last_pulled?: string | null
  tag_status?: string
}

export interface HubPage<T> {
  count: number
  next: string | null
  previous: string | null
  results: T[]
}
