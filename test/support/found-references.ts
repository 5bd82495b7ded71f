import { expect } from 'vitest'
import type { FoundReference, ReferenceFinder } from '../../src-main/core/cutover/found-reference'
import { NOT_REWRITABLE } from '../../src-main/core/cutover/yaml-source'

/**
 * What `find` reports in `source`, each reference checked to be the very characters it claims, its `parts` too,
 * and returned without its offsets. A block or escaped YAML scalar (noted NOT_REWRITABLE) holds its decoded value,
 * so only its parts are checked; a split reference's span is its `repository` (Helm) or `name` (Kustomize) part.
 */
export function checkedReferences(
  find: ReferenceFinder,
  source: string,
  path: string,
): Omit<FoundReference, 'start' | 'end'>[] {
  return find(source, path).map(({ start, end, ...reference }) => {
    const written = reference.parts?.repository?.text ?? reference.parts?.name?.text ?? reference.text
    if (!reference.notes?.includes(NOT_REWRITABLE)) expect(source.slice(start, end)).toBe(written)
    for (const part of Object.values(reference.parts ?? {})) expect(source.slice(part.start, part.end)).toBe(part.text)
    return reference
  })
}
