const STORAGE_KEY = 'crossdock.sessionToken'

type PageWindow = Pick<Window, 'location' | 'history' | 'sessionStorage'>

/**
 * `crossdock ui` opens the page as `/?token=T`: take the token once, keep it for reloads of this tab, and take
 * it out of the address bar (and so out of history, bookmarks and screenshots).
 */
export function takeSessionToken(page: PageWindow): string | undefined {
  const url = new URL(page.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    try {
      page.sessionStorage.setItem(STORAGE_KEY, fromUrl)
    } catch {
      // Storage refused (private mode): the token still works until the tab reloads.
    }
    url.searchParams.delete('token')
    page.history.replaceState(page.history.state, '', `${url.pathname}${url.search}${url.hash}`)
    return fromUrl
  }
  try {
    return page.sessionStorage.getItem(STORAGE_KEY) ?? undefined
  } catch {
    return undefined
  }
}
