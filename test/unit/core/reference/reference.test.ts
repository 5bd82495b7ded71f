import { describe, expect, it } from 'vitest'
import { CrossdockError } from '../../../../src-main/core/lib/errors'
import {
  familiarReference,
  formatReference,
  type ImageRef,
  parseDigest,
  parseReference,
  parseRepository,
  ImageReferenceError,
  type ReferencePart,
  registryApiHost,
  withDigest,
  withTag,
} from '../../../../src-main/core/reference'

const HEX256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
const SHA256 = `sha256:${HEX256}`
const SHA512 =
  'sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce' +
  '47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e'
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com'

function referenceError(run: () => unknown): ImageReferenceError {
  try {
    run()
  } catch (error) {
    if (error instanceof ImageReferenceError) return error
    throw error
  }
  throw new Error('expected a ImageReferenceError')
}

// [input, registry, repository, tag, digest]
const VALID: [string, string, string, string | undefined, string | undefined][] = [
  ['nginx', 'docker.io', 'library/nginx', 'latest', undefined],
  ['nginx:1.27', 'docker.io', 'library/nginx', '1.27', undefined],
  ['library/nginx', 'docker.io', 'library/nginx', 'latest', undefined],
  ['docker.io/nginx', 'docker.io', 'library/nginx', 'latest', undefined],
  ['docker.io/library/nginx:latest', 'docker.io', 'library/nginx', 'latest', undefined],
  ['index.docker.io/nginx', 'docker.io', 'library/nginx', 'latest', undefined],
  ['registry-1.docker.io/bitnami/redis:7', 'docker.io', 'bitnami/redis', '7', undefined],
  ['INDEX.DOCKER.IO/library/busybox', 'docker.io', 'library/busybox', 'latest', undefined],
  ['bitnami/redis', 'docker.io', 'bitnami/redis', 'latest', undefined],
  ['docker.io/library/foo/bar', 'docker.io', 'library/foo/bar', 'latest', undefined],
  ['docker.io/library', 'docker.io', 'library/library', 'latest', undefined],
  ['a/b/c/d', 'docker.io', 'a/b/c/d', 'latest', undefined],
  ['test_com/foo', 'docker.io', 'test_com/foo', 'latest', undefined],
  ['dbcc1', 'docker.io', 'library/dbcc1', 'latest', undefined],
  // Distribution's familiar-name rule: with no "/", "localhost:5000" is library/localhost at tag 5000.
  ['localhost:5000', 'docker.io', 'library/localhost', '5000', undefined],
  [`docker.io/${HEX256}`, 'docker.io', `library/${HEX256}`, 'latest', undefined],
  ['localhost/app', 'localhost', 'app', 'latest', undefined],
  ['localhost:5000/team/app:v1', 'localhost:5000', 'team/app', 'v1', undefined],
  ['127.0.0.1:5000/debian', '127.0.0.1:5000', 'debian', 'latest', undefined],
  ['192.168.0.1/debian:12', '192.168.0.1', 'debian', '12', undefined],
  ['test-com:8080/foo', 'test-com:8080', 'foo', 'latest', undefined],
  ['xn--n3h.com/foo', 'xn--n3h.com', 'foo', 'latest', undefined],
  ['Registry.Example.com/team/app', 'registry.example.com', 'team/app', 'latest', undefined],
  ['example.com/a/b/c/d', 'example.com', 'a/b/c/d', 'latest', undefined],
  ['[::1]:5000/x', '[::1]:5000', 'x', 'latest', undefined],
  ['[::1]/x', '[::1]', 'x', 'latest', undefined],
  ['[2001:db8::1]/x:t', '[2001:db8::1]', 'x', 't', undefined],
  ['[2001:DB8::1]:443/x', '[2001:db8::1]:443', 'x', 'latest', undefined],
  ['[fc00:1:2:3:4:5:6:7]:5000/library/debian', '[fc00:1:2:3:4:5:6:7]:5000', 'library/debian', 'latest', undefined],
  ['a__b', 'docker.io', 'library/a__b', 'latest', undefined],
  ['a_b', 'docker.io', 'library/a_b', 'latest', undefined],
  ['a--b', 'docker.io', 'library/a--b', 'latest', undefined],
  ['a---b/c', 'docker.io', 'a---b/c', 'latest', undefined],
  ['a.b', 'docker.io', 'library/a.b', 'latest', undefined],
  ['ubuntu-12.04-base', 'docker.io', 'library/ubuntu-12.04-base', 'latest', undefined],
  ['f/a.b-c__d_e', 'docker.io', 'f/a.b-c__d_e', 'latest', undefined],
  ['nginx:v1.0_rc-1', 'docker.io', 'library/nginx', 'v1.0_rc-1', undefined],
  ['nginx:_private', 'docker.io', 'library/nginx', '_private', undefined],
  ['nginx:UPPER', 'docker.io', 'library/nginx', 'UPPER', undefined],
  [`nginx:${'a'.repeat(128)}`, 'docker.io', 'library/nginx', 'a'.repeat(128), undefined],
  [`nginx@${SHA256}`, 'docker.io', 'library/nginx', undefined, SHA256],
  [`nginx:1.27@${SHA256}`, 'docker.io', 'library/nginx', '1.27', SHA256],
  [`busybox:latest@${SHA512}`, 'docker.io', 'library/busybox', 'latest', SHA512],
  [`registry.example.com/team/app@${SHA512}`, 'registry.example.com', 'team/app', undefined, SHA512],
  [`localhost:5000/app:1@${SHA256}`, 'localhost:5000', 'app', '1', SHA256],
  [`[::1]:5000/x@${SHA256}`, '[::1]:5000', 'x', undefined, SHA256],
  [`${ECR}/team/app:1.0`, ECR, 'team/app', '1.0', undefined],
  [
    `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@${SHA256}`,
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    'app',
    undefined,
    SHA256,
  ],
  [`x/${'a'.repeat(253)}`, 'docker.io', `x/${'a'.repeat(253)}`, 'latest', undefined],
  [`${'a'.repeat(247)}`, 'docker.io', `library/${'a'.repeat(247)}`, 'latest', undefined],
]

