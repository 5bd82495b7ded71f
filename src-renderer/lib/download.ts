/** Saves text as a file through a Blob URL (no server round trip, nothing the page CSP blocks). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  downloadUrl(fileName, url)
  // Some browsers start the download after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 1_000)
}

/** Saves what a URL holds (a Blob URL, or a `data:` URL such as a canvas's PNG) under `fileName`. */
export function downloadUrl(fileName: string, url: string): void {
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
}
