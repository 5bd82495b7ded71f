/** A parsed `WWW-Authenticate` challenge (RFC 7235), e.g. `Bearer realm="…",service="…",scope="…"`. */
export interface Challenge {
  scheme: string
  params: Record<string, string>
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y

/**
 * Parses every challenge in a header value. Hand-written because quoted-string escapes and commas inside
 * quotes (scopes like `repository:a:pull,push`) defeat a split-on-comma approach.
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = []
  let pos = 0
  const skip = (chars: RegExp): void => {
    while (pos < header.length && chars.test(header[pos]!)) pos++
  }
  const readToken = (): string | undefined => {
    TOKEN.lastIndex = pos
    const match = TOKEN.exec(header)
    if (!match) return undefined
    pos = TOKEN.lastIndex
    return match[0]
  }
  // `name = value` (whitespace around "=" is allowed, empty list items are skipped); undefined when the next
  // item is not a parameter, which is where the next challenge's scheme begins.
  const readParam = (): [string, string] | undefined => {
    const start = pos
    skip(/[\s,]/)
    const name = readToken()
    skip(/\s/)
    if (!name || header[pos] !== '=') {
      pos = start
      return undefined
    }
    pos++
    skip(/\s/)
    return [name.toLowerCase(), header[pos] === '"' ? readQuoted() : (readToken() ?? '')]
  }
  while (pos < header.length) {
    skip(/[\s,]/)
    const scheme = readToken()
    if (!scheme) break
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} }
    challenges.push(challenge)
    for (let param = readParam(); param; param = readParam()) challenge.params[param[0]] = param[1]
  }
  return challenges

  function readQuoted(): string {
    let value = ''
    pos++
    while (pos < header.length && header[pos] !== '"') {
      if (header[pos] === '\\' && pos + 1 < header.length) pos++
      value += header[pos]
      pos++
    }
    pos++
    return value
  }
}