// [case, input, part, text the message must mention]
const INVALID: [string, string, ReferencePart, string][] = [
  ['uppercase name', 'docker/Docker', 'repository', 'must be lowercase (found "docker/Docker")'],
  ['uppercase single component', 'Nginx', 'repository', 'must be lowercase (found "Nginx")'],
  ['uppercase path on a registry', 'example.com/Team/app', 'repository', 'must be lowercase (found "Team/app")'],
  ['trailing slash', 'nginx/', 'repository', '(found "nginx/")'],
  ['leading slash', '/nginx', 'repository', '(found "/nginx")'],
  ['double slash', 'a//b', 'repository', '(found "a//b")'],
  ['triple slash', 'docker///docker', 'repository', '(found "docker///docker")'],
  ['registry without a path', 'example.com/', 'repository', 'repository path after the registry is missing'],
  ['leading hyphen', '-docker', 'repository', '(found "-docker")'],
  ['trailing hyphen', 'docker-/x', 'repository', '(found "docker-")'],
  ['only underscores', '____/____', 'repository', '(found "____")'],
  ['triple underscore', 'a___b', 'repository', '(found "a___b")'],
  ['double period', 'docker/dock..er', 'repository', '(found "dock..er")'],
  ['mixed separators', 'docker/dock_.er', 'repository', '(found "dock_.er")'],
  // A first component with "." is read as a host, as in distribution's splitDockerDomain.
  ['double period in the first component', 'dock..er/docker', 'registry', '(found "dock..er")'],
  ['whitespace', 'nginx latest', 'repository', '(found "nginx latest")'],
  ['empty name before a tag', ':tag', 'repository', 'repository name before the tag or digest is missing'],
  ['empty name before a digest', `@${SHA256}`, 'repository', 'repository name before the tag or digest is missing'],
  ['bracketed registry alone', '[::1]', 'repository', 'names only a registry'],
  ['bracketed registry and port alone', '[::1]:5000', 'repository', '"[::1]:5000/my-app"'],
  ['repository over 255 characters', `x/${'a'.repeat(254)}`, 'repository', '256 characters'],
  ['library/ prefix pushes past 255', 'a'.repeat(250), 'repository', '258 characters'],
  ['empty tag', 'nginx:', 'tag', 'tag after ":" is empty'],
  ['tag with a space', 'nginx:la test', 'tag', '(found "la test")'],
  ['tag starting with a hyphen', 'nginx:-bad', 'tag', '(found "-bad")'],
  ['tag starting with a period', 'nginx:.bad', 'tag', '(found ".bad")'],
  ['tag with a colon', 'nginx:v1:v2', 'tag', '(found "v1:v2")'],
  ['tag with punctuation', 'nginx:tag!', 'tag', '(found "tag!")'],
  ['tag of 129 characters', `nginx:${'a'.repeat(129)}`, 'tag', '129 characters'],
  ['empty digest', 'nginx@', 'digest', 'digest is empty'],
  ['not a digest', 'nginx@latest', 'digest', '(found "latest")'],
  ['short sha256', 'nginx@sha256:abc', 'digest', 'sha256 digests have 64 hex characters (found 3)'],
  ['sha512 with sha256 length', `nginx@sha512:${HEX256}`, 'digest', '128 hex characters (found 64)'],
  ['non-hex digest', `nginx@sha256:${'g'.repeat(64)}`, 'digest', '(found "g")'],
  ['uppercase hex digest', `nginx@sha256:${HEX256.toUpperCase()}`, 'digest', '(found "E")'],
  ['unsupported algorithm', `nginx@md5:${'a'.repeat(32)}`, 'digest', 'unsupported digest algorithm "md5"'],
  ['second @', `nginx@${SHA256}@x`, 'digest', `(found "${SHA256}@x")`],
  [
    'port without digits',
    'localhost:/x',
    'registry',
    'port must be digits, like "localhost:5000" (found "localhost:")',
  ],
  ['named port', 'example.com:http/x', 'registry', '(found "example.com:http")'],
  ['host missing before port', ':5000/x', 'registry', '(found ":5000")'],
  ['leading hyphen in host', '-docker.io/docker/docker', 'registry', '(found "-docker.io")'],
  ['trailing hyphen in label', 'example-.com/x', 'registry', '(found "example-.com")'],
  ['underscore in host', 'exa_mple.com/x', 'registry', '(found "exa_mple.com")'],
  ['empty host label', 'example..com/x', 'registry', '(found "example..com")'],
  ['unbracketed IPv6', 'fc00::1:5000/debian', 'registry', 'must be written in brackets'],
  ['unclosed IPv6 bracket', '[::1:5000/x', 'registry', '(found "[::1:5000")'],
  ['IPv6 zone identifier', '[fe80::1%eth0]:5000/debian', 'registry', '(found "[fe80::1%eth0]:5000")'],
  [
    'IPv6 with embedded IPv4',
    '[2001:db8:3:4::192.0.2.33]:5000/debian',
    'registry',
    '(found "[2001:db8:3:4::192.0.2.33]:5000")',
  ],
  ['non-hex IPv6', '[::g]/x', 'registry', '(found "[::g]")'],
  ['text after IPv6 bracket', '[::1]x/y', 'registry', 'only ":port" may follow'],
  ['IPv6 port without digits', '[::1]:/x', 'registry', '(found "[::1]:")'],
  ['bare image ID', HEX256, 'reference', 'image ID'],
  ['URL', 'https://registry.example.com/team/app', 'reference', 'drop "https://"'],
]

