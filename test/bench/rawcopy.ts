// The reference copier, run as its own measured process (bundled into OUT/rawcopy.cjs by run.ts, so that no
// TypeScript loader is timed): `rawcopy.ts blobs` is the physical limit (every unique blob
// read from SRC and streamed into DST once), `rawcopy.ts blobs,mounts,manifests` a complete minimal copy.
// Reads SRC, DST, SRC_USER/SRC_PASSWORD, DST_USER/DST_PASSWORD and CORPUS from the environment, like every method.
import { loadCorpus } from './rig/corpus'
import { copyCorpus, registrySource, type Phase } from './rig/copy-corpus'
import { Registry } from './rig/http'

const JOBS = 16
const env = (name: string): string => process.env[name] ?? ''

async function main(): Promise<void> {
  const phases = (process.argv[2] ?? 'blobs,mounts,manifests').split(',') as Phase[]
  const corpus = await loadCorpus(env('CORPUS'))
  const src = new Registry({ host: env('SRC'), user: env('SRC_USER'), password: env('SRC_PASSWORD') }, JOBS)
  const dst = new Registry({ host: env('DST'), user: env('DST_USER'), password: env('DST_PASSWORD') }, JOBS)
  const result = await copyCorpus(corpus, registrySource(src), dst, JOBS, phases)
  src.close()
  dst.close()
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

void main().catch((err: unknown) => {
  process.stderr.write(`rawcopy: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
