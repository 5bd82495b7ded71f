// The bytes of one corpus layer: a gzip'd tar of text, binary-like and incompressible files, derived only from
// (seed, layer id), so every machine makes the same digests. Streams: a 1 GiB layer never sits in memory.
import { createHash, type Hash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename } from 'node:fs/promises'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { deterministicChunks } from '../../support/deterministic-bytes'
import type { Kind, LayerSpec } from './corpus-plan'

const MiB = 1 << 20
const MAX_FILE = 64 * MiB // bigger files are split, like the shards of a model
const MTIME = 1_700_000_000
const EXT: Record<Kind, string[]> = {
  text: ['.py', '.js', '.conf', '.txt', '.json', '.sh', '.html', '.xml', '.md', '.yaml'],
  bin: ['.so', '', '.so.1', '.a', '.bin', '.node', '.pyc'],
  rand: ['.png', '.gz', '.jar', '.woff2', '.jpg', '.zip', '.pt'],
}

/** Seeded small PRNG (sfc32): the choices; bulk random bytes come from the AES keystream in deterministicChunks. */
export class Rng {
  private s: Uint32Array
  constructor(seed: string) {
    const h = createHash('sha256').update(seed).digest()
    this.s = new Uint32Array([h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12)])
  }
  next(): number {
    const s = this.s
    const t = (((s[0]! + s[1]!) >>> 0) + s[3]!) >>> 0
    s[3] = (s[3]! + 1) >>> 0
    s[0] = s[1]! ^ (s[1]! >>> 9)
    s[1] = (s[2]! + (s[2]! << 3)) >>> 0
    s[2] = ((s[2]! << 21) | (s[2]! >>> 11)) + t
    return t / 2 ** 32
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!
  }
  lognormal(sigma: number): number {
    return Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next()))
  }
}

let vocabulary: string[] | undefined
/** A fixed pseudo-language shared by every layer. */
function vocab(): string[] {
  if (vocabulary) return vocabulary
  const rng = new Rng('corpus-vocabulary-v1')
  const syllables = [
    'ka',
    'lo',
    'mi',
    'ne',
    'ru',
    'ta',
    'so',
    'vi',
    'de',
    'pa',
    'xe',
    'qu',
    'ti',
    'ba',
    'zo',
    'fe',
    'gi',
    'ho',
    'ju',
    'we',
    'str',
    'int',
    'def',
    'ret',
    'urn',
    'cla',
    'ss',
    'imp',
    'ort',
    'lib',
    'conf',
    'path',
    'self',
    'get',
    'set',
    'val',
    'err',
    'ctx',
  ]
  vocabulary = Array.from({ length: 4000 }, () =>
    Array.from({ length: 1 + rng.int(4) }, () => rng.pick(syllables)).join(''),
  )
  return vocabulary
}

/** Text: lines of the pseudo-language (gzip ratio ~0.3). */
function* text(rng: Rng, lines: string[], size: number): Generator<Buffer> {
  for (let left = size; left > 0; ) {
    const want = Math.min(left, MiB)
    const parts: string[] = []
    for (let n = 0; n < want; ) {
      const line = rng.pick(lines)
      parts.push(line)
      n += line.length + 1
    }
    const chunk = Buffer.from(`${parts.join('\n')}\n`).subarray(0, want)
    left -= chunk.length
    yield chunk
  }
}

/** Binary-like: 1 KiB segments, fresh random (45%), a repeat of a recent one (40%) or zeros (15%): ratio ~0.55. */
function* binary(rng: Rng, seed: string, size: number): Generator<Buffer> {
  const SEG = 1024
  const fresh = deterministicChunks(seed, size + SEG)
  let pool: Buffer = Buffer.alloc(0)
  const zero = Buffer.alloc(SEG)
  const recent: Buffer[] = []
  for (let left = size; left > 0; ) {
    const segments: Buffer[] = []
    for (let n = 0; n < Math.min(left, MiB); n += SEG) {
      const x = rng.next()
      if (x < 0.45 || recent.length === 0) {
        if (pool.length < SEG) pool = fresh.next().value as Buffer
        const segment = pool.subarray(0, SEG)
        pool = pool.subarray(SEG)
        recent.push(segment)
        if (recent.length > 24) recent.shift()
        segments.push(segment)
      } else segments.push(x < 0.85 ? rng.pick(recent) : zero)
    }
    const chunk = Buffer.concat(segments).subarray(0, Math.min(left, MiB))
    left -= chunk.length
    yield chunk
  }
}

