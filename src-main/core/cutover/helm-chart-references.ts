import type { FoundReference, ReferenceFinder } from './found-reference'
import { inSourceOrder, parseYamlDocuments } from './yaml-source'

/**
 * A chart's dependencies on charts kept in an OCI registry (`repository: oci://registry-1.docker.io/bitnamicharts`
 * in `Chart.yaml`, or in a Helm 2 `requirements.yaml`): `helm dependency update` pulls each one as
 * `<repository>/<name>:<version>`, from Docker Hub when the repository is there, against its pull limit. Only the
 * repository moves (`name` and `version` stay); a version range is resolved at pull time, so such a dependency is
 * listed, never rewritten.
 */
export function isHelmChartPath(path: string): boolean {
  return /(^|\/)(Chart|requirements)\.ya?ml$/.test(path)
}

const OCI = 'oci://'
/** A SemVer version, as Helm pushes charts: `+` (build metadata) becomes `_` in the tag, since tags cannot hold it. */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/

export const findHelmChartReferences: ReferenceFinder = (source) => {
  const found: FoundReference[] = []
  for (const document of parseYamlDocuments(source)) {
    for (const [i, dependency] of document.items(document.get(document.root, 'dependencies')).entries()) {
      const written = document.span(document.get(dependency, 'repository'))
      const name = document.span(document.get(dependency, 'name'))
      const version = document.span(document.get(dependency, 'version'))
      if (!written?.exact || !written.text.startsWith(OCI) || !name?.exact) continue
      const repository = { start: written.start + OCI.length, end: written.end, text: written.text.slice(OCI.length) }
      const exact = version?.exact && EXACT_VERSION.test(version.text)
      const tag = exact ? `:${version.text.replace('+', '_')}` : ''
      found.push({
        start: repository.start,
        end: repository.end,
        text: `${repository.text.replace(/\/+$/, '')}/${name.text}${tag}`,
        place: `helm-chart:dependencies[${i}]`,
        parts: { repository, name, ...(version ? { version } : {}) },
        ...(exact ? {} : { templated: true, notes: [`version range: ${version?.text ?? 'none'}`] }),
      })
    }
  }
  return inSourceOrder(found)
}
