import { CrossdockError } from '../lib/errors'
import { DOCKER_HUB_API } from './hub-api'

/** Where Docker Hub is reached: its API and its registry, when not the real hosts (emulators, mirrors). */
export interface HubEndpoints {
  api: string
  /** docker.io's registry endpoint; undefined means registry-1.docker.io. */
  registry?: URL
}

/**
 * The endpoints given (by --hub-api / --hub-registry) else CROSSDOCK_HUB_API / CROSSDOCK_HUB_REGISTRY, else
 * Docker Hub's own; each checked to be an http(s) URL before anything is sent to it.
 */
export function hubEndpointsFrom(
  given: { hubApi?: string; hubRegistry?: string },
  env: NodeJS.ProcessEnv,
): HubEndpoints {
  const api = endpointUrl(given.hubApi ?? env.CROSSDOCK_HUB_API ?? DOCKER_HUB_API, '--hub-api').href
  const registryText = given.hubRegistry ?? env.CROSSDOCK_HUB_REGISTRY
  return { api, ...(registryText ? { registry: endpointUrl(registryText, '--hub-registry') } : {}) }
}

/** `docker.io` → the endpoint that reaches it, for registry pools. */
export function hubRegistryEndpoints(endpoints: HubEndpoints): Map<string, URL> {
  return new Map(endpoints.registry ? [['docker.io', endpoints.registry]] : [])
}

export function endpointUrl(text: string, flag: string): URL {
  try {
    const url = new URL(text)
    if (url.protocol === 'http:' || url.protocol === 'https:') return url
  } catch {
    // reported below
  }
  throw new CrossdockError('USAGE', `${flag} must be an http:// or https:// URL (got "${text}").`)
}
