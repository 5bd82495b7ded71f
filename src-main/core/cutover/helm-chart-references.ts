import { afterPrefix, CHART_REPOSITORY, type FoundReference, type ReferenceFinder, type Span } from './found-reference'

/** The scheme of a chart or artifact kept in an OCI registry. */
export const OCI = 'oci://'
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

export const findHelmChartReferences: ReferenceFinder = (source) => {
  const found: FoundReference[] = []
  for (const document of parseYamlDocuments(source)) {
    for (const [i, dependency] of document.items(document.get(document.root, 'dependencies')).entries()) {
      const repository = document.span(document.get(dependency, 'repository'))
      const name = document.span(document.get(dependency, 'name'))
      const version = document.span(document.get(dependency, 'version'))
      const reference = repository?.exact && name?.exact && ociChartReference(repository, name, version)
      if (reference) found.push({ ...reference, place: `helm-chart:dependencies[${i}]` })
    }
  }
  return inSourceOrder(found)
}

/** A SemVer version, as Helm pushes charts: `+` (build metadata) becomes `_` in the tag, since tags cannot hold it. */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/

/**
 * The chart `<repository>/<name>:<version>` that Helm pulls, when the repository (its exact characters, `oci://`
 * included) is an OCI registry; undefined for `https://` chart repositories and local paths. The span is the
 * repository after `oci://`; a version range makes it templated (resolved at pull time, never rewritten).
 */
export function ociChartReference(
  repository: Span,
  name: Span,
  version: Span | undefined,
): Omit<FoundReference, 'place'> | undefined {
  const path = afterPrefix(repository, OCI)
  if (!path) return undefined
  const exact = version !== undefined && EXACT_VERSION.test(version.text)
  const tag = exact ? `:${version.text.replace('+', '_')}` : ''
  return {
    start: path.start,
    end: path.end,
    text: `${path.text.replace(/\/+$/, '')}/${name.text}${tag}`,
    parts: { repository: path, name, ...(version ? { version } : {}) },
    notes: exact ? [CHART_REPOSITORY] : [CHART_REPOSITORY, `version range: ${version?.text ?? 'none'}`],
    ...(exact ? {} : { templated: true }),
  }
}

/** A chart's `appVersion`, from its Chart.yaml text: the tag its images default to (`tag: ""` in the values). */
export function appVersionOf(chart: string): string | undefined {
  const document = parseYamlDocuments(chart)[0]
  const version = document?.span(document.get(document.root, 'appVersion'))
  return version?.exact ? version.text : undefined
}
