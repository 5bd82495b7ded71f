// What the bench corpus holds (no bytes): a Docker Hub organisation being migrated. ~20 repositories, ~150 tags,
// base OS / runtime layer stacks shared by most images, deps layers that change every few releases, per-release
// app layers, Docker and OCI manifests, multi-arch lists/indexes (some with BuildKit attestations), tag aliases.

export type Kind = 'text' | 'bin' | 'rand'
export type Mix = Partial<Record<Kind, number>>

// share of a layer's uncompressed bytes that is text / binary-like / incompressible
const MIX = {
  os: { text: 0.3, bin: 0.55, rand: 0.15 },
  runtime: { text: 0.35, bin: 0.55, rand: 0.1 },
  pydeps: { text: 0.55, bin: 0.35, rand: 0.1 },
  nodedeps: { text: 0.8, bin: 0.1, rand: 0.1 },
  jar: { text: 0.05, bin: 0.1, rand: 0.85 },
  gobin: { text: 0.05, bin: 0.95 },
  static: { text: 0.45, rand: 0.55 },
  app: { text: 0.7, bin: 0.1, rand: 0.2 },
  model: { bin: 0.1, rand: 0.9 },
  conf: { text: 1 },
} satisfies Record<string, Mix>
type MixName = keyof typeof MIX

/** Layer byte scale, and whether to add the ~1 GiB model layer. */
export const SIZES = {
  small: { scale: 0.03, bigModel: false },
  default: { scale: 0.75, bigModel: false },
  large: { scale: 0.75, bigModel: true },
}
export type Size = keyof typeof SIZES

export interface LayerSpec {
  bytes: number
  mix: Mix
  files: number
  root: string
}

export interface ImagePlan {
  repo: string
  version: string
  v: number
  format: 'docker' | 'oci'
  archs: string[]
  /** layer ids per arch, bottom first */
  layers: Record<string, string[]>
  attest: boolean
  base: string
  aliases: string[]
}

const MiB = 1 << 20

type Base = 'debian' | 'alpine' | 'python' | 'node' | 'java'
// repo, base, versions, format, archs, deps [MiB, mix, new every N versions], app [MiB, mix], aliases, attestations
type RepoRow = [
  string,
  Base,
  number,
  'docker' | 'oci',
  string[],
  [number, MixName, number] | null,
  [number, MixName],
  string[],
  boolean,
]
const BOTH = ['amd64', 'arm64']
const AMD = ['amd64']
const REPOS: RepoRow[] = [
  ['acme/base-debian', 'debian', 6, 'docker', BOTH, [2, 'os', 3], [0.05, 'conf'], ['latest', 'bookworm'], false],
  ['acme/base-alpine', 'alpine', 5, 'oci', BOTH, null, [0.02, 'conf'], ['latest'], false],
  ['acme/python', 'python', 6, 'docker', AMD, null, [0.05, 'conf'], ['latest'], false],
  ['acme/node', 'node', 6, 'docker', AMD, null, [0.05, 'conf'], ['latest'], false],
  ['acme/java', 'java', 5, 'oci', AMD, null, [0.05, 'conf'], ['latest'], false],
  ['acme/api', 'python', 10, 'docker', AMD, [8, 'pydeps', 3], [0.6, 'app'], ['latest', 'main'], false],
  ['acme/web', 'node', 10, 'docker', AMD, [12, 'nodedeps', 3], [1.2, 'static'], ['latest', 'main'], false],
  ['acme/worker', 'python', 8, 'docker', AMD, [6, 'pydeps', 3], [0.4, 'app'], ['latest'], false],
  ['acme/billing', 'java', 8, 'oci', AMD, [6, 'jar', 4], [1.2, 'jar'], ['latest'], false],
  ['acme/auth', 'java', 6, 'oci', AMD, [5, 'jar', 3], [0.8, 'jar'], ['latest'], false],
  ['acme/gateway', 'alpine', 8, 'oci', BOTH, null, [4, 'gobin'], ['latest'], true],
  ['acme/scheduler', 'python', 6, 'docker', AMD, [5, 'pydeps', 3], [0.3, 'app'], ['latest'], false],
  ['acme/notifier', 'node', 6, 'docker', AMD, [6, 'nodedeps', 3], [0.4, 'app'], ['latest'], false],
  ['acme/search', 'java', 6, 'oci', AMD, [6, 'jar', 3], [1.0, 'jar'], ['latest'], false],
  ['acme/reporting', 'python', 5, 'docker', AMD, [8, 'pydeps', 3], [0.5, 'app'], ['latest'], false],
  ['acme/docs', 'alpine', 8, 'docker', AMD, [1, 'conf', 4], [1.5, 'static'], ['latest'], false],
  ['acme/cli', 'alpine', 6, 'docker', BOTH, null, [3, 'gobin'], ['latest'], false],
  ['acmelabs/ml-model', 'python', 3, 'docker', AMD, [12, 'pydeps', 3], [16, 'model'], ['latest'], false],
  ['acmelabs/experiments', 'python', 5, 'oci', AMD, [6, 'pydeps', 2], [0.5, 'app'], ['latest'], false],
  ['acmelabs/agent', 'alpine', 5, 'oci', BOTH, null, [3, 'gobin'], ['latest', 'stable'], true],
]

