import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CrossdockError } from '../lib/errors'
import type { CredentialResolver, RegistryCredential } from '../registry/credentials'
import { CredentialHelperProgram } from './credential-helper'

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
export function dockerConfigResolver(
  options: { configPath?: string; runHelper?: HelperRunner } = {},
): CredentialResolver {
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
    config ??= readDockerConfig(configPath)
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

/** The parsed config file; a missing file reads as empty (anonymous everywhere). */
export async function readDockerConfig(path: string): Promise<DockerConfig> {
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
    if (colon <= 0)
      throw new CrossdockError(
        'CREDENTIALS',
        `The "auth" entry for ${key} in ${path} is not base64 of USER:PASSWORD; run docker login again.`,
      )
    return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
  }
  if (entry.username && entry.password) return { kind: 'basic', username: entry.username, password: entry.password }
  return undefined
}

export type HelperRunner = (helper: string, serverUrl: string) => Promise<RegistryCredential | undefined>

/** Runs `docker-credential-<helper> get`; the user name `<token>` marks an identity token, as the protocol says. */
export const runCredentialHelper: HelperRunner = async (helper, serverUrl) => {
  const entry = await new CredentialHelperProgram(helper).get(serverUrl)
  if (!entry?.secret) return undefined
  return entry.username === '<token>'
    ? { kind: 'identity-token', token: entry.secret }
    : { kind: 'basic', username: entry.username, password: entry.secret }
}
