import { createHash, randomBytes } from 'node:crypto'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { CrossdockError } from '../../../../src-main/core/lib/errors'
import type { Digest } from '../../../../src-main/core/reference/digest'
import { digestOf, VerifyingStream } from '../../../../src-main/core/registry/verifying-stream'

const digest = (bytes: Buffer, algorithm: 'sha256' | 'sha512' = 'sha256'): Digest =>
  `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}` as Digest

/** Cuts `bytes` into pieces of the given sizes (the last piece takes the rest). */
function pieces(bytes: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = []
  let at = 0
  for (const size of sizes) {
    out.push(bytes.subarray(at, at + size))
    at += size
  }
  if (at < bytes.length) out.push(bytes.subarray(at))
  return out
}

interface Outcome {
  downstream: Buffer
  error?: unknown
  counted: number
}

/** Pipes `chunks` through a VerifyingStream into a collector, as a destination upload would consume it. */
async function run(chunks: Buffer[], expected: Digest, size: number | undefined): Promise<Outcome> {
  const received: Buffer[] = []
  let counted = 0
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk)
      callback()
    },
  })
  const verifier = new VerifyingStream(expected, size, 'GET blob team/app@x', (n) => (counted += n))
  let error: unknown
  try {
    await pipeline(Readable.from(chunks), verifier, sink)
  } catch (caught) {
    error = caught
  }
  return { downstream: Buffer.concat(received), error, counted }
}

const blob = randomBytes(10_000)
const uneven = [1, 999, 3_000, 17, 4_000] // then the remaining 1 983 bytes

describe('VerifyingStream', () => {
  it.each<[string, 'sha256' | 'sha512', number | undefined]>([
    ['sha256 with a size', 'sha256', blob.length],
    ['sha256 without a size', 'sha256', undefined],
    ['sha512 with a size', 'sha512', blob.length],
  ])('passes the exact bytes through (%s)', async (_name, algorithm, size) => {
    const outcome = await run(pieces(blob, uneven), digest(blob, algorithm), size)
    expect(outcome.error).toBeUndefined()
    expect(outcome.downstream.equals(blob)).toBe(true)
    expect(outcome.counted).toBe(blob.length)
  })

  it('passes an empty blob', async () => {
    const empty = Buffer.alloc(0)
    const outcome = await run([], digest(empty), 0)
    expect(outcome.error).toBeUndefined()
    expect(outcome.downstream.length).toBe(0)
  })

  it.each<[string, number, 'sha256' | 'sha512']>([
    ['in the first chunk', 0, 'sha256'],
    ['in the middle', 5_000, 'sha256'],
    ['in the last byte', 9_999, 'sha256'],
    ['under sha512', 4_321, 'sha512'],
  ])(
    'fails with DIGEST_MISMATCH on a flipped byte %s and never emits the last chunk',
    async (_name, position, algorithm) => {
      const corrupted = Buffer.from(blob)
      corrupted[position]! ^= 0x01
      const chunks = pieces(corrupted, uneven)
      const outcome = await run(chunks, digest(blob, algorithm), blob.length)
      expect(outcome.error).toBeInstanceOf(CrossdockError)
      expect(outcome.error).toMatchObject({ code: 'DIGEST_MISMATCH', retryable: false })
      expect((outcome.error as Error).message).toContain(digest(blob, algorithm))
      expect((outcome.error as Error).message).toContain(`${algorithm}:`)
      // Everything but the held-back last chunk went on: the destination never sees the whole blob.
      const last = chunks[chunks.length - 1]!
      expect(outcome.downstream.length).toBe(blob.length - last.length)
      expect(outcome.downstream.length).toBeLessThan(blob.length)
    },
  )

  it('emits nothing when a single-chunk blob is wrong', async () => {
    const outcome = await run([Buffer.from('tampered')], digest(Buffer.from('original')), 8)
    expect(outcome.error).toMatchObject({ code: 'DIGEST_MISMATCH' })
    expect(outcome.downstream.length).toBe(0)
  })

  it('fails a short stream with a retryable SIZE_MISMATCH and holds back the last chunk', async () => {
    const short = pieces(blob.subarray(0, 6_000), [2_000, 2_000])
    const outcome = await run(short, digest(blob), blob.length)
    expect(outcome.error).toMatchObject({ code: 'SIZE_MISMATCH', retryable: true })
    expect((outcome.error as Error).message).toContain('expected 10000 bytes, received 6000')
    expect((outcome.error as Error).message).toContain('connection ended early')
    expect(outcome.downstream.length).toBe(4_000)
  })

  it('fails a long stream with a SIZE_MISMATCH that is not retryable, before passing the extra bytes', async () => {
    const long = Buffer.concat([blob, Buffer.from('extra bytes')])
    const outcome = await run(pieces(long, uneven), digest(long), blob.length)
    expect(outcome.error).toMatchObject({ code: 'SIZE_MISMATCH', retryable: false })
    expect((outcome.error as Error).message).not.toContain('ended early')
    expect(outcome.downstream.length).toBeLessThan(blob.length)
  })

  it('checks a correct digest of the wrong size as a size error', async () => {
    const outcome = await run([blob], digest(blob), blob.length - 1)
    expect(outcome.error).toMatchObject({ code: 'SIZE_MISMATCH', retryable: false })
    expect(outcome.downstream.length).toBe(0)
  })
})

describe('digestOf', () => {
  it.each(['sha256', 'sha512'] as const)('hashes a buffer with %s', (algorithm) => {
    expect(digestOf(blob, algorithm)).toBe(digest(blob, algorithm))
  })

  it('defaults to sha256', () => {
    expect(digestOf(Buffer.alloc(0))).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})