export function planCorpus(size: Size): { layers: Map<string, LayerSpec>; images: ImagePlan[] } {
  const { scale, bigModel } = SIZES[size]
  const layers = new Map<string, LayerSpec>()
  const L = (id: string, mib: number, mix: MixName, files: number, root: string): string => {
    if (!layers.has(id)) {
      const count = Math.max(1, Math.min(files, Math.floor(files * Math.max(scale, 0.05))))
      layers.set(id, { bytes: Math.max(512, Math.floor(mib * MiB * scale)), mix: MIX[mix], files: count, root })
    }
    return id
  }
  // the tiny layers every acme image has (CA bundle, passwd)
  const common = (): string[] => [
    L('acme-ca-certs', 0.25, 'conf', 4, 'etc/ssl'),
    L('acme-user', 0.004, 'conf', 2, 'etc'),
  ]
  const debian = (a: string, r: string): string[] => [L(`debian12-rootfs-${a}-${r}`, 40, 'os', 700, 'usr')]
  const bases: Record<Base, (a: string, r: string) => string[]> = {
    debian: (a, r) => [...debian(a, r), ...common()],
    alpine: (a, r) => [L(`alpine3-rootfs-${a}-${r}`, 7, 'os', 120, 'lib'), ...common()],
    python: (a, r) => [
      ...debian(a, r),
      L(`python311-${a}-${r}`, 34, 'runtime', 500, 'usr/local/lib'),
      L(`pip-${a}-${r}`, 5, 'pydeps', 120, 'usr/local/lib'),
      ...common(),
    ],
    node: (a, r) => [
      ...debian(a, r),
      L(`node20-${a}-${r}`, 48, 'runtime', 300, 'usr/local'),
      L(`yarn-${r}`, 4, 'nodedeps', 150, 'opt/yarn'),
      ...common(),
    ],
    java: (a, r) => [...debian(a, r), L(`jre17-${a}-${r}`, 36, 'jar', 90, 'opt/java'), ...common()],
  }

  const images: ImagePlan[] = []
  for (const [repo, base, versions, format, archs, deps, [appMib, appMix], aliases, attest] of REPOS) {
    const short = repo.split('/')[1]!
    const mine: ImagePlan[] = []
    for (let v = 0; v < versions; v++) {
      const release = v < versions / 2 ? 'r1' : 'r2' // the base image is refreshed half-way through
      const perArch: Record<string, string[]> = {}
      for (const a of archs) {
        const stack = bases[base](a, release)
        if (deps) stack.push(L(`deps-${short}-${Math.floor(v / deps[2])}-${a}`, deps[0], deps[1], 200, 'app/deps'))
        if (repo === 'acmelabs/ml-model' && bigModel && v === versions - 1)
          stack.push(L(`model-big-${a}`, 1080 / scale, 'model', 17, 'models'))
        else stack.push(L(`app-${short}-${v}-${a}`, appMib, appMix, 60, 'app'))
        stack.push(L(`cfg-${short}-${v}`, 0.01, 'conf', 3, 'app/config'))
        perArch[a] = stack
      }
      const version = base === 'debian' ? `12.${v + 1}` : `${1 + Math.floor(v / 4)}.${v % 4}.${(v * 7) % 5}`
      mine.push({ repo, version, v, format, archs, layers: perArch, attest, base, aliases: [] })
    }
    // latest/main -> newest version, stable/bookworm -> the one before
    for (const alias of aliases) {
      const older = (alias === 'stable' || alias === 'bookworm') && mine.length > 1
      mine[mine.length - (older ? 2 : 1)]!.aliases.push(alias)
    }
    images.push(...mine)
  }
  return { layers, images }
}
