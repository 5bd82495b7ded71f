// The bench corpus on disk: DIR/blobs/sha256/<hex> (every blob and manifest) and DIR/corpus.json (repos, tags,
// manifests, blobs, stats), generated from corpus-plan.ts and cached: the same SIZE gives the same digests.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sha256 } from './http'
import { planCorpus, type ImagePlan, type Size } from './corpus-plan'
import { writeLayer, type LayerMeta } from './layer-bytes'
import { pool } from './pool'

const GENERATOR_VERSION = 1
const SEED = '42'
const MiB = 1 << 20

const D_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
const D_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
const D_CONFIG = 'application/vnd.docker.container.image.v1+json'
const D_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip'
const O_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const O_INDEX = 'application/vnd.oci.image.index.v1+json'
const O_CONFIG = 'application/vnd.oci.image.config.v1+json'
const O_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip'
const INTOTO = 'application/vnd.in-toto+json'

export interface Corpus {
  dir: string
  params: { generator: number; size: Size; seed: string }
  stats: Record<string, number>
  repos: Record<string, { tags: Record<string, string>; manifests: string[]; blobs: string[] }>
  manifests: Record<string, { mediaType: string; size: number; children: string[]; blobs: string[] }>
  blobs: Record<string, { size: number; mediaType: string; kind: string }>
}

interface Descriptor {
  mediaType: string
  digest: string
  size: number
  platform?: Record<string, string>
  annotations?: Record<string, string>
}

/** Docker's daemon writes indented JSON, BuildKit compact: both kinds of bytes get copied. */
const dump = (value: unknown, indented: boolean): Buffer =>
  Buffer.from(indented ? JSON.stringify(value, null, 3) : JSON.stringify(value))
const hashOf = (text: string, algorithm = 'sha1'): string => createHash(algorithm).update(text).digest('hex')

class Store {
  readonly meta = new Map<string, { size: number; mediaType: string; kind: string; doc?: unknown }>()
  constructor(private readonly blobDir: string) {}

  async put(doc: unknown, indented: boolean, mediaType: string, kind: string): Promise<Descriptor> {
    const bytes = dump(doc, indented)
    const digest = sha256(bytes)
    await writeFile(join(this.blobDir, digest.slice(7)), bytes)
    if (!this.meta.has(digest)) this.meta.set(digest, { size: bytes.length, mediaType, kind, doc })
    return { mediaType, digest, size: bytes.length }
  }
}

async function buildImage(
  store: Store,
  img: ImagePlan,
  arch: string,
  layers: Map<string, LayerMeta>,
): Promise<[Descriptor, string[]]> {
  const oci = img.format === 'oci'
  const stack = img.layers[arch]!
  const created = new Date((1_700_000_000 + 86_400 * 9 * img.v) * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
  const config = {
    architecture: arch,
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `APP_VERSION=${img.version}`],
      Cmd: img.base === 'debian' || img.base === 'alpine' ? ['/bin/sh'] : ['/app/run'],
      WorkingDir: '/app',
      Labels: {
        'org.opencontainers.image.source': `https://github.com/${img.repo}`,
        'org.opencontainers.image.version': img.version,
        'org.opencontainers.image.revision': hashOf(`${SEED}${img.repo}${img.v}`),
      },
    },
    created,
    history: stack.map((id) => ({ created, created_by: `/bin/sh -c #(nop) layer ${id}` })),
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: stack.map((id) => layers.get(id)!.diffId) },
    ...(arch === 'arm64' ? { variant: 'v8' } : {}),
  }
  const configDesc = await store.put(config, false, oci ? O_CONFIG : D_CONFIG, 'config')
  const layerType = oci ? O_LAYER : D_LAYER
  const layerDescs = stack.map((id) => {
    const { digest, size } = layers.get(id)!
    if (!store.meta.has(digest)) store.meta.set(digest, { size, mediaType: layerType, kind: 'layer' })
    return { mediaType: layerType, digest, size }
  })
  const manifest = {
    schemaVersion: 2,
    mediaType: oci ? O_MANIFEST : D_MANIFEST,
    config: configDesc,
    layers: layerDescs,
  }
  const desc = await store.put(manifest, !oci, manifest.mediaType, 'manifest')
  return [desc, [configDesc.digest, ...layerDescs.map((l) => l.digest)]]
}

