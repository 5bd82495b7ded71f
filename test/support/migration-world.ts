import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDockerHubEmulator, type DockerHubEmulator, type DockerHubEmulatorOptions } from './dockerhub'
import { startEcrEmulator, type EcrEmulator, type EcrEmulatorOptions } from './ecr'
import { KEY as ECR_KEY } from './ecr/sdk'
import { buildImage, pushManifestTree } from './images'

export { ECR_KEY }

/** Docker Hub and ECR emulators, a Crossdock config directory, and the environment that points the CLI at them. */
export interface MigrationWorld {
  hub: DockerHubEmulator
  ecr: EcrEmulator
  configDir: string
  /** The CLI's environment: emulator endpoints, AWS keys the ECR emulator accepts, the config directory. */
  env(): NodeJS.ProcessEnv
  stop(): Promise<void>
}

export async function startMigrationWorld(
  options: { hub?: DockerHubEmulatorOptions; ecr?: EcrEmulatorOptions } = {},
): Promise<MigrationWorld> {
  const [hub, ecr, configDir] = await Promise.all([
    startDockerHubEmulator(options.hub),
    startEcrEmulator(options.ecr),
    mkdtemp(join(tmpdir(), 'crossdock-config-')),
  ])
  // Docker Hub always has the repository its quota is read from.
  hub.addRepository({ namespace: 'ratelimitpreview', name: 'test' })
  await pushManifestTree(
    hub.registry.url,
    'ratelimitpreview/test',
    buildImage({ format: 'oci', seed: 'ratelimitpreview' }),
    'latest',
  )
  return {
    hub,
    ecr,
    configDir,
    env: () => ({
      CROSSDOCK_HUB_API: hub.hubUrl,
      CROSSDOCK_HUB_REGISTRY: hub.registryUrl,
      CROSSDOCK_CONFIG_DIR: configDir,
      AWS_ACCESS_KEY_ID: ECR_KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ECR_KEY.secretAccessKey,
      AWS_ENDPOINT_URL_ECR: ecr.controlUrl,
    }),
    stop: async () =>
      void (await Promise.all([hub.stop(), ecr.stop(), rm(configDir, { recursive: true, force: true })])),
  }
}
