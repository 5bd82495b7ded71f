import type { Node } from 'yaml'
import type { FoundReference, ReferenceFinder } from './found-reference'
import { inSourceOrder, parseYamlDocuments, referenceAt, type YamlDocument } from './yaml-source'

/**
 * Images of ECS task definitions: a task definition as JSON (what RegisterTaskDefinition takes, or what
 * DescribeTaskDefinition prints, wrapped in `taskDefinition`; CodePipeline's `<IMAGE1_NAME>` placeholders are
 * templated) and CloudFormation templates, YAML or JSON: `AWS::ECS::TaskDefinition`, `AWS::Batch::JobDefinition` and
 * `AWS::CodeBuild::Project` resources, and parameters named for an image (likely). No Renovate manager reads these.
 * The name says little (`task-def.json`, `template.yaml`), so any JSON or YAML file is read and its top level
 * decides.
 */
export function isEcsDefinitionPath(path: string): boolean {
  return /\.(json|ya?ml|template)$/i.test(path)
}

export const findEcsReferences: ReferenceFinder = (source) => {
  // Every shape holds one of these words; most JSON and YAML files are not worth parsing.
  if (!/[cC]ontainerDefinitions|AWS::Batch::JobDefinition|AWS::CodeBuild::Project|Parameters/.test(source)) return []
  const found: FoundReference[] = []
  for (const doc of parseYamlDocuments(source)) {
    const definitions =
      doc.get(doc.root, 'containerDefinitions') ?? doc.get(doc.root, 'taskDefinition', 'containerDefinitions')
    doc.items(definitions).forEach((definition, i) => {
      const span = doc.span(doc.get(definition, 'image'))
      if (span) found.push(referenceAt(span, `ecs:containerDefinitions[${i}].image`))
    })
    const resources = doc.entries(doc.get(doc.root, 'Resources'))
    for (const [name, resource] of resources) {
      const type = doc.span(doc.get(resource, 'Type'))?.text
      const properties = doc.get(resource, 'Properties')
      const images =
        type === 'AWS::ECS::TaskDefinition'
          ? listImages(doc, properties, ['ContainerDefinitions'], `${name}.ContainerDefinitions`)
          : type === 'AWS::Batch::JobDefinition'
            ? batchImages(doc, properties, name)
            : type === 'AWS::CodeBuild::Project'
              ? codeBuildImages(doc, properties, name)
              : []
      found.push(...images)
    }
    // A template's parameters are how images are often passed in: a default named for an image is likely one.
    if (resources.length > 0)
      for (const [name, parameter] of doc.entries(doc.get(doc.root, 'Parameters'))) {
        if (!/image$/i.test(name)) continue
        const span = doc.span(doc.get(parameter, 'Default'))
        if (span)
          found.push({ ...referenceAt(span, `cloudformation:Parameters.${name}.Default`), confidence: 'likely' })
      }
  }
  return inSourceOrder(found)
}

/** The `Image` of each item of the list at `path` under `node`, placed `cloudformation:<place>[i].Image`. */
function listImages(doc: YamlDocument, node: Node | undefined, path: string[], place: string): FoundReference[] {
  return doc.items(doc.get(node, ...path)).flatMap((container, i) => {
    const image = cloudFormationImage(doc, doc.get(container, 'Image'), `cloudformation:${place}[${i}].Image`)
    return image ? [image] : []
  })
}

/** A CodeBuild project's build image; CodeBuild's curated images (`aws/codebuild/…`) are CodeBuild's own. */
function codeBuildImages(doc: YamlDocument, properties: Node | undefined, name: string): FoundReference[] {
  const place = `cloudformation:${name}.Environment.Image`
  const image = cloudFormationImage(doc, doc.get(properties, 'Environment', 'Image'), place)
  return image && !image.text.startsWith('aws/codebuild/') ? [image] : []
}

/**
 * AWS Batch runs containers from a job definition as ECS does: one container (`ContainerProperties`), the containers
 * of ECS or EKS task properties, and per node range of a multi-node job, any of these again.
 */
function batchImages(doc: YamlDocument, properties: Node | undefined, name: string): FoundReference[] {
  const single = cloudFormationImage(
    doc,
    doc.get(properties, 'ContainerProperties', 'Image'),
    `cloudformation:${name}.ContainerProperties.Image`,
  )
  const ranges = doc.items(doc.get(properties, 'NodeProperties', 'NodeRangeProperties')).flatMap((range, i) => {
    const place = `${name}.NodeProperties.NodeRangeProperties[${i}]`
    const image = cloudFormationImage(
      doc,
      doc.get(range, 'Container', 'Image'),
      `cloudformation:${place}.Container.Image`,
    )
    return [...(image ? [image] : []), ...taskImages(doc, range, place)]
  })
  return [...(single ? [single] : []), ...taskImages(doc, properties, name), ...ranges]
}

/** The containers of a Batch job's (or node range's) `EcsProperties` and `EksProperties`, placed under `place`. */
function taskImages(doc: YamlDocument, node: Node | undefined, place: string): FoundReference[] {
  const ecs = doc
    .items(doc.get(node, 'EcsProperties', 'TaskProperties'))
    .flatMap((task, i) =>
      listImages(doc, task, ['Containers'], `${place}.EcsProperties.TaskProperties[${i}].Containers`),
    )
  const pod = doc.get(node, 'EksProperties', 'PodProperties')
  const eks = ['InitContainers', 'Containers'].flatMap((list) =>
    listImages(doc, pod, [list], `${place}.EksProperties.PodProperties.${list}`),
  )
  return [...ecs, ...eks]
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
