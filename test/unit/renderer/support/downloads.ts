import { afterEach, beforeEach, vi } from 'vitest'

export interface Download {
  name: string
  href: string
  /** What a Blob URL held (absent for a `data:` URL). */
  blob?: Blob
}

/** Records every download the page starts (a link clicked with `download`), with what it held; call at a file's top. */
export function captureDownloads(): Download[] {
  const downloads: Download[] = []
  beforeEach(() => {
    downloads.length = 0
    let next = 0
    const blobs = new Map<string, Blob>()
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      const url = `blob:test/${++next}`
      blobs.set(url, blob as Blob)
      return url
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      const href = this.getAttribute('href') ?? ''
      downloads.push({ name: this.download, href, blob: blobs.get(href) })
    })
  })
  afterEach(() => {
    vi.restoreAllMocks()
  })
  return downloads
}
