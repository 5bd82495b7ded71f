import { buildImage, buildIndex, pushManifestTree, type BuiltManifest } from './images'
import { registryLogin } from './ecr/sdk'
import { startMigrationWorld, type MigrationWorld } from './migration-world'

/** The sample Docker Hub user of the sandbox, with the access token the UI's Accounts view is given. */
export const SAMPLE_USER = { username: 'demo', token: 'dckr_pat_demo000000000000000000000' }
export const SAMPLE_NAMESPACE = 'acme'
export const SAMPLE_PREFIX = 'mirror'

const image = (seed: string, layers = 2, layerSize = 64 * 1024): BuiltManifest =>
  buildImage({ format: 'docker', seed, layers, layerSize })
const multiArch = (seed: string): BuiltManifest =>
  buildIndex({
    format: 'oci',
    attestations: true,
    children: ['amd64', 'arm64'].map((architecture) =>
      buildImage({
        format: 'oci',
        seed: `${seed}-${architecture}`,
        layerSize: 64 * 1024,
        platform: { os: 'linux', architecture },
      }),
    ),
  })

/** What each repository holds: on Docker Hub (tags → image) and, for some, already in ECR. */
export const SAMPLE = {
  web: { tags: { '1.0': image('web-1.0'), '1.1': image('web-1.1'), latest: image('web-1.1') } },
  api: { tags: { '2.3.0': multiArch('api-2.3.0'), '2.4.0': multiArch('api-2.4.0') } },
  worker: { tags: { v7: image('worker-v7', 3) } },
  billing: { private: true, tags: { '0.9': image('billing-0.9') } },
  docs: { tags: { stable: image('docs-stable') } },
}

/**
 * A sandbox organisation on emulated Docker Hub and ECR where Compare shows every state: `web` partly in ECR
 * (1.0 in sync, 1.1 missing), `docs` in ECR under another digest, `api`, `worker` and the private `billing`
 * only on Docker Hub, and an ECR-only `mirror/legacy`. Used by the browser tests and by `npm run demo`.
 */
export async function startSampleWorld(): Promise<MigrationWorld> {
  const world = await startMigrationWorld({
    hub: {
      seed: {
        users: [{ username: SAMPLE_USER.username, accessTokens: [SAMPLE_USER.token] }],
        orgs: [{ name: SAMPLE_NAMESPACE, members: [SAMPLE_USER.username] }],
        repositories: Object.entries(SAMPLE).map(([name, repository]) => ({
          namespace: SAMPLE_NAMESPACE,
          name,
          isPrivate: 'private' in repository,
          pullCount: 1000,
        })),
      },
    },
    ecr: {
      repositories: ['web', 'docs']
        .map((name) => ({ repositoryName: `${SAMPLE_PREFIX}/${SAMPLE_NAMESPACE}/${name}` }))
        .concat([{ repositoryName: `${SAMPLE_PREFIX}/legacy` }]),
    },
  })
  // One push at a time: distribution races on concurrent uploads of one blob.
  for (const [name, repository] of Object.entries(SAMPLE)) {
    for (const [tag, manifest] of Object.entries(repository.tags))
      await pushManifestTree(world.hub.registry.url, `${SAMPLE_NAMESPACE}/${name}`, manifest, tag)
  }
  const login = await registryLogin(world.ecr)
  await pushManifestTree(
    world.ecr.registryUrl,
    `${SAMPLE_PREFIX}/${SAMPLE_NAMESPACE}/web`,
    SAMPLE.web.tags['1.0'],
    '1.0',
    login,
  )
  await pushManifestTree(
    world.ecr.registryUrl,
    `${SAMPLE_PREFIX}/${SAMPLE_NAMESPACE}/docs`,
    image('docs-older'),
    'stable',
    login,
  )
  await pushManifestTree(world.ecr.registryUrl, `${SAMPLE_PREFIX}/legacy`, image('legacy'), '3.2', login)
  return world
}
