// `npm run demo` (and `crossdock ui --demo`): Crossdock against a local sandbox, emulated Docker Hub and Amazon
// ECR on loopback with a sample organisation, so compare → migrate → report can be tried without any account.
import { spawn } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CLI_PATH } from '../support/cli'
import { SAMPLE_NAMESPACE, SAMPLE_PREFIX, SAMPLE_USER, startSampleWorld } from '../support/sample-organisation'

async function main(): Promise<void> {
  process.stdout.write(
    'Starting the sandbox (emulated Docker Hub and Amazon ECR, each backed by a local docker-registry)…\n',
  )
  const world = await startSampleWorld()
  // The sandbox's own Docker config and AWS profile: the demo user is signed in, the real ones are never read.
  const home = join(world.configDir, 'home')
  await mkdir(join(home, '.docker'), { recursive: true })
  await mkdir(join(home, '.aws'), { recursive: true })
  const auth = Buffer.from(`${SAMPLE_USER.username}:${SAMPLE_USER.token}`).toString('base64')
  await writeFile(
    join(home, '.docker', 'config.json'),
    JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth } } }),
  )
  const env = world.env()
  await writeFile(join(home, '.aws', 'config'), `[profile sandbox]\nregion = ${world.ecr.region}\n`)
  await writeFile(
    join(home, '.aws', 'credentials'),
    `[sandbox]\naws_access_key_id = ${env.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${env.AWS_SECRET_ACCESS_KEY}\n`,
  )
  process.stdout.write(
    [
      '',
      'LOCAL SANDBOX: nothing here is your real Docker Hub or AWS; it all lives on 127.0.0.1 and is gone when you ' +
        'stop.',
      `  Docker Hub namespace: ${SAMPLE_NAMESPACE} (signed in as ${SAMPLE_USER.username})`,
      `  AWS profile: sandbox, Region ${world.ecr.region}; ECR prefix: ${SAMPLE_PREFIX}`,
      '',
    ].join('\n'),
  )
  const ui = spawn(process.execPath, [CLI_PATH, 'ui', ...process.argv.slice(2)], {
    env: {
      ...process.env,
      ...env,
      HOME: home,
      DOCKER_CONFIG: join(home, '.docker'),
      AWS_CONFIG_FILE: join(home, '.aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
      CROSSDOCK_DEMO: '1',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const stop = (): void => void ui.kill('SIGINT')
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  await new Promise((resolve) => ui.on('close', resolve))
  await world.stop()
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
