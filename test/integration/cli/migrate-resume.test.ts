import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock, spawnCrossdock, type RunningCli } from '../../support/cli'
import type { EcrEmulator } from '../../support/ecr'
import type { EcrLoggedRequest } from '../../support/ecr/request-log'
import { buildImage, buildIndex, pushManifestTree, randomLayer, type BuiltManifest } from '../../support/images'
import { startMigrationWorld, type MigrationWorld } from '../../support/migration-world'

const MiB = 1024 * 1024
const KILLS = 10
const base = randomLayer('resume-base', 2 * MiB)
const images: { repository: string; tag: string; image: BuiltManifest }[] = []
for (let r = 0; r < 5; r++) {
  for (const tag of ['1.0', '2.0']) {
    images.push({
      repository: `app${r}`,
      tag,
      image: buildImage({
        format: 'docker',
        seed: `resume-${r}-${tag}`,
        layers: 2,
        layerSize: 2 * MiB,
        sharedLayers: [base],
      }),
    })
  }
}
const multi = buildIndex({
  format: 'oci',
  attestations: true,
  children: ['amd64', 'arm64'].map((architecture) =>
    buildImage({
      format: 'oci',
      seed: `resume-multi-${architecture}`,
      layerSize: 2 * MiB,
      platform: { os: 'linux', architecture },
    }),
  ),
})
images.push({ repository: 'multi', tag: 'v1', image: multi })

let world: MigrationWorld
let ecr: EcrEmulator
const env = () => world.env()

beforeAll(async () => {
  world = await startMigrationWorld({
    hub: {
      pullLimit: { anonymous: 100_000 },
      seed: {
        orgs: [{ name: 'acme', members: [] }],
        repositories: [...new Set(images.map((i) => i.repository))].map((name) => ({ namespace: 'acme', name })),
      },
    },
  })
  ecr = world.ecr
  for (const { repository, tag, image } of images)
    await pushManifestTree(world.hub.registry.url, `acme/${repository}`, image, tag)
}, 120_000)
afterAll(() => world?.stop())

/** A small seeded generator, so a failing kill schedule can be replayed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
}

/** Upload sessions under a prefix: bytes received per session and the digest it was committed as (if it was). */
function uploads(prefix: string): { committed: Map<string, number>; bytesCommitted: number; bytesAbandoned: number } {
  const sessions = new Map<string, { bytes: number; digest?: string; repository: string }>()
  for (const entry of ecr.logs.registry.filter((e: EcrLoggedRequest) => e.path.startsWith(`/v2/${prefix}/`))) {
    const match = /^\/v2\/(.+)\/blobs\/uploads\/([^/?]+)(?:\?(.*))?$/.exec(entry.path)
    if (!match) continue
    const session = sessions.get(match[2]!) ?? { bytes: 0, repository: match[1]! }
    session.bytes += entry.bytesReceived ?? 0
    const digest = new URLSearchParams(match[3] ?? '').get('digest')
    if (entry.method === 'PUT' && entry.status === 201 && digest) session.digest = digest
    sessions.set(match[2]!, session)
  }
  const committed = new Map<string, number>()
  let bytesCommitted = 0
  let bytesAbandoned = 0
  for (const session of sessions.values()) {
    if (!session.digest) {
      bytesAbandoned += session.bytes
      continue
    }
    const key = `${session.repository}@${session.digest}`
    committed.set(key, (committed.get(key) ?? 0) + 1)
    bytesCommitted += session.bytes
  }
  return { committed, bytesCommitted, bytesAbandoned }
}

