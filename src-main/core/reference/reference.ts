import { type Digest, digestProblem } from './digest'
import {
  looksLikeRegistry,
  registryProblem,
  repositoryLengthProblem,
  repositoryPathProblem,
  tagProblem,
} from './grammar'
import { ImageReferenceError, type ReferencePart } from './reference-error'

export interface RepositoryRef {
  /** Normalised host[:port], e.g. "docker.io", "127.0.0.1:5000", "[::1]:5000". */
  readonly registry: string
  /** Full path inside the registry, e.g. "library/nginx". */
  readonly repository: string
}

/** After parsing at least one of tag/digest is set; when both are, fetching by digest is the caller's call. */
export interface ImageRef extends RepositoryRef {
  readonly tag?: string
  readonly digest?: Digest
}

const DOCKER_HUB = 'docker.io'
const DOCKER_HUB_API_HOST = 'registry-1.docker.io'
// Spellings of Docker Hub that must compare equal to "docker.io" (distribution rewrites only the first; the others
// reach the same registry, so a reference written with them is on Docker Hub too).
const DOCKER_HUB_ALIASES = new Set(['index.docker.io', DOCKER_HUB_API_HOST, 'registry.hub.docker.com'])
const OFFICIAL_NAMESPACE = 'library/'
const DEFAULT_TAG = 'latest'
// Like distribution, refuse a bare image ID: as a name it would silently mean "docker.io/library/<hex>".
const IMAGE_ID = /^[a-f0-9]{64}$/

type Kind = 'image reference' | 'repository'

const EMPTY_MESSAGE: Record<Kind, string> = {
  'image reference':
    'Image reference is empty; expected something like "nginx:1.27" or "registry.example.com/team/app:tag".',
  repository: 'Repository is empty; expected something like "nginx" or "registry.example.com/team/app".',
}

interface Reporter {
  fail(part: ReferencePart, problem: string): never
  /** Fails only when a grammar check returned a problem. */
  check(part: ReferencePart, problem: string | undefined): void
}

/** Binds the input so every error quotes what the user actually typed. */
function reporter(kind: Kind, text: string): Reporter {
  const fail = (part: ReferencePart, problem: string): never => {
    throw new ImageReferenceError(part, `Invalid ${kind} "${text}": ${problem}.`)
  }
  return {
    fail,
    check: (part, problem) => {
      if (problem !== undefined) fail(part, problem)
    },
  }
}

interface Scanned {
  readonly name: string
  readonly tag?: string
  readonly digest?: string
}

/** Cuts `name[:tag][@digest]`; the tag colon is the first ":" after the last "/", as in the reference regexp. */
function scan(text: string, kind: Kind, { fail }: Reporter): Scanned {
  if (text === '') throw new ImageReferenceError('reference', EMPTY_MESSAGE[kind])
  if (IMAGE_ID.test(text)) {
    fail(
      'reference',
      'a bare 64-character hex string is an image ID, not a name; prefix a registry like "docker.io/" or pin it as ' +
        '"name@sha256:<hex>"',
    )
  }
  // A pasted registry URL would otherwise surface as a puzzling "port must be digits".
  const scheme = text.indexOf('://')
  if (scheme !== -1) fail('reference', `references have no URL scheme; drop "${text.slice(0, scheme + 3)}"`)
  const at = text.indexOf('@')
  const nameAndTag = at === -1 ? text : text.slice(0, at)
  // Without a "/" a bracketed address cannot be a registry, and cutting at its colons would only confuse.
  if (nameAndTag.startsWith('[') && !nameAndTag.includes('/')) {
    fail('repository', `"${nameAndTag}" names only a registry; add a repository path like "${nameAndTag}/my-app"`)
  }
  const colon = nameAndTag.indexOf(':', nameAndTag.lastIndexOf('/') + 1)
  const name = colon === -1 ? nameAndTag : nameAndTag.slice(0, colon)
  if (name === '') fail('repository', 'the repository name before the tag or digest is missing')
  return {
    name,
    ...(colon === -1 ? {} : { tag: nameAndTag.slice(colon + 1) }),
    ...(at === -1 ? {} : { digest: text.slice(at + 1) }),
  }
}

function normaliseRegistry(domain: string): string {
  const host = domain.toLowerCase()
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host
}