describe('parseReference', () => {
  it.each(VALID)('parses %s', (input, registry, repository, tag, digest) => {
    const expected: ImageRef = {
      registry,
      repository,
      ...(tag === undefined ? {} : { tag }),
      ...(digest === undefined ? {} : { digest: parseDigest(digest) }),
    }
    expect(parseReference(input)).toStrictEqual(expected)
  })

  it.each(VALID)('round-trips %s through the canonical and familiar forms', (input) => {
    const ref = parseReference(input)
    expect(parseReference(formatReference(ref))).toStrictEqual(ref)
    expect(parseReference(familiarReference(ref))).toStrictEqual(ref)
  })

  it.each(INVALID)('rejects %s', (_case, input, part, mention) => {
    const error = referenceError(() => parseReference(input))
    expect(error.part).toBe(part)
    expect(error.message).toContain(`Invalid image reference "${input}": `)
    expect(error.message).toContain(mention)
  })

  it('explains the lowercase rule with the offending text', () => {
    expect(referenceError(() => parseReference('Acme/Api')).message).toBe(
      'Invalid image reference "Acme/Api": repository names must be lowercase (found "Api").',
    )
  })

  it('has its own message for empty input', () => {
    const error = referenceError(() => parseReference(''))
    expect(error.part).toBe('reference')
    expect(error.message).toMatch(/^Image reference is empty; expected something like "nginx:1\.27"/)
  })

  it('throws a CrossdockError with the REFERENCE_INVALID code', () => {
    const error = referenceError(() => parseReference('nginx:'))
    expect(error).toBeInstanceOf(CrossdockError)
    expect(error.code).toBe('REFERENCE_INVALID')
    expect(error.name).toBe('ImageReferenceError')
    expect(error.retryable).toBe(false)
  })
})

