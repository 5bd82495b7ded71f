import type { Node } from 'yaml'
import { commandImages } from './docker-commands'
import { afterPrefix, type FoundReference, type ReferenceFinder } from './found-reference'
import { inSourceOrder, parseYamlDocuments, referenceAt, type YamlDocument } from './yaml-source'

/**
 * Images in GitHub Actions: a job's `container` and `services` (a string or `{image}`), steps that run an image
 * (`uses: docker://…`) or run docker in their script (`run: docker run --rm redis:7 …`), and a Docker action's
 * `runs.image` when it names an image rather than a Dockerfile.
 * `${{ matrix.image }}` expressions are templated.
 */
export function isGitHubActionsPath(path: string): boolean {
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || /(^|\/)action\.ya?ml$/.test(path)
}

const DOCKER_SCHEME = 'docker://'

export const findGitHubActionsReferences: ReferenceFinder = (source) => {
  const found: FoundReference[] = []
  for (const doc of parseYamlDocuments(source)) {
    for (const [id, job] of doc.entries(doc.get(doc.root, 'jobs'))) {
      const place = `github-actions:jobs.${id}`
      found.push(...containerImage(doc, doc.get(job, 'container'), `${place}.container`))
      for (const [name, service] of doc.entries(doc.get(job, 'services')))
        found.push(...containerImage(doc, service, `${place}.services.${name}`))
      found.push(...stepImages(doc, doc.get(job, 'steps'), `${place}.steps`))
    }
    const runs = doc.get(doc.root, 'runs')
    found.push(...dockerSchemeImage(doc, doc.get(runs, 'image'), 'github-actions:runs.image'))
    found.push(...stepImages(doc, doc.get(runs, 'steps'), 'github-actions:runs.steps'))
  }
  return inSourceOrder(found)
}

/** `container: node:20` or `container: {image: node:20, options: …}`; services take the same two forms. */
function containerImage(doc: YamlDocument, node: Node | undefined, place: string): FoundReference[] {
  const span = doc.span(doc.get(node, 'image') ?? node)
  return span ? [referenceAt(span, place)] : []
}

function stepImages(doc: YamlDocument, steps: Node | undefined, place: string): FoundReference[] {
  return doc
    .items(steps)
    .flatMap((step, i) => [
      ...dockerSchemeImage(doc, doc.get(step, 'uses'), `${place}[${i}].uses`),
      ...commandImages(doc, doc.get(step, 'run'), `${place}[${i}].run`),
    ])
}

/**
 * The image after `docker://`; other values (`actions/checkout@v4`, `./local-action`, a `Dockerfile`) are not
 * images. Only an exactly placed value is cut, so the span stays the image's own characters.
 */
function dockerSchemeImage(doc: YamlDocument, node: Node | undefined, place: string): FoundReference[] {
  const span = doc.span(node)
  const image = span?.exact && afterPrefix(span, DOCKER_SCHEME)
  return image && image.text !== '' ? [referenceAt(image, place)] : []
}