function resolveName(name: string, { check }: Reporter): RepositoryRef {
  const slash = name.indexOf('/')
  const first = slash === -1 ? undefined : name.slice(0, slash)
  let registry = DOCKER_HUB
  let path = name
  if (first !== undefined && looksLikeRegistry(first)) {
    check('registry', registryProblem(first))
    registry = normaliseRegistry(first)
    path = name.slice(slash + 1)
  }
  check('repository', repositoryPathProblem(path))
  // Docker Hub's official images live under "library/"; "nginx" and "library/nginx" are the same repository.
  const repository = registry === DOCKER_HUB && !path.includes('/') ? OFFICIAL_NAMESPACE + path : path
  check('repository', repositoryLengthProblem(repository))
  return { registry, repository }
}

function imageRef(repo: RepositoryRef, tag: string | undefined, digest: Digest | undefined): ImageRef {
  return {
    registry: repo.registry,
    repository: repo.repository,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  }
}

/** Parses `[registry/]repository[:tag][@digest]`; with neither tag nor digest the tag is "latest". */
export function parseReference(text: string): ImageRef {
  const report = reporter('image reference', text)
  const { name, tag, digest } = scan(text, 'image reference', report)
  const repo = resolveName(name, report)
  if (tag !== undefined) report.check('tag', tagProblem(tag))
  if (digest !== undefined) report.check('digest', digestProblem(digest))
  // digestProblem just vouched for the text, which is what the brand promises.
  const validDigest = digest as Digest | undefined
  return imageRef(repo, tag ?? (digest === undefined ? DEFAULT_TAG : undefined), validDigest)
}

/** Parses `[registry/]repository`, for places that address a whole repository (e.g. a copy destination). */
/**
 * The name of a reference as written, without its tag or digest (`nginx:1.27@sha256:…` → `nginx`,
 * `localhost:5000/api:1` → `localhost:5000/api`): what Kustomize matches an `images[]` entry against.
 */
export function nameAsWritten(text: string): string {
  const at = text.indexOf('@')
  const name = at === -1 ? text : text.slice(0, at)
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1)
  return colon === -1 ? name : name.slice(0, colon)
}

export function parseRepository(text: string): RepositoryRef {
  const report = reporter('repository', text)
  const { name, tag, digest } = scan(text, 'repository', report)
  if (tag !== undefined) report.fail('tag', `a repository is named without a tag; drop ":${tag}"`)
  if (digest !== undefined) report.fail('digest', `a repository is named without a digest; drop "@${digest}"`)
  return resolveName(name, report)
}

function suffix({ tag, digest }: ImageRef): string {
  return (tag === undefined ? '' : `:${tag}`) + (digest === undefined ? '' : `@${digest}`)
}

/** Canonical, unambiguous form: `registry/repository[:tag][@digest]`, Docker Hub spelled out. */
export function formatReference(ref: ImageRef | RepositoryRef): string {
  return `${ref.registry}/${ref.repository}${suffix(ref)}`
}

/** Docker's short display form ("nginx:latest", "user/app:1"); other registries stay fully qualified. */
export function familiarReference(ref: ImageRef | RepositoryRef): string {
  if (ref.registry !== DOCKER_HUB) return formatReference(ref)
  const unprefixed = ref.repository.slice(OFFICIAL_NAMESPACE.length)
  const name = ref.repository.startsWith(OFFICIAL_NAMESPACE) && !unprefixed.includes('/') ? unprefixed : ref.repository
  // "docker.io/my.org/app" shortened to "my.org/app" would read back as registry "my.org".
  const slash = name.indexOf('/')
  if (slash !== -1 && looksLikeRegistry(name.slice(0, slash))) return formatReference(ref)
  return name + suffix(ref)
}

/** The host that actually serves the Registry HTTP API for `registry`. */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry
}

/** Same repository with `tag`; like distribution's WithTag an existing digest is kept. */
export function withTag(ref: ImageRef | RepositoryRef, tag: string): ImageRef {
  const problem = tagProblem(tag)
  if (problem !== undefined) throw new ImageReferenceError('tag', `Invalid tag "${tag}": ${problem}.`)
  const { digest }: ImageRef = ref
  return imageRef(ref, tag, digest)
}

/** Same repository pinned to `digest`; like distribution's WithDigest an existing tag is kept. */
export function withDigest(ref: ImageRef | RepositoryRef, digest: Digest): ImageRef {
  const { tag }: ImageRef = ref
  return imageRef(ref, tag, digest)
}
