import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CrossdockError } from '../lib/errors'
import type { CredentialResolver, RegistryCredential } from '../registry/credentials'

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>
  credsStore?: string
  credHelpers?: Record<string, string>
}

/** Docker keeps Docker Hub under its v1 index URL; everything else under the bare host. */
const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io']

export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json')
}

/**
 * Resolves credentials the way the docker CLI does: `credHelpers[host]`, then `credsStore`, then `auths`.
 * A missing config file means anonymous access, not an error.
 */
export function dockerConfigResolver(options: { configPath?: string; runHelper?: HelperRunner } = {}): CredentialResolver {
  const configPath = options.configPath ?? defaultDockerConfigPath()
  const runHelper = options.runHelper ?? runCredentialHelper
  let config: Promise<DockerConfig> | undefined
  // Resolvers are asked on every request; a credential helper is a process spawn, so answers are kept.
  const answers = new Map<string, Promise<RegistryCredential | undefined>>()
  return (registry, options) => {
    if (options?.refused) {
      config = undefined
      answers.delete(registry)
    }
    let answer = answers.get(registry)
    if (!answer) {
      answer = lookUp(registry)
      answers.set(registry, answer)
    }
    return answer
  }

  async function lookUp(registry: string): Promise<RegistryCredential | undefined> {
    config ??= readConfig(configPath)
    const loaded = await config
    const keys = registry === 'docker.io' ? DOCKER_HUB_KEYS : [registry, `https://${registry}`, `http://${registry}`]
    const helper = keys.map((key) => loaded.credHelpers?.[key]).find(Boolean) ?? loaded.credsStore
    if (helper) {
      const fromHelper = await runHelper(helper, keys[0]!)
      if (fromHelper) return fromHelper
    }
    for (const key of keys) {
      const entry = loaded.auths?.[key] ?? loaded.auths?.[`${key}/`]
      if (entry) return entryCredential(entry, key, configPath)
    }
    return undefined
  }
}

async function readConfig(path: string): Promise<DockerConfig> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new CrossdockError('CREDENTIALS', `Cannot read the Docker config ${path}: ${(error as Error).message}`)
  }
  try {
    return JSON.parse(text) as DockerConfig
  } catch {
    throw new CrossdockError('CREDENTIALS', `The Docker config ${path} is not valid JSON; fix or remove it.`)
  }
}

function entryCredential(
  entry: NonNullable<DockerConfig['auths']>[string],
  key: string,
  path: string,
): RegistryCredential | undefined {
  if (entry.identitytoken) return { kind: 'identity-token', token: entry.identitytoken }
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon <= 0) throw new CrossdockError('CREDENTIALS', `The "auth" entry for ${key} in ${path} is not base64 of USER:PASSWORD; run docker login again.`)
    return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
  }
  if (entry.username && entry.password) return { kind: 'basic', username: entry.username, password: entry.password }
  return undefined
}

export type HelperRunner = (helper: string, serverUrl: string) => Promise<RegistryCredential | undefined>

/** Runs `docker-credential-<helper> get` with the server URL on stdin, as the credential helper protocol says. */
export const runCredentialHelper: HelperRunner = (helper, serverUrl) =>
  new Promise((resolve, reject) => {
    const program = `docker-credential-${helper}`
    const child = execFile(program, ['get'], { timeout: 30_000, maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) {
        // The protocol's answer for "nothing stored" is a non-zero exit with this text on stdout.
        if (/credentials not found/i.test(stdout)) return resolve(undefined)
        const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is not on PATH' : `it exited with an error`
        return reject(new CrossdockError('CREDENTIALS', `The Docker credential helper ${program} could not be used (${reason}); install it or remove it from ~/.docker/config.json.`))
      }
      try {
        const answer = JSON.parse(stdout) as { Username?: string; Secret?: string }
        if (!answer.Secret) return resolve(undefined)
        resolve(answer.Username === '<token>' ? { kind: 'identity-token', token: answer.Secret } : { kind: 'basic', username: answer.Username ?? '', password: answer.Secret })
      } catch {
        reject(new CrossdockError('CREDENTIALS', `The Docker credential helper ${program} printed something that is not JSON.`))
      }
    })
    child.stdin?.end(serverUrl)
  })
