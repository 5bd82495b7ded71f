import { afterPrefix, type FoundReference } from './found-reference'
import { OCI } from './helm-chart-references'
import { helmValuesReferences } from './helm-values-references'
import { referenceAt, type YamlDocument } from './yaml-source'

/**
 * Images in Flux's objects: a HelmRelease's inline `spec.values` (read as Helm values), and an OCIRepository, which
 * pulls an artifact (often a chart) from an OCI registry: `spec.url` (`oci://registry-1.docker.io/bitnamicharts/redis`)
 * with `spec.ref.tag` or `digest`; a `semver` range is resolved at pull time, so listed as templated. Undefined for
 * objects that are not Flux's.
 */
export function fluxReferences(
  document: YamlDocument,
  object: unknown,
  apiVersion: string,
  kind: string,
  place: string,
): FoundReference[] | undefined {
  if (apiVersion.startsWith('helm.toolkit.fluxcd.io/') && kind === 'HelmRelease') {
    const values = document.get(object, 'spec', 'values')
    return values ? helmValuesReferences(document, values, `${place}:spec.values.`) : []
  }
  if (apiVersion.startsWith('source.toolkit.fluxcd.io/') && kind === 'OCIRepository')
    return ociRepositoryReferences(document, document.get(object, 'spec'), `${place}:spec.url`)
  return undefined
}

function ociRepositoryReferences(document: YamlDocument, spec: unknown, place: string): FoundReference[] {
  const url = document.span(document.get(spec, 'url'))
  const written = url?.exact && afterPrefix(url, OCI)
  if (!written) return []
  const repository = { start: written.start, end: written.end, text: written.text }
  const ref = document.get(spec, 'ref')
  const tag = document.span(document.get(ref, 'tag'))
  const digest = document.span(document.get(ref, 'digest'))
  const semver = document.span(document.get(ref, 'semver'))
  const suffix = digest ? `@${digest.text}` : tag ? `:${tag.text}` : ''
  const reference = referenceAt({ ...repository, text: repository.text + suffix, exact: true }, place)
  reference.parts = {
    repository,
    ...(tag ? { tag: { start: tag.start, end: tag.end, text: tag.text } } : {}),
    ...(digest ? { digest: { start: digest.start, end: digest.end, text: digest.text } } : {}),
  }
  if (semver && !digest) {
    reference.templated = true
    reference.notes = [`version range: ${semver.text}`]
  }
  return [reference]
}
