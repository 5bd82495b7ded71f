// Rules from distribution/reference (regexp.go). Each check returns a human explanation, or
// undefined when the text is valid, so callers can attach the part and the original input.

// Lowercase alphanumerics joined by one ".", one or two "_", or any run of "-".
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const DOMAIN_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/
// Compressed or full IPv6 only; zone IDs and embedded IPv4 are deliberately excluded.
const IPV6_LITERAL = /^\[[a-fA-F0-9:]+\]$/
const PORT = /^[0-9]+$/
const TAG = /^\w[\w.-]*$/

const REPOSITORY_MAX_LENGTH = 255
const TAG_MAX_LENGTH = 128

/**
 * distribution's splitDockerDomain rule: a first component is a registry only when it has a "." or ":", is
 * "localhost", or has an uppercase letter (a Docker Hub path never does); anything else is a Docker Hub namespace
 * such as "bitnami".
 */
export function looksLikeRegistry(component: string): boolean {
  return component === 'localhost' || /[.:]/.test(component) || component !== component.toLowerCase()
}

export function registryProblem(domain: string): string | undefined {
  let port: string | undefined
  if (domain.startsWith('[')) {
    const close = domain.indexOf(']')
    if (close === -1 || !IPV6_LITERAL.test(domain.slice(0, close + 1))) {
      return (
        `IPv6 registry addresses are hex digits and colons in brackets, like "[::1]:5000", without zone IDs or ` +
        `embedded IPv4 (found "${domain}")`
      )
    }
    const rest = domain.slice(close + 1)
    if (rest !== '' && !rest.startsWith(':')) {
      return `only ":port" may follow a bracketed IPv6 address (found "${domain}")`
    }
    port = rest === '' ? undefined : rest.slice(1)
  } else {
    const colon = domain.indexOf(':')
    const host = colon === -1 ? domain : domain.slice(0, colon)
    port = colon === -1 ? undefined : domain.slice(colon + 1)
    if (port?.includes(':')) {
      return `IPv6 registry addresses must be written in brackets, like "[::1]:5000" (found "${domain}")`
    }
    if (!host.split('.').every((label) => DOMAIN_LABEL.test(label))) {
      return `registry hosts are dot-separated labels of letters, digits and inner hyphens (found "${domain}")`
    }
  }
  if (port !== undefined && !PORT.test(port)) {
    return `the registry port must be digits, like "localhost:5000" (found "${domain}")`
  }
  return undefined
}

/** Checks the path as the user typed it, so messages quote their text rather than a normalised form. */
export function repositoryPathProblem(path: string): string | undefined {
  if (path === '') return 'the repository path after the registry is missing; add one after the "/"'
  if (path !== path.toLowerCase()) return `repository names must be lowercase (found "${path}")`
  const components = path.split('/')
  if (components.includes('')) {
    return `the repository path has an empty component; remove the leading, doubled or trailing "/" (found "${path}")`
  }
  const bad = components.find((component) => !PATH_COMPONENT.test(component))
  if (bad !== undefined) {
    return (
      `repository path components are lowercase letters and digits joined by ".", "_", "__" or "-" (found ` +
      `"${bad}")`
    )
  }
  return undefined
}

/** Applied after normalisation: like distribution, the implicit "library/" counts towards the limit. */
export function repositoryLengthProblem(repository: string): string | undefined {
  if (repository.length <= REPOSITORY_MAX_LENGTH) return undefined
  return (
    `repository names are at most ${REPOSITORY_MAX_LENGTH} characters; shorten "${repository}" ` +
    `(${repository.length} characters)`
  )
}

export function tagProblem(tag: string): string | undefined {
  if (tag === '') return 'the tag after ":" is empty; remove the ":" or add a tag'
  if (tag.length > TAG_MAX_LENGTH) {
    return `tags are at most ${TAG_MAX_LENGTH} characters; shorten "${tag}" (${tag.length} characters)`
  }
  if (!TAG.test(tag)) {
    return `tags use letters, digits, "_", "." and "-" and cannot start with "." or "-" (found "${tag}")`
  }
  return undefined
}
