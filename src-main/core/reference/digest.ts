import { CrossdockError } from '../lib/errors'

/** A validated `sha256:`/`sha512:` content digest; the brand keeps unchecked strings out. */
export type Digest = string & { readonly __brand: 'Digest' }

export type DigestAlgorithm = 'sha256' | 'sha512'

// The OCI descriptor grammar: anything shaped like this is a digest, even if we cannot verify it.
const DIGEST_SHAPE = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 }

function isSupported(algorithm: string): algorithm is DigestAlgorithm {
  return Object.hasOwn(HEX_LENGTH, algorithm)
}

/**
 * Explains why `text` is not a supported digest, or returns undefined when it is.
 * Shared with the reference parser so both report the same wording.
 */
export function digestProblem(text: string): string | undefined {
  if (text === '') return 'the digest is empty; expected "sha256:" followed by 64 lowercase hex characters'
  const shape = DIGEST_SHAPE.exec(text)
  if (shape === null) {
    return `a digest looks like "sha256:" followed by 64 lowercase hex characters (found "${text}")`
  }
  const [, algorithm = '', hex = ''] = shape
  // Recognised but unverifiable: copying by digest means we must be able to recompute it.
  if (!isSupported(algorithm)) {
    return `unsupported digest algorithm "${algorithm}"; only sha256 and sha512 are supported`
  }
  const badChar = /[^0-9a-f]/.exec(hex)
  if (badChar !== null) {
    return `${algorithm} digests use lowercase hex characters 0-9 and a-f (found "${badChar[0]}")`
  }
  if (hex.length !== HEX_LENGTH[algorithm]) {
    return `${algorithm} digests have ${HEX_LENGTH[algorithm]} hex characters (found ${hex.length})`
  }
  return undefined
}

export function parseDigest(text: string): Digest {
  const problem = digestProblem(text)
  if (problem !== undefined) throw new CrossdockError('DIGEST_INVALID', `Invalid digest "${text}": ${problem}.`)
  return text as Digest
}

export function isDigest(text: string): boolean {
  return digestProblem(text) === undefined
}

export function digestAlgorithm(digest: Digest): DigestAlgorithm {
  return digest.slice(0, digest.indexOf(':')) as DigestAlgorithm
}

export function digestHex(digest: Digest): string {
  return digest.slice(digest.indexOf(':') + 1)
}
