import { createHash } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import { CrossdockError } from '../lib/errors'
import { digestAlgorithm, digestHex, type Digest } from '../reference/digest'

/**
 * Passes bytes through while hashing them, and holds back the last chunk until the digest and size are
 * proven. A destination upload fed by this stream therefore never receives its final byte, and so never
 * commits, unless the content is exactly what the digest names.
 */
export class VerifyingStream extends Transform {
  private readonly hash
  private held?: Buffer
  private received = 0

  constructor(
    private readonly digest: Digest,
    private readonly expectedSize: number | undefined,
    private readonly what: string,
    private readonly onBytes?: (bytes: number) => void,
  ) {
    super()
    this.hash = createHash(digestAlgorithm(digest))
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length
    if (this.expectedSize !== undefined && this.received > this.expectedSize) {
      callback(this.sizeError())
      return
    }
    this.hash.update(chunk)
    const previous = this.held
    this.held = chunk
    if (previous) this.push(previous)
    this.onBytes?.(chunk.length)
    callback()
  }

  override _flush(callback: TransformCallback): void {
    if (this.expectedSize !== undefined && this.received !== this.expectedSize) {
      callback(this.sizeError())
      return
    }
    const actual = this.hash.digest('hex')
    if (actual !== digestHex(this.digest)) {
      const message =
        `${this.what}: the bytes received hash to ${digestAlgorithm(this.digest)}:${actual}, not ${this.digest}. ` +
        'Nothing was written for it.'
      callback(new CrossdockError('DIGEST_MISMATCH', message))
      return
    }
    if (this.held) this.push(this.held)
    callback()
  }

  private sizeError(): CrossdockError {
    // Fewer bytes than promised is a connection cut short: worth another try. More is a lying server.
    const short = this.received < (this.expectedSize ?? 0)
    return new CrossdockError(
      'SIZE_MISMATCH',
      `${this.what}: expected ${this.expectedSize} bytes, received ` +
        `${this.received}${short ? ' (connection ended early)' : ''}.`,
      { retryable: short },
    )
  }
}

/** Hashes a whole buffer (manifests are small and kept as raw bytes). */
export function digestOf(bytes: Buffer, algorithm: 'sha256' | 'sha512' = 'sha256'): Digest {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}` as Digest
}
