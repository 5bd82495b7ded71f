import type { Node } from 'yaml'
import type { FoundReference } from './found-reference'
import { helmValuesReferences } from './helm-values-references'
import { referenceAt, type YamlDocument } from './yaml-source'

/** An Argo CD Application's overrides: Kustomize `images`, and Helm values written inline (`helm.valuesObject`). */
export function argoCdApplicationReferences(
  document: YamlDocument,
  application: unknown,
  place: string,
): FoundReference[] {
  const values = argoCdSources(document, application).flatMap(([path, source]) => {
    const inline = document.get(source, 'helm', 'valuesObject')
    return inline ? helmValuesReferences(document, inline, `${place}:${path}.helm.valuesObject.`) : []
  })
  return [...argoCdKustomizeReferences(document, application, place), ...values]
}

/**
 * Argo CD's `spec.source(s).kustomize.images`, each a `kustomize edit set image` argument: `name=newName:tag`,
 * `name=newName@digest`, or `name:tag` (a new tag for `name`). The reference is what follows `=`. Without `=` the
 * string is both the name matched and its new tag, so a new registry can only be added by writing `name=` in front:
 * noted `no-new-name` for the rewrite.
 */
function argoCdKustomizeReferences(document: YamlDocument, application: unknown, object: string): FoundReference[] {
  const found: FoundReference[] = []
  for (const [path, source] of argoCdSources(document, application)) {
    document.items(document.get(source, 'kustomize', 'images')).forEach((image, i) => {
      const span = document.span(image)
      if (!span) return
      const place = `${object}:${path}.kustomize.images[${i}]`
      const equals = span.text.indexOf('=')
      if (equals === -1) found.push(referenceAt(span, place, ['no-new-name']))
      else if (!span.exact) found.push(referenceAt({ ...span, text: span.text.slice(equals + 1) }, place))
      else
        found.push(referenceAt({ ...span, start: span.start + equals + 1, text: span.text.slice(equals + 1) }, place))
    })
  }
  return found
}

/** An Argo CD Application's source (`spec.source`) or sources (`spec.sources[i]`), each with its path. */
function argoCdSources(document: YamlDocument, application: unknown): [string, Node | undefined][] {
  return [
    ['spec.source', document.get(application, 'spec', 'source')],
    ...document
      .items(document.get(application, 'spec', 'sources'))
      .map((source, i): [string, Node] => [`spec.sources[${i}]`, source]),
  ]
}
