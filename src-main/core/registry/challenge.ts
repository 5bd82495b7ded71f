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
  const skipSpace = (): void => {
    while (pos < header.length && /[\s,]/.test(header[pos]!)) pos++
  }
  const readToken = (): string | undefined => {
    TOKEN.lastIndex = pos
    const match = TOKEN.exec(header)
    if (!match) return undefined
    pos = TOKEN.lastIndex
    return match[0]
  }
  while (pos < header.length) {
    skipSpace()
    const scheme = readToken()
    if (!scheme) break
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} }
    challenges.push(challenge)
    for (;;) {
      while (pos < header.length && /[\s]/.test(header[pos]!)) pos++
      const start = pos
      const name = readToken()
      if (!name || header[pos] !== '=') {
        pos = start
        break
      }
      pos++
      challenge.params[name.toLowerCase()] = header[pos] === '"' ? readQuoted() : (readToken() ?? '')
      while (pos < header.length && /[\s]/.test(header[pos]!)) pos++
      if (header[pos] !== ',') break
      pos++
      // A comma may end this challenge's parameters and begin the next challenge: peek for `token token`.
      const save = pos
      while (pos < header.length && /\s/.test(header[pos]!)) pos++
      const next = readToken()
      const isNewChallenge = next !== undefined && header[pos] !== '='
      pos = save
      if (isNewChallenge) break
    }
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
