import type { FoundReference, ReferenceFinder } from './found-reference'
import { inSourceOrder, parseYamlDocuments, referenceAt } from './yaml-source'

/**
 * Image references in Compose files: `services.<name>.image`, wherever its characters live (an `x-*` extension
 * field's anchor, a `<<: *defaults` merge). Services in files pulled in by `extends: {file}` or `include:` are found
 * when those files are read themselves; profiles change which services run, not which images they name.
 */
export function isComposePath(path: string): boolean {
  return /(^|[/\\])(docker-)?compose([.-][^/\\]*)?\.ya?ml$/.test(path)
}

/**
 * Marks an `image:` beside `build:`: Compose builds that image and tags it with this name rather than pulling it.
 * It is still listed: `docker compose push` sends the tag to where it names (often Docker Hub), and `pull_policy`
 * may pull it before building, so the cutover has to move the name too.
 */
export const BUILT_HERE = 'built-here'

export const findComposeReferences: ReferenceFinder = (source) => {
  const found: FoundReference[] = []
  for (const document of parseYamlDocuments(source)) {
    for (const [name, service] of document.entries(document.get(document.root, 'services'))) {
      const span = document.span(document.get(service, 'image'))
      if (!span) continue
      const built = document.get(service, 'build') !== undefined
      found.push(referenceAt(span, `compose:services.${name}.image`, built ? [BUILT_HERE] : []))
    }
  }
  return inSourceOrder(found)
}