/** A BuildKit-style provenance attestation manifest for one platform. */
async function buildAttestation(
  store: Store,
  img: ImagePlan,
  arch: string,
  subject: Descriptor,
): Promise<[Descriptor, string[]]> {
  const statement = {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://slsa.dev/provenance/v0.2',
    subject: [
      {
        name: `pkg:docker/${img.repo}@${img.version}?platform=linux%2F${arch}`,
        digest: { sha256: subject.digest.slice(7) },
      },
    ],
    predicate: {
      builder: { id: '' },
      buildType: 'https://mobyproject.org/buildkit@v1',
      materials: [
        { uri: `pkg:docker/acme/base@${img.version}`, digest: { sha256: hashOf(`${SEED}${arch}`, 'sha256') } },
      ],
      invocation: { configSource: { entryPoint: 'Dockerfile' }, parameters: { frontend: 'dockerfile.v0' } },
      metadata: { buildInvocationID: hashOf(`${SEED}${img.repo}${img.v}${arch}`, 'md5') },
    },
  }
  const layer = {
    ...(await store.put(statement, false, INTOTO, 'attestation')),
    annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' },
  }
  const config = await store.put(
    { architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [layer.digest] } },
    false,
    O_CONFIG,
    'config',
  )
  const desc = await store.put(
    { schemaVersion: 2, mediaType: O_MANIFEST, config, layers: [layer] },
    false,
    O_MANIFEST,
    'manifest',
  )
  desc.annotations = {
    'vnd.docker.reference.digest': subject.digest,
    'vnd.docker.reference.type': 'attestation-manifest',
  }
  desc.platform = { architecture: 'unknown', os: 'unknown' }
  return [desc, [config.digest, layer.digest]]
}

/** Generates the layers `jobs` at a time, biggest first (zlib runs on libuv's threads). */
async function makeLayers(
  size: Size,
  blobDir: string,
  jobs: number,
): Promise<{ images: ImagePlan[]; layers: Map<string, LayerMeta> }> {
  const plan = planCorpus(size)
  const todo = [...plan.layers].sort((a, b) => b[1].bytes - a[1].bytes)
  const layers = new Map<string, LayerMeta>()
  await pool(jobs, todo, 'layer', async ([id, spec]) => {
    layers.set(id, await writeLayer(`${SEED}/layer/${id}`, spec, blobDir))
    if (layers.size % 50 === 0 || layers.size === todo.length)
      process.stderr.write(`[corpus] layers ${layers.size}/${todo.length}\n`)
  })
  return { images: plan.images, layers }
}

export async function loadCorpus(dir: string): Promise<Corpus> {
  return { ...(JSON.parse(await readFile(join(dir, 'corpus.json'), 'utf8')) as Omit<Corpus, 'dir'>), dir }
}

/** The corpus for `size` under `dir`, generated unless corpus.json already matches. */
export async function ensureCorpus(dir: string, size: Size, jobs = 2): Promise<Corpus> {
  const params = { generator: GENERATOR_VERSION, size, seed: SEED }
  const file = join(dir, 'corpus.json')
  if (existsSync(file)) {
    const old = await loadCorpus(dir)
    if (JSON.stringify(old.params) === JSON.stringify(params)) return old
    await rm(dir, { recursive: true, force: true })
  }
  const blobDir = join(dir, 'blobs', 'sha256')
  await mkdir(blobDir, { recursive: true })
  const started = Date.now()
  const { images, layers } = await makeLayers(size, blobDir, jobs)

  const store = new Store(blobDir)
  const repos: Corpus['repos'] = {}
  for (const img of images) {
    repos[img.repo] ??= { tags: {}, manifests: [], blobs: [] }
    const repo = repos[img.repo]
    const addBlobs = (digests: string[]): void => {
      for (const d of digests) if (!repo.blobs.includes(d)) repo.blobs.push(d)
    }
    let top: Descriptor
    if (img.archs.length === 1) {
      const [desc, blobs] = await buildImage(store, img, img.archs[0]!, layers)
      addBlobs(blobs)
      repo.manifests.push(desc.digest)
      top = desc
    } else {
      const children: Descriptor[] = []
      for (const arch of img.archs) {
        const [desc, blobs] = await buildImage(store, img, arch, layers)
        addBlobs(blobs)
        repo.manifests.push(desc.digest)
        children.push({
          ...desc,
          platform: { architecture: arch, os: 'linux', ...(arch === 'arm64' ? { variant: 'v8' } : {}) },
        })
      }
      if (img.attest) {
        for (const platform of [...children]) {
          const [desc, blobs] = await buildAttestation(store, img, platform.platform!.architecture!, platform)
          addBlobs(blobs)
          repo.manifests.push(desc.digest)
          children.push(desc)
        }
      }
      const oci = img.format === 'oci'
      top = await store.put(
        { schemaVersion: 2, mediaType: oci ? O_INDEX : D_LIST, manifests: children },
        !oci,
        oci ? O_INDEX : D_LIST,
        'index',
      )
      repo.manifests.push(top.digest)
    }
    for (const tag of [img.version, ...img.aliases]) repo.tags[tag] = top.digest
  }

  const manifests: Corpus['manifests'] = {}
  const blobs: Corpus['blobs'] = {}
  for (const [digest, { size: bytes, mediaType, kind, doc }] of store.meta) {
    if (kind === 'index') {
      manifests[digest] = {
        mediaType,
        size: bytes,
        children: (doc as { manifests: Descriptor[] }).manifests.map((c) => c.digest),
        blobs: [],
      }
    } else if (kind === 'manifest') {
      const m = doc as { config: Descriptor; layers: Descriptor[] }
      manifests[digest] = {
        mediaType,
        size: bytes,
        children: [],
        blobs: [m.config.digest, ...m.layers.map((l) => l.digest)],
      }
    } else blobs[digest] = { size: bytes, mediaType, kind }
  }
  const corpus: Corpus = { dir, params, stats: corpusStats(repos, manifests, blobs), repos, manifests, blobs }
  const { dir: _omit, ...stored } = corpus
  await writeFile(
    `${file}.tmp`,
    JSON.stringify({ ...stored, generatedInSeconds: (Date.now() - started) / 1000 }, null, 1),
  )
  await rename(`${file}.tmp`, file)
  return corpus
}

