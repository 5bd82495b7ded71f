import { describe, expect, it } from 'vitest'
import { CrossdockError } from '../../../../src-main/core/lib/errors'
import { digestAlgorithm, digestHex, isDigest, parseDigest } from '../../../../src-main/core/reference'

const HEX256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
const HEX512 =
  'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce' +
  '47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e'

function digestError(text: string): CrossdockError {
  try {
    parseDigest(text)
  } catch (error) {
    if (error instanceof CrossdockError) return error
    throw error
  }
  throw new Error(`expected parseDigest(${JSON.stringify(text)}) to throw`)
}

describe('parseDigest', () => {
  it.each([
    [`sha256:${HEX256}`, 'sha256', HEX256],
    [`sha512:${HEX512}`, 'sha512', HEX512],
    [`sha256:${'0'.repeat(64)}`, 'sha256', '0'.repeat(64)],
    [`sha512:${'f'.repeat(128)}`, 'sha512', 'f'.repeat(128)],
  ])('accepts %s', (text, algorithm, hex) => {
    const digest = parseDigest(text)
    expect(digest).toBe(text)
    expect(digestAlgorithm(digest)).toBe(algorithm)
    expect(digestHex(digest)).toBe(hex)
    expect(isDigest(text)).toBe(true)
  })

  it.each([
    ['empty', '', 'empty'],
    ['no encoded part', 'sha256', 'sha256'],
    ['empty encoded part', 'sha256:', 'sha256:'],
    ['no algorithm', `:${HEX256}`, `:${HEX256}`],
    ['uppercase algorithm', `SHA256:${HEX256}`, `SHA256:${HEX256}`],
    ['leading space', ` sha256:${HEX256}`, ` sha256:${HEX256}`],
    ['trailing newline', `sha256:${HEX256}\n`, 'sha256'],
    ['characters outside the encoded alphabet', 'sha256:abc/def', 'sha256:abc/def'],
    ['sha256 too short', `sha256:${HEX256.slice(1)}`, 'found 63'],
    ['sha256 too long', `sha256:${HEX256}0`, 'found 65'],
    ['sha512 with a sha256 length', `sha512:${HEX256}`, 'found 64'],
    ['sha512 too short', `sha512:${HEX512.slice(2)}`, 'found 126'],
    ['uppercase hex', `sha256:${HEX256.toUpperCase()}`, 'found "E"'],
    ['non-hex letters', `sha256:${'z'.repeat(64)}`, 'found "z"'],
    ['base64url characters', `sha256:${'a'.repeat(63)}=`, 'found "="'],
    ['unsupported md5', `md5:${'a'.repeat(32)}`, 'unsupported digest algorithm "md5"'],
    ['unsupported sha384', `sha384:${'a'.repeat(96)}`, 'unsupported digest algorithm "sha384"'],
    ['unsupported blake3', `blake3:${HEX256}`, 'unsupported digest algorithm "blake3"'],
    ['unsupported compound algorithm', 'sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564', '"sha256+b64u"'],
  ])('rejects %s', (_case, text, mention) => {
    const error = digestError(text)
    expect(error.code).toBe('DIGEST_INVALID')
    expect(error.message).toContain(`Invalid digest "${text}"`)
    expect(error.message).toContain(mention)
    expect(isDigest(text)).toBe(false)
  })

  it('says which algorithms are supported', () => {
    expect(digestError(`md5:${'a'.repeat(32)}`).message).toContain('only sha256 and sha512 are supported')
  })

  it('names the expected length for the algorithm', () => {
    expect(digestError('sha256:abc').message).toContain('sha256 digests have 64 hex characters (found 3)')
    expect(digestError('sha512:abc').message).toContain('sha512 digests have 128 hex characters (found 3)')
  })
})