/** Waits for the job's id on stderr: from then on the job exists on disk and can be resumed. */
async function jobCreated(run: RunningCli): Promise<string> {
  for (;;) {
    const id = /Job (\d{8}-\d{6}-[0-9a-f]{4})/.exec(run.output().stderr)?.[1]
    if (id) return id
    if (run.child.exitCode !== null) throw new Error(`crossdock ended before creating a job: ${run.output().stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('crossdock migrate: killed with SIGKILL at random points, then resumed', () => {
  it(`finishes every time with all digests equal and no blob uploaded twice (${KILLS} kills)`, async () => {
    // A whole run, uninterrupted: what a clean run uploads, and how many blobs it commits.
    const clean = await runCrossdock(
      ['migrate', '--from', 'docker.io/acme', '--to', `ecr://${ecr.region}/clean`, '--json'],
      env(),
    )
    expect(clean.code, clean.stderr).toBe(0)
    const { bytesCommitted: cleanBytes, committed: cleanBlobs } = uploads('clean')

    // Each round is killed at a random point of its progress (after a random number of blobs went up, then a
    // random moment later), not of the clock: a slow or busy machine must not let a round finish unkilled.
    const next = random(20261127)
    const results: { afterBlobs: number; abandonedBytes: number; reuploadedBytes: number }[] = []
    for (let round = 0; round < KILLS; round++) {
      const prefix = `round${round}`
      const afterBlobs = 1 + Math.floor(next() * (cleanBlobs.size - 4))
      const first = spawnCrossdock(
        ['migrate', '--from', 'docker.io/acme', '--to', `ecr://${ecr.region}/${prefix}`],
        env(),
      )
      const id = await jobCreated(first)
      while (uploads(prefix).committed.size < afterBlobs) {
        if (first.child.exitCode !== null)
          throw new Error(`round ${round} ended before the kill: ${first.output().stderr}`)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 40)))
      first.child.kill('SIGKILL')
      expect((await first.result).signal).toBe('SIGKILL')
      const listed = JSON.parse((await runCrossdock(['jobs', '--json'], env())).stdout) as {
        id: string
        state: string
      }[]
      expect(listed.find((job) => job.id === id)?.state).toBe('interrupted')
      const resumed = await runCrossdock(['resume', id, '--json'], env())
      expect(resumed.code, resumed.stderr).toBe(0)
      for (const { repository, tag, image } of images)
        expect(ecr.image(`${prefix}/acme/${repository}`, tag)?.digest, `${prefix} ${repository}:${tag}`).toBe(
          image.digest,
        )
      const { committed, bytesCommitted, bytesAbandoned } = uploads(prefix)
      for (const [blob, count] of committed) expect(count, `${blob} committed ${count} times`).toBe(1)
      expect(committed.size).toBe(cleanBlobs.size)
      results.push({ afterBlobs, abandonedBytes: bytesAbandoned, reuploadedBytes: bytesCommitted - cleanBytes })
    }
    console.log(
      `resume loop: a clean run commits ${cleanBlobs.size} blobs, ${cleanBytes} bytes; per round (killed after blobs ` +
        `/ bytes abandoned in flight / bytes re-uploaded beyond a clean run):\n` +
        results.map((r) => `  ${r.afterBlobs} / ${r.abandonedBytes} / ${r.reuploadedBytes}`).join('\n'),
    )
    for (const r of results) expect(r.reuploadedBytes).toBe(0)
  }, 600_000)

  it('Ctrl-C cancels cleanly (state cancelled, exit 130), and resume finishes the job', async () => {
    const run = spawnCrossdock(
      ['migrate', '--from', 'docker.io/acme', '--to', `ecr://${ecr.region}/interrupted`],
      env(),
    )
    const id = await jobCreated(run)
    while (
      !ecr.logs.registry.some((e) => e.path.startsWith('/v2/interrupted/') && e.method === 'PUT' && e.status === 201)
    ) {
      if (run.child.exitCode !== null) throw new Error(`the run ended before uploading: ${run.output().stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    run.child.kill('SIGINT')
    const cancelled = await run.result
    expect(cancelled.code, cancelled.stderr).toBe(130)
    expect(cancelled.stdout).toContain(`Job ${id} cancelled; crossdock resume ${id} goes on from where it stopped.`)
    const listed = JSON.parse((await runCrossdock(['jobs', '--json'], env())).stdout) as {
      id: string
      state: string
      runs: number
    }[]
    expect(listed.find((job) => job.id === id)).toMatchObject({ state: 'cancelled', runs: 1 })

    const resumed = await runCrossdock(['resume', id], env())
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stderr).toMatch(/Docker Hub pulls needed: \d+; quota: /)
    expect(resumed.stdout).toMatch(new RegExp(`Job ${id} finished: \\d+ copied`))
    for (const { repository, tag, image } of images)
      expect(ecr.image(`interrupted/acme/${repository}`, tag)?.digest).toBe(image.digest)
    for (const [blob, count] of uploads('interrupted').committed)
      expect(count, `${blob} committed ${count} times`).toBe(1)
  }, 120_000)
})