describe('parseRepository', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx'],
    ['index.docker.io/bitnami/redis', 'docker.io', 'bitnami/redis'],
    ['ghcr.io/org/app', 'ghcr.io', 'org/app'],
    ['[::1]:5000/x', '[::1]:5000', 'x'],
    [`${ECR}/team/app`, ECR, 'team/app'],
  ])('parses %s', (input, registry, repository) => {
    expect(parseRepository(input)).toStrictEqual({ registry, repository })
  })

  it.each([
    ['tag', 'nginx:1.0', 'tag', 'drop ":1.0"'],
    ['digest', `nginx@${SHA256}`, 'digest', `drop "@${SHA256}"`],
    ['tag and digest', `nginx:1@${SHA256}`, 'tag', 'drop ":1"'],
    ['invalid tag', 'nginx:-x', 'tag', 'drop ":-x"'],
    ['uppercase', 'Nginx', 'repository', 'must be lowercase (found "Nginx")'],
    ['bad port', 'localhost:x/app', 'registry', '(found "localhost:x")'],
  ] as const)('rejects a %s', (_case, input, part, mention) => {
    const error = referenceError(() => parseRepository(input))
    expect(error.part).toBe(part)
    expect(error.message).toContain(`Invalid repository "${input}": `)
    expect(error.message).toContain(mention)
  })

  it('has its own message for empty input', () => {
    const error = referenceError(() => parseRepository(''))
    expect(error.part).toBe('reference')
    expect(error.message).toMatch(/^Repository is empty;/)
  })
})

describe('formatReference', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['index.docker.io/user/app:1', 'docker.io/user/app:1'],
    [`nginx:1.27@${SHA256}`, `docker.io/library/nginx:1.27@${SHA256}`],
    [`nginx@${SHA512}`, `docker.io/library/nginx@${SHA512}`],
    ['[2001:DB8::1]:5000/x:t', '[2001:db8::1]:5000/x:t'],
    [`${ECR}/team/app:1.0`, `${ECR}/team/app:1.0`],
  ])('formats %s as %s', (input, canonical) => {
    expect(formatReference(parseReference(input))).toBe(canonical)
  })

  it('formats a repository without tag or digest', () => {
    expect(formatReference(parseRepository('nginx'))).toBe('docker.io/library/nginx')
  })
})

describe('familiarReference', () => {
  it.each([
    ['nginx', 'nginx:latest'],
    ['docker.io/library/nginx:1', 'nginx:1'],
    ['user/app:1', 'user/app:1'],
    ['docker.io/library/foo/bar', 'library/foo/bar:latest'],
    [`nginx:1@${SHA256}`, `nginx:1@${SHA256}`],
    [`nginx@${SHA256}`, `nginx@${SHA256}`],
    ['localhost:5000/app:1', 'localhost:5000/app:1'],
    [`${ECR}/team/app:1.0`, `${ECR}/team/app:1.0`],
    // Shortened, "my.org/app" would read back as a registry called my.org.
    ['docker.io/my.org/app', 'docker.io/my.org/app:latest'],
  ])('shortens %s to %s', (input, familiar) => {
    expect(familiarReference(parseReference(input))).toBe(familiar)
  })

  it('shortens a repository', () => {
    expect(familiarReference(parseRepository('docker.io/library/nginx'))).toBe('nginx')
  })
})

describe('registryApiHost', () => {
  it.each([
    ['docker.io', 'registry-1.docker.io'],
    ['ghcr.io', 'ghcr.io'],
    ['localhost:5000', 'localhost:5000'],
    [ECR, ECR],
  ])('talks to %s at %s', (registry, host) => {
    expect(registryApiHost(registry)).toBe(host)
  })
})

describe('withTag and withDigest', () => {
  const digest = parseDigest(SHA256)

  it('tags a repository', () => {
    expect(withTag(parseRepository('nginx'), '1.0')).toStrictEqual({
      registry: 'docker.io',
      repository: 'library/nginx',
      tag: '1.0',
    })
  })

  it('replaces the tag and keeps a digest, like distribution', () => {
    const source = parseReference(`nginx:1@${SHA256}`)
    expect(withTag(source, '2')).toStrictEqual({ ...source, tag: '2' })
    expect(source.tag).toBe('1')
  })

  it('pins a repository to a digest', () => {
    expect(withDigest(parseRepository('ghcr.io/org/app'), digest)).toStrictEqual({
      registry: 'ghcr.io',
      repository: 'org/app',
      digest,
    })
  })

  it('keeps the tag when pinning', () => {
    expect(withDigest(parseReference('nginx:1'), digest)).toStrictEqual({
      registry: 'docker.io',
      repository: 'library/nginx',
      tag: '1',
      digest,
    })
  })

  it.each(['', '-x', 'a b', 'a'.repeat(129)])('rejects the tag %j', (tag) => {
    const error = referenceError(() => withTag(parseRepository('nginx'), tag))
    expect(error.part).toBe('tag')
    expect(error.message).toContain(`Invalid tag "${tag}"`)
  })
})
