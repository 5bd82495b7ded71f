import { createCipheriv, createHash } from 'node:crypto'

const CHUNK_SIZE = 1 << 20

/**
 * The same `size` pseudo-random bytes for the same seed, as chunks of at most 1 MiB: an AES-256-CTR keystream keyed
 * by sha256(seed). A counter mode cipher rather than hashing a counter because it runs at GB/s, which matters for
 * the 1 GiB layers; being a stream, the bytes can be made twice (once for the digest, once to send) in bounded memory.
 */
export function* deterministicChunks(seed: string, size: number): Generator<Buffer> {
  const key = createHash('sha256').update(seed).digest()
  const keystream = createCipheriv('aes-256-ctr', key, Buffer.alloc(16))
  const zeros = Buffer.alloc(Math.min(size, CHUNK_SIZE))
  for (let made = 0; made < size; made += CHUNK_SIZE) {
    yield keystream.update(zeros.subarray(0, Math.min(CHUNK_SIZE, size - made)))
  }
}

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}
