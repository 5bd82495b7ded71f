import { parseEcrHost } from '../reference/ecr-host'
import { parseReference, type ImageRef } from '../reference/reference'

/**
 * Where an image reference pulls from: Docker Hub (spelled any way Docker accepts), Docker Hub's content through a
 * mirror, or another registry. A text that is no reference at all (a stage name is the finder's business; this is
 * `FROM -x`) is `invalid`.
 */
export type ReferenceOrigin =
  | { kind: 'docker-hub'; image: ImageRef }
  | { kind: 'hub-mirror'; image: ImageRef; mirror: string; hub: ImageRef }
  | { kind: 'elsewhere'; image: ImageRef }
  | { kind: 'invalid'; problem: string }

/**
 * Registries that serve Docker Hub's images under another name, and the Docker Hub repository a path there stands
 * for. They are not pulls from Docker Hub (no pull limit), but they are copies the team does not control.
 */
const HUB_MIRRORS: {
  host: (registry: string) => boolean
  name: string
  hubPath: (path: string) => string | undefined
}[] = [
  // Google's cache of Docker Hub: mirror.gcr.io/library/nginx is docker.io/library/nginx.
  { host: (registry) => registry === 'mirror.gcr.io', name: 'mirror.gcr.io', hubPath: (path) => path },
  // ECR Public's copies of the official images.
  {
    host: (registry) => registry === 'public.ecr.aws',
    name: 'ECR Public (docker/library)',
    hubPath: (path) => (path.startsWith('docker/library/') ? path.slice('docker/'.length) : undefined),
  },
  // An ECR pull-through cache rule for Docker Hub, under the prefix ECR's console suggests.
  {
    host: (registry) => parseEcrHost(registry) !== undefined,
    name: 'an ECR pull-through cache',
    hubPath: (path) => (path.startsWith('docker-hub/') ? path.slice('docker-hub/'.length) : undefined),
  },
]

export function referenceOrigin(text: string): ReferenceOrigin {
  let image: ImageRef
  try {
    image = parseReference(text)
  } catch (error) {
    return { kind: 'invalid', problem: (error as Error).message }
  }
  if (image.registry === 'docker.io') return { kind: 'docker-hub', image }
  for (const mirror of HUB_MIRRORS) {
    if (!mirror.host(image.registry)) continue
    const hubPath = mirror.hubPath(image.repository)
    if (hubPath === undefined) continue
    const hub = parseReference(`docker.io/${hubPath}${suffixOf(image)}`)
    return { kind: 'hub-mirror', image, mirror: mirror.name, hub }
  }
  return { kind: 'elsewhere', image }
}

function suffixOf(image: ImageRef): string {
  return (image.tag === undefined ? '' : `:${image.tag}`) + (image.digest === undefined ? '' : `@${image.digest}`)
}
