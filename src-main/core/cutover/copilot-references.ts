import type { Node } from 'yaml'
import type { FoundReference, ReferenceFinder } from './found-reference'
import { inSourceOrder, parseYamlDocuments, referenceAt, type YamlDocument } from './yaml-source'

/**
 * Images in AWS Copilot manifests (`copilot/<service>/manifest.yml`), which Copilot turns into ECS task definitions:
 * the service's `image.location` (an `image.build` is built, not pulled), each sidecar's `image` (a string, or
 * `location` in its map), and the same under `environments.<name>` overrides.
 */
export function isCopilotManifestPath(path: string): boolean {
  return /(^|\/)copilot\/[^/]+\/manifest\.ya?ml$/.test(path)
}

export const findCopilotReferences: ReferenceFinder = (source) => {
  const found: FoundReference[] = []
  for (const document of parseYamlDocuments(source)) {
    found.push(...serviceImages(document, document.root, 'copilot:'))
    for (const [name, overrides] of document.entries(document.get(document.root, 'environments')))
      found.push(...serviceImages(document, overrides, `copilot:environments.${name}.`))
  }
  return inSourceOrder(found)
}

function serviceImages(document: YamlDocument, service: Node | null | undefined, prefix: string): FoundReference[] {
  const own = document.span(document.get(service, 'image', 'location'))
  const sidecars = document.entries(document.get(service, 'sidecars')).flatMap(([name, sidecar]) => {
    const image = document.get(sidecar, 'image')
    const span = document.span(document.get(image, 'location') ?? image)
    return span ? [referenceAt(span, `${prefix}sidecars.${name}.image`)] : []
  })
  return [...(own ? [referenceAt(own, `${prefix}image.location`)] : []), ...sidecars]
}
