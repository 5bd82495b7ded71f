import type { Node } from 'yaml'
import type { FoundReference, ReferenceFinder } from './found-reference'
import { inSourceOrder, parseYamlDocuments, referenceAt, type YamlDocument } from './yaml-source'

/**
 * Images of ECS task definitions: a task definition as JSON (what RegisterTaskDefinition takes, or what
 * DescribeTaskDefinition prints, wrapped in `taskDefinition`) and `AWS::ECS::TaskDefinition` resources of
 * CloudFormation templates, YAML or JSON. No Renovate manager reads these. The name says little (`task-def.json`,
 * `template.yaml`), so any JSON or YAML file is read and its top level decides.
 */
export function isEcsDefinitionPath(path: string): boolean {
  return /\.(json|ya?ml|template)$/i.test(path)
}

export const findEcsReferences: ReferenceFinder = (source) => {
  // Every shape holds this word; most JSON and YAML files are not worth parsing.
  if (!/[cC]ontainerDefinitions/.test(source)) return []
  const found: FoundReference[] = []
  for (const doc of parseYamlDocuments(source)) {
    const definitions =
      doc.get(doc.root, 'containerDefinitions') ?? doc.get(doc.root, 'taskDefinition', 'containerDefinitions')
    doc.items(definitions).forEach((definition, i) => {
      const span = doc.span(doc.get(definition, 'image'))
      if (span) found.push(referenceAt(span, `ecs:containerDefinitions[${i}].image`))
    })
    for (const [name, resource] of doc.entries(doc.get(doc.root, 'Resources'))) {
      if (doc.span(doc.get(resource, 'Type'))?.text !== 'AWS::ECS::TaskDefinition') continue
      doc.items(doc.get(resource, 'Properties', 'ContainerDefinitions')).forEach((definition, i) => {
        const place = `cloudformation:${name}.ContainerDefinitions[${i}].Image`
        const image = cloudFormationImage(doc, doc.get(definition, 'Image'), place)
        if (image) found.push(image)
      })
    }
  }
  return inSourceOrder(found)
}

/**
 * A literal image, or the template of `!Sub` / `Fn::Sub` (templated when it has `${…}`); any other intrinsic
 * function (`!Ref`, `Fn::Join`, `!FindInMap`, …) computes the image when the stack deploys: listed, as templated,
 * with the function's characters as its text.
 */
function cloudFormationImage(doc: YamlDocument, image: Node | undefined, place: string): FoundReference | undefined {
  if (!image) return undefined
  const intrinsic = intrinsicOf(doc, image)
  if (!intrinsic) {
    const span = doc.span(image)
    return span && referenceAt(span, place)
  }
  if (intrinsic.name === 'Sub') {
    // `!Sub [template, {variables}]` names its variables after the template.
    const template = doc.items(intrinsic.argument)[0] ?? intrinsic.argument
    const span = doc.span(template)
    if (span) return referenceAt(span, place)
  }
  return computedImage(doc.source, image, place)
}

/** `!Name argument` (a local tag) or `{"Fn::Name": argument}` / `{"Ref": argument}`. */
function intrinsicOf(doc: YamlDocument, node: Node): { name: string; argument: Node } | undefined {
  if (node.tag?.startsWith('!') && !node.tag.startsWith('!!')) return { name: node.tag.slice(1), argument: node }
  const entries = doc.entries(node)
  if (entries.length !== 1) return undefined
  const [key, argument] = entries[0]
  if (key === 'Ref' || key.startsWith('Fn::')) return { name: key.replace(/^Fn::/, ''), argument }
  return undefined
}

/** The function as written, its tag included (`!Ref ImageUri`), trailing blanks left out. */
function computedImage(source: string, node: Node, place: string): FoundReference | undefined {
  if (!node.range) return undefined
  let start = node.range[0]
  const tagAt = node.tag ? source.lastIndexOf(node.tag, start) : -1
  if (tagAt !== -1 && source.slice(tagAt + node.tag!.length, start).trim() === '') start = tagAt
  const text = source.slice(start, node.range[1]).trimEnd()
  return { start, end: start + text.length, text, place, templated: true }
}
