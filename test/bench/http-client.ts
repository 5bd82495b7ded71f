// `npm run bench:http`: backs the claim in src-main/core/registry/http.ts that Node's own http client costs less CPU
// per request than an undici Pool. Keep-alive HEADs of one blob on a local docker-registry, CONCURRENCY at a time,
// through raw node:http, crossdock's HttpClient (node:http plus its retry rules) and an undici Pool, rounds
// alternating so that machine noise hits all three alike. Prints the client's CPU per request (the registry's CPU
// is another process's) and the ratios. Knobs (env): REQUESTS=4000 per client per round, CONCURRENCY=8, ROUNDS=3.
import { Agent, request } from 'node:http'
import { Pool } from 'undici'
import { discard, HttpClient } from '../../src-main/core/registry/http'
import { pushStreamedBlob } from '../support/image-push'
import { startRegistry } from '../support/registry'

const REQUESTS = Number(process.env.REQUESTS ?? 4000)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8)
const ROUNDS = Number(process.env.ROUNDS ?? 3)

type Head = () => Promise<void>

function nodeHttp(url: string): { head: Head; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const head: Head = () =>
    new Promise((resolve, reject) => {
      request(url, { method: 'HEAD', agent }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`HEAD answered ${res.statusCode}`))
        res.resume().on('end', resolve)
      })
        .on('error', reject)
        .end()
    })
  return { head, close: () => agent.destroy() }
}

function crossdockClient(url: string): { head: Head; close(): void } {
  const client = new HttpClient({ connectionsPerOrigin: CONCURRENCY })
  return {
    head: async () => discard((await client.send({ method: 'HEAD', url, expect: [200], what: 'HEAD blob' })).body),
    close: () => client.close(),
  }
}

function undiciPool(url: string): { head: Head; close(): void } {
  const { origin, pathname } = new URL(url)
  const pool = new Pool(origin, { connections: CONCURRENCY })
  const head: Head = async () => {
    const res = await pool.request({ method: 'HEAD', path: pathname })
    if (res.statusCode !== 200) throw new Error(`HEAD answered ${res.statusCode}`)
    await res.body.dump()
  }
  return { head, close: () => void pool.close() }
}

/** CPU µs per request of this process over `n` requests, CONCURRENCY in flight. */
async function cpuPerRequest(head: Head, n: number): Promise<number> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next++ < n) await head()
  }
  const before = process.cpuUsage()
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const used = process.cpuUsage(before)
  return (used.user + used.system) / n
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!

async function main(): Promise<void> {
  const registry = await startRegistry()
  try {
    const { digest } = await pushStreamedBlob(registry.url, 'bench/http', { seed: 'bench-http', size: 4096 })
    const url = `${registry.url}/v2/bench/http/blobs/${digest}`
    const clients = {
      'node:http': nodeHttp(url),
      'crossdock HttpClient': crossdockClient(url),
      'undici Pool': undiciPool(url),
    }
    const samples = new Map<string, number[]>(Object.keys(clients).map((k) => [k, []]))
    for (const c of Object.values(clients)) await cpuPerRequest(c.head, 500) // warm-up: JIT and connections
    for (let round = 0; round < ROUNDS; round++) {
      const order = Object.entries(clients)
      if (round % 2) order.reverse()
      for (const [name, c] of order) samples.get(name)!.push(await cpuPerRequest(c.head, REQUESTS))
    }
    for (const client of Object.values(clients)) client.close()
    const base = median(samples.get('node:http')!)
    const lines = [
      `HEAD of a blob on a local docker-registry, keep-alive, ${CONCURRENCY} in flight, ${REQUESTS} requests x ` +
        `${ROUNDS} rounds per client`,
      '',
      '| client | CPU µs/request (median) | rounds | vs node:http |',
      '|---|---:|---|---:|',
    ]
    for (const [name, xs] of samples)
      lines.push(
        `| ${name} | ${median(xs).toFixed(0)} | ${xs.map((x) => x.toFixed(0)).join(', ')} | ` +
          `${(median(xs) / base).toFixed(2)}× |`,
      )
    process.stdout.write(`${lines.join('\n')}\n`)
  } finally {
    await registry.stop()
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