/** The layer's byte budget split into files of each kind, lognormal-ish sizes. */
function planFiles(rng: Rng, spec: LayerSpec): [Kind, number][] {
  const files: [Kind, number][] = []
  for (const kind of ['text', 'bin', 'rand'] as const) {
    const share = spec.mix[kind] ?? 0
    const budget = Math.floor(spec.bytes * share)
    if (budget <= 0) continue
    const weights = Array.from({ length: Math.max(1, Math.round(spec.files * share)) }, () => rng.lognormal(1.2))
    const total = weights.reduce((a, b) => a + b, 0)
    const sizes = weights.map((w) => Math.max(1, Math.floor((budget * w) / total)))
    sizes[0]! += budget - sizes.reduce((a, b) => a + b, 0)
    for (let s of sizes) {
      for (; s > MAX_FILE; s -= MAX_FILE) files.push([kind, MAX_FILE])
      if (s > 0) files.push([kind, s])
    }
  }
  return files
}

function tarHeader(name: string, size: number, type: '0' | '5', mode: number): Buffer {
  const h = Buffer.alloc(512)
  const put = (value: string, at: number, width: number): void => void h.write(value, at, width, 'ascii')
  const octal = (n: number, width: number): string => n.toString(8).padStart(width - 1, '0')
  put(name, 0, 100)
  put(octal(mode, 8), 100, 8)
  put(octal(0, 8), 108, 8)
  put(octal(0, 8), 116, 8)
  put(octal(size, 12), 124, 12)
  put(octal(MTIME, 12), 136, 12)
  put(' '.repeat(8), 148, 8)
  put(type, 156, 1)
  put('ustar\u000000', 257, 8)
  let sum = 0
  for (const byte of h) sum += byte
  put(`${octal(sum, 7)}\u0000 `, 148, 8)
  return h
}

/** The layer's uncompressed tar, chunk by chunk. */
function* tar(seed: string, spec: LayerSpec): Generator<Buffer> {
  const rng = new Rng(seed)
  const words = vocab()
  const punct = ['', ':', ';', ',', ' {', ' }', '()', ' = 0', ' == None', ' += 1']
  const lines = Array.from(
    { length: 4096 },
    () =>
      ' '.repeat(rng.pick([0, 0, 4, 8, 12])) +
      Array.from({ length: 2 + rng.int(11) }, () => rng.pick(words)).join(' ') +
      rng.pick(punct),
  )
  const dirs = Array.from({ length: 8 }, () => `${spec.root}/${rng.pick(words)}`)
  const seenDirs = new Set<string>()
  const files = planFiles(rng, spec)
  for (const [i, [kind, size]] of files.entries()) {
    const dir = dirs[i % dirs.length]!
    const parts = dir.split('/')
    for (let j = 1; j <= parts.length; j++) {
      const d = parts.slice(0, j).join('/')
      if (!seenDirs.has(d)) {
        seenDirs.add(d)
        yield tarHeader(`${d}/`, 0, '5', 0o755)
      }
    }
    yield tarHeader(
      `${dir}/${rng.pick(words)}${i}${rng.pick(EXT[kind])}`,
      size,
      '0',
      kind === 'bin' && i % 3 === 0 ? 0o755 : 0o644,
    )
    const fileSeed = `${seed}/file/${i}`
    if (kind === 'rand') yield* deterministicChunks(fileSeed, size)
    else if (kind === 'bin') yield* binary(rng, fileSeed, size)
    else yield* text(rng, lines, size)
    if (size % 512) yield Buffer.alloc(512 - (size % 512))
  }
  yield Buffer.alloc(1024)
}

function counting(hash: Hash, counter: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      counter.bytes += chunk.length
      done(null, chunk)
    },
  })
}

export interface LayerMeta {
  digest: string
  size: number
  diffId: string
  uncompressed: number
}

/** Writes the layer into `blobDir` (named by its digest) and returns its digests and sizes. */
export async function writeLayer(seed: string, spec: LayerSpec, blobDir: string): Promise<LayerMeta> {
  const tmp = `${blobDir}/.tmp-${createHash('sha1').update(seed).digest('hex').slice(0, 12)}`
  const raw = { hash: createHash('sha256'), counter: { bytes: 0 } }
  const gz = { hash: createHash('sha256'), counter: { bytes: 0 } }
  await pipeline(
    Readable.from(tar(seed, spec), { objectMode: false }),
    counting(raw.hash, raw.counter),
    createGzip({ level: 1 }),
    counting(gz.hash, gz.counter),
    createWriteStream(tmp),
  )
  const hex = gz.hash.digest('hex')
  await rename(tmp, `${blobDir}/${hex}`)
  return {
    digest: `sha256:${hex}`,
    size: gz.counter.bytes,
    diffId: `sha256:${raw.hash.digest('hex')}`,
    uncompressed: raw.counter.bytes,
  }
}
