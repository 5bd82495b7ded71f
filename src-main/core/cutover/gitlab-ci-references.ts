import type { Node } from 'yaml'
import { commandImages } from './docker-commands'
import type { FoundReference, ReferenceFinder } from './found-reference'
import { inSourceOrder, parseYamlDocuments, referenceAt, type YamlDocument } from './yaml-source'

/**
 * Images in GitLab CI: the top-level and `default:` `image` and `services`, and every job's (hidden `.template`
 * jobs too: others extend them); an image is a string or `{name: …}`. Also what the scripts run with docker
 * (`script: docker run --rm redis:7 …`, in a docker-in-docker job).
 */
export function isGitLabCiPath(path: string): boolean {
  return /(^|[/.])gitlab-ci\.ya?ml$/.test(path)
}

/** Top-level keys GitLab reads as settings; every other key holding a mapping is a job. */
const GLOBAL_KEYWORDS = new Set([
  'after_script',
  'before_script',
  'cache',
  'default',
  'image',
  'include',
  'services',
  'spec',
  'stages',
  'variables',
  'workflow',
])

/** `${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/nginx` and its siblings: Docker Hub through GitLab's proxy. */
const DEPENDENCY_PROXY = /^\$\{?CI_DEPENDENCY_PROXY_/

export const findGitLabCiReferences: ReferenceFinder = (source) => {
  const found: FoundReference[] = []
  for (const doc of parseYamlDocuments(source)) {
    found.push(...jobImages(doc, doc.root, 'gitlab-ci:'))
    found.push(...jobImages(doc, doc.get(doc.root, 'default'), 'gitlab-ci:default.'))
    for (const [name, job] of doc.entries(doc.root))
      if (!GLOBAL_KEYWORDS.has(name)) found.push(...jobImages(doc, job, `gitlab-ci:${name}.`))
  }
  return inSourceOrder(found)
}

function jobImages(doc: YamlDocument, job: Node | null | undefined, place: string): FoundReference[] {
  const image = imageReference(doc, doc.get(job, 'image'), `${place}image`)
  const services = doc
    .items(doc.get(job, 'services'))
    .flatMap((service, i) => imageReference(doc, service, `${place}services[${i}]`))
  const scripts = SCRIPTS.flatMap((key) => {
    const script = doc.get(job, key)
    const lines = doc.items(script)
    return (lines.length > 0 ? lines : [script]).flatMap((line, i) =>
      line ? commandImages(doc, line, `${place}${key}${lines.length > 0 ? `[${i}]` : ''}`) : [],
    )
  })
  return [...image, ...services, ...scripts]
}

const SCRIPTS = ['before_script', 'script', 'after_script']

function imageReference(doc: YamlDocument, node: Node | undefined, place: string): FoundReference[] {
  const span = doc.span(doc.get(node, 'name') ?? node)
  if (!span) return []
  return [referenceAt(span, place, DEPENDENCY_PROXY.test(span.text) ? ['dependency-proxy'] : [])]
}
