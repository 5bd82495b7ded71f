// `npm run bench:streams`: backs the claim in src-main/core/registry/http.ts that linkStreams costs less per pipe
// than stream.pipeline (which allocates an AbortController and more per call). PIPES small blob-like pipes
// (CHUNKS x 64 KiB into a discarding Writable) with each, rounds alternating; prints CPU µs per pipe and the
// difference. Knobs (env): PIPES=20000, CHUNKS=4, ROUNDS=5.
import { Readable, Writable, pipeline } from 'node:stream'
import { linkStreams } from '../../src-main/core/registry/http'

const PIPES = Number(process.env.PIPES ?? 20000)
const CHUNKS = Number(process.env.CHUNKS ?? 4)
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const CHUNK = Buffer.alloc(64 * 1024)

function ends(): { from: Readable; to: Writable } {
  let left = CHUNKS
  const from = new Readable({ read: () => void from.push(left-- > 0 ? CHUNK : null) })
  const to = new Writable({ write: (_chunk, _enc, done) => done() })
  return { from, to }
}

const withLinkStreams = (): Promise<void> =>
  new Promise((resolve) => {
    const { from, to } = ends()
    to.once('finish', resolve)
    linkStreams(from, to)
  })

const withPipeline = (): Promise<void> =>
  new Promise((resolve, reject) => {
    const { from, to } = ends()
    pipeline(from, to, (err) => (err ? reject(err) : resolve()))
  })

async function cpuPerPipe(pipe: () => Promise<void>, n: number): Promise<number> {
  const before = process.cpuUsage()
  for (let i = 0; i < n; i++) await pipe()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / n
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!

async function main(): Promise<void> {
  const ways = { linkStreams: withLinkStreams, 'stream.pipeline': withPipeline }
  const samples = new Map<string, number[]>(Object.keys(ways).map((k) => [k, []]))
  for (const pipe of Object.values(ways)) await cpuPerPipe(pipe, 2000) // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const order = Object.entries(ways)
    if (round % 2) order.reverse()
    for (const [name, pipe] of order) samples.get(name)!.push(await cpuPerPipe(pipe, PIPES))
  }
  const link = median(samples.get('linkStreams')!)
  const pipe = median(samples.get('stream.pipeline')!)
  const lines = [
    `${PIPES} pipes of ${CHUNKS} x 64 KiB per round, ${ROUNDS} rounds`,
    '',
    '| way | CPU µs/pipe (median) | rounds |',
    '|---|---:|---|',
  ]
  for (const [name, xs] of samples)
    lines.push(`| ${name} | ${median(xs).toFixed(1)} | ${xs.map((x) => x.toFixed(1)).join(', ')} |`)
  lines.push(
    '',
    `stream.pipeline / linkStreams: ${(pipe / link).toFixed(2)}×; pipeline costs ${(pipe - link).toFixed(1)} µs more ` +
      `per pipe`,
  )
  process.stdout.write(`${lines.join('\n')}\n`)
}

void main()
