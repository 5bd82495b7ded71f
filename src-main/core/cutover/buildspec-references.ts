import type { Node } from 'yaml'
import { commandImages } from './docker-commands'
import type { FoundReference, ReferenceFinder } from './found-reference'
import { inSourceOrder, parseYamlDocuments, referenceAt, type YamlDocument } from './yaml-source'

/**
 * Images in CodeBuild buildspecs: what `docker pull` / `docker run` / `docker create` (and `docker build
 * --cache-from`) name inside the phases' commands, and the images of batch builds (`env.image`). The project's own
 * `environment.image` lives in the project (Terraform, CloudFormation), not here.
 */
export function isBuildspecPath(path: string): boolean {
  return /(^|\/)buildspec[^/]*\.ya?ml$/.test(path)
}

/** CodeBuild's curated images (`aws/codebuild/standard:7.0`) come from CodeBuild, not Docker Hub. */
const isCuratedImage = (text: string) => text.startsWith('aws/codebuild/')

export const findBuildspecReferences: ReferenceFinder = (source) => {
  const found: FoundReference[] = []
  for (const doc of parseYamlDocuments(source)) {
    for (const [phase, body] of doc.entries(doc.get(doc.root, 'phases')))
      for (const list of ['commands', 'finally'])
        for (const [i, command] of doc.items(doc.get(body, list)).entries())
          found.push(...commandImages(doc, command, `codebuild:phases.${phase}.${list}[${i}]`))
    found.push(...batchImages(doc, doc.get(doc.root, 'batch')))
  }
  return inSourceOrder(found).filter((reference) => !isCuratedImage(reference.text))
}

function batchImages(doc: YamlDocument, batch: Node | undefined): FoundReference[] {
  const image = (node: Node | undefined, place: string) => {
    const span = doc.span(node)
    return span ? [referenceAt(span, `codebuild:batch.${place}`)] : []
  }
  const lists = ['build-list', 'build-graph'].flatMap((list) =>
    doc
      .items(doc.get(batch, list))
      .flatMap((build, i) => image(doc.get(build, 'env', 'image'), `${list}[${i}].env.image`)),
  )
  const matrix = doc.get(batch, 'build-matrix')
  const staticImage = image(doc.get(matrix, 'static', 'env', 'image'), 'build-matrix.static.env.image')
  // A dynamic matrix may list several images, one build each.
  const dynamic = doc.get(matrix, 'dynamic', 'env', 'image')
  const dynamicImages = doc.items(dynamic).length
    ? doc.items(dynamic).flatMap((node, i) => image(node, `build-matrix.dynamic.env.image[${i}]`))
    : image(dynamic, 'build-matrix.dynamic.env.image')
  return [...lists, ...staticImage, ...dynamicImages]
}
