// The minimal complete copy of a corpus into a registry, used twice: to push the corpus from disk into SRC, and
// as the reference copier (raw-blobs, raw-full) reading from SRC. Every unique blob is uploaded once, into the first
// repo that holds it, largest first; then cross-repo mounts; then manifests (children first) and tags.
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { blobHomes, blobPath, manifestOrder, type Corpus } from './corpus'
import type { Registry } from './http'
import { pool } from './pool'

export interface CorpusSource {
  blob(repo: string, digest: string): Promise<Readable>
  manifest(repo: string, ref: string): Promise<{ bytes: Buffer; mediaType: string }>
}

export type Phase = 'blobs' | 'mounts' | 'manifests'

export function diskSource(c: Corpus): CorpusSource {
  return {
    blob: async (_repo, digest) => createReadStream(blobPath(c, digest), { highWaterMark: 1 << 20 }),
    manifest: async (repo, ref) => {
      const digest = ref.startsWith('sha256:') ? ref : c.repos[repo]!.tags[ref]!
      return { bytes: await readFile(blobPath(c, digest)), mediaType: c.manifests[digest]!.mediaType }
    },
  }
}

export function registrySource(src: Registry): CorpusSource {
  return {
    blob: async (repo, digest) => {
      const res = await src.open('GET', `/v2/${repo}/blobs/${digest}`)
      if (res.statusCode !== 200) {
        res.resume()
        throw new Error(`GET ${repo}@${digest}: HTTP ${res.statusCode}`)
      }
      return res
    },
    manifest: async (repo, ref) => {
      const reply = await src.manifest(repo, ref)
      if (reply.status !== 200) throw new Error(`GET manifest ${repo}:${ref}: HTTP ${reply.status}`)
      return { bytes: reply.body, mediaType: String(reply.headers['content-type']).split(';')[0]! }
    },
  }
}

export async function copyCorpus(
  c: Corpus,
  from: CorpusSource,
  to: Registry,
  jobs: number,
  phases: Phase[],
): Promise<Record<string, unknown>> {
  const home = blobHomes(c)
  const done: Record<string, unknown> = {}
  const timed = async (phase: Phase, count: number, work: () => Promise<void>): Promise<void> => {
    if (!phases.includes(phase)) return
    const started = Date.now()
    await work()
    done[phase] = { count, seconds: (Date.now() - started) / 1000 }
  }
  const blobs = Object.keys(c.blobs).sort((a, b) => c.blobs[b]!.size - c.blobs[a]!.size)
  await timed('blobs', blobs.length, () =>
    pool(jobs, blobs, 'blob', async (digest) => {
      const repo = home.get(digest)!
      const location = await to.startUpload(repo)
      await to.finishUpload(location!, digest, await from.blob(repo, digest), c.blobs[digest]!.size)
    }),
  )
  const mounts = Object.entries(c.repos).flatMap(([repo, r]) =>
    r.blobs.filter((d) => home.get(d) !== repo).map((d) => [repo, d] as const),
  )
  await timed('mounts', mounts.length, () =>
    pool(jobs, mounts, 'mount', async ([repo, digest]) => {
      if ((await to.startUpload(repo, { digest, from: home.get(digest)! })) !== undefined)
        throw new Error(`mount of ${digest} into ${repo} did not take`)
    }),
  )
  const repos = Object.keys(c.repos)
  await timed('manifests', c.stats.manifests! + c.stats.tags!, () =>
    pool(jobs, repos, 'manifests', async (repo) => {
      for (const ref of [...manifestOrder(c, repo), ...Object.keys(c.repos[repo]!.tags)]) {
        const { bytes, mediaType } = await from.manifest(repo, ref)
        await to.putManifest(repo, ref, bytes, mediaType)
      }
    }),
  )
  return done
}