/** Byte counts a copier may have to move, under different dedup strategies. */
function corpusStats(
  repos: Corpus['repos'],
  manifests: Corpus['manifests'],
  blobs: Corpus['blobs'],
): Record<string, number> {
  const size = (d: string): number => blobs[d]!.size
  const sum = (digests: Iterable<string>): number => [...digests].reduce((n, d) => n + size(d), 0)
  const closure = (d: string): string[] => [...manifests[d]!.blobs, ...manifests[d]!.children.flatMap(closure)]
  const tags = Object.values(repos).flatMap((r) => Object.values(r.tags))
  return {
    repositories: Object.keys(repos).length,
    tags: tags.length,
    manifests: Object.keys(manifests).length,
    index_manifests: Object.values(manifests).filter((m) => m.children.length).length,
    unique_blobs: Object.keys(blobs).length,
    repo_blob_pairs: Object.values(repos).reduce((n, r) => n + r.blobs.length, 0),
    unique_blob_bytes: sum(Object.keys(blobs)),
    per_repo_blob_bytes: Object.values(repos).reduce((n, r) => n + sum(r.blobs), 0),
    per_tag_blob_bytes: tags.reduce((n, d) => n + sum(new Set(closure(d))), 0),
    largest_blob_bytes: Math.max(...Object.values(blobs).map((b) => b.size)),
  }
}

export function describeCorpus(c: Corpus): string {
  const s = c.stats
  const mib = (n: number | undefined): string => `${((n ?? 0) / MiB).toFixed(1)} MiB`
  return [
    `corpus ${c.dir} (size=${c.params.size} seed=${c.params.seed}): ${s.repositories} repos, ${s.tags} tags, ` +
      `${s.manifests} manifests (${s.index_manifests} lists/indexes), ${s.unique_blobs} unique blobs`,
    `  unique blob bytes ${mib(s.unique_blob_bytes)} (the minimum any copier moves); per repo ` +
      `${mib(s.per_repo_blob_bytes)}; per tag ${mib(s.per_tag_blob_bytes)}; largest blob ${mib(s.largest_blob_bytes)}`,
  ].join('\n')
}

export const blobPath = (c: Corpus, digest: string): string => join(c.dir, 'blobs', 'sha256', digest.slice(7))

/** Each repo's manifests with children before the index that names them. */
export function manifestOrder(c: Corpus, repo: string): string[] {
  const all = c.repos[repo]!.manifests
  return [
    ...new Set([
      ...all.filter((d) => !c.manifests[d]!.children.length),
      ...all.filter((d) => c.manifests[d]!.children.length),
    ]),
  ]
}

/** The first repo (in corpus order) that holds each blob: where a copier uploads it, and mounts it from. */
export function blobHomes(c: Corpus): Map<string, string> {
  const home = new Map<string, string>()
  for (const [repo, r] of Object.entries(c.repos)) for (const d of r.blobs) if (!home.has(d)) home.set(d, repo)
  return home
}
