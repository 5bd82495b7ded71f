import { afterPrefix, type FoundReference, type ReferenceFinder } from './found-reference'
import { inSourceOrder, parseYamlDocuments, referenceAt, type ScalarSpan, type YamlDocument } from './yaml-source'

/**
 * Image references in Compose files: `services.<name>.image`, wherever its characters live (an `x-*` extension
 * field's anchor, a `<<: *defaults` merge), and the `docker-image://` build contexts a service's build pulls.
 * Services in files pulled in by `extends: {file}` or `include:` are found when those files are read themselves
 * (a file of any name whose content is Compose is read as Compose); profiles change which services run, not which
 * images they name.
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

const IMAGE_CONTEXT = 'docker-image://'

export const findComposeReferences: ReferenceFinder = (source) => {
  const found: FoundReference[] = []
  for (const document of parseYamlDocuments(source)) {
    for (const [name, service] of document.entries(document.get(document.root, 'services'))) {
      const build = document.get(service, 'build')
      const span = document.span(document.get(service, 'image'))
      if (span) found.push(referenceAt(span, `compose:services.${name}.image`, build ? [BUILT_HERE] : []))
      found.push(...imageContexts(document, build, `compose:services.${name}.build.additional_contexts`))
    }
  }
  return inSourceOrder(found)
}

/**
 * `additional_contexts` that name an image (`base: docker-image://alpine:3.20`, or `- base=docker-image://…` in the
 * list form): the build pulls it. The span is the image after the scheme.
 */
function imageContexts(document: YamlDocument, build: unknown, place: string): FoundReference[] {
  const contexts = document.get(build, 'additional_contexts')
  const named: [string, ScalarSpan | undefined][] = [
    ...document.entries(contexts).map(([key, value]): [string, ScalarSpan | undefined] => [key, document.span(value)]),
    ...document.items(contexts).map((item): [string, ScalarSpan | undefined] => {
      const span = document.span(item)
      const equals = span?.exact ? span.text.indexOf('=') : -1
      if (!span || equals === -1) return ['', undefined]
      return [
        span.text.slice(0, equals),
        { ...span, start: span.start + equals + 1, text: span.text.slice(equals + 1) },
      ]
    }),
  ]
  return named.flatMap(([key, span]) => {
    const image = span?.exact && afterPrefix(span, IMAGE_CONTEXT)
    return image ? [referenceAt(image, `${place}.${key}`)] : []
  })
}
