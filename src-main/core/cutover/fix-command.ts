import { parseEcrHost } from '../reference/ecr-host'
import { formatReference, type ImageRef } from '../reference/reference'

/**
 * The command that puts a Docker Hub image where the mapping sends it: `crossdock migrate` when the target is an ECR
 * repository named as migrate names them (PREFIX/NAMESPACE/REPO, or PREFIX/REPO with --drop-namespace), else
 * `crossdock copy` of that one image.
 */
export function fixCommand(hub: ImageRef, target: ImageRef): string {
  const ecr = parseEcrHost(target.registry)
  const tag = hub.tag ?? hub.digest
  const [namespace, ...rest] = hub.repository.split('/')
  const name = rest.join('/')
  const prefixOf = (tail: string): string | undefined =>
    target.repository === tail
      ? ''
      : target.repository.endsWith(`/${tail}`)
        ? target.repository.slice(0, -tail.length - 1)
        : undefined
  const keeping = prefixOf(hub.repository)
  const dropping = name && prefixOf(name)
  if (ecr && tag && hub.tag && (keeping !== undefined || dropping !== undefined)) {
    const prefix = keeping ?? dropping
    const to = `ecr://${ecr.region}${prefix ? `/${prefix}` : ''}`
    const drop = keeping === undefined ? ' --drop-namespace' : ''
    return `crossdock migrate --from docker.io/${namespace}/${name} --to ${to}${drop} --tags '${escapeRegex(hub.tag)}'`
  }
  return `crossdock copy ${formatReference(hub)} ${formatReference({ ...target, digest: undefined })}`
}

/** A tag is letters, digits, `_`, `-` and `.`: only the dot means something in a pattern. */
function escapeRegex(tag: string): string {
  return tag.replaceAll('.', '\\.')
}
