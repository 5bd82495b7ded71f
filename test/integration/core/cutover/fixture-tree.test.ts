import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findReferences } from '../../../../src-main/core/cutover/file-finders'
import type { FoundReference } from '../../../../src-main/core/cutover/found-reference'
import { parseMappingRule } from '../../../../src-main/core/cutover/image-mapping'
import { applyEdits, type TextEdit } from '../../../../src-main/core/cutover/reference-rewrite'
import type { ScannedReference } from '../../../../src-main/core/cutover/reference-scan'
import { walkTextFiles } from '../../../../src-main/core/cutover/tree-walk'
import { planRewrites, scanFolders } from '../../../../src-main/core/use-cases/references'

/**
 * The fixture tree (test/fixtures/cutover): real-world-shaped files of every format the cutover reads, with the
 * traps of each (stages, templated values, look-alikes, anchors, CRLF, comments), and beside it the exact list of
 * references a person reading them would find. The scan must find those and nothing else, and a rewrite of every
 * file must change the references' characters and nothing else.
 */
const FIXTURES = resolve(__dirname, '../../../fixtures/cutover')
const EXPECTED = resolve(__dirname, '../../../fixtures/cutover-expected.json')
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
const mapping = [parseMappingRule(`docker.io=${ECR}/hub`)]

/** What `refs scan --json` lists of a reference, as the expected file holds it. */
type Listed = Pick<
  ScannedReference,
  'file' | 'line' | 'column' | 'text' | 'reference' | 'place' | 'status' | 'confidence'
>

const byPosition = (a: Listed, b: Listed) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column

async function scanned() {
  const references = []
  for await (const reference of scanFolders({ roots: [FIXTURES], mapping })) references.push(reference)
  return references
}

describe('the cutover fixture tree', () => {
  it('holds at least 40 files of every format', async () => {
    const files: string[] = []
    for await (const file of walkTextFiles(FIXTURES)) files.push(file.path)
    expect(files.length).toBeGreaterThanOrEqual(40)
  })

  it('gives exactly the references expected, each where it is written, and nothing else', async () => {
    const expected = (JSON.parse(readFileSync(EXPECTED, 'utf8')) as Listed[]).sort(byPosition)
    const found = (await scanned())
      .map(
        ({ file, line, column, text, reference, place, status, confidence }): Listed => ({
          file,
          line,
          column,
          text,
          ...(reference ? { reference } : {}),
          place,
          status,
          ...(confidence === 'likely' ? { confidence } : {}),
        }),
      )
      .sort(byPosition)
    expect(found).toEqual(expected)
  })

  it('rewrites every file changing only the references: put back, the old ones give the file byte for byte', async () => {
    const references = await scanned()
    const rewrites = await planRewrites(references, { pinDigest: false, includeUnverified: true })
    expect(rewrites.length).toBeGreaterThan(20)
    let moved = 0
    for (const rewrite of rewrites) {
      expect({ file: rewrite.file, problem: rewrite.problem }).toEqual({ file: rewrite.file, problem: undefined })
      const chosen = rewrite.proposals.filter((proposal) => proposal.chosen)
      if (chosen.length === 0) continue
      expect(rewrite.after, rewrite.file).not.toBe(rewrite.before)
      moved += chosen.length
      // Read the new file on its own: the same places, and each reference's characters put back give the original.
      const before = findReferences(rewrite.file, rewrite.before)
      const after = findReferences(rewrite.file, rewrite.after)
      expect(
        after.map((reference) => reference.place),
        rewrite.file,
      ).toEqual(before.map((reference) => reference.place))
      expect(applyEdits(rewrite.after, putBack(before, after, rewrite.after)), rewrite.file).toBe(rewrite.before)
      for (const proposal of chosen) expect(proposal.rewritten, rewrite.file).toContain(ECR)
    }
    const movable = references.filter((reference) => reference.status === 'unknown' && reference.target)
    expect(moved).toBeGreaterThan(0)
    expect(moved).toBeLessThanOrEqual(movable.length)
  })
})

/**
 * Edits of `after` that put back `before`'s characters: for each reference (and each of its parts), the old text
 * where the new one is; a Kustomize `newName:` line that only the new file has is removed.
 */
function putBack(before: FoundReference[], after: FoundReference[], afterText: string): TextEdit[] {
  return after.flatMap((now, i) => {
    const then = before[i]!
    const own: TextEdit[] = now.parts ? [] : [{ start: now.start, end: now.end, replacement: then.text }]
    const parts = Object.entries(now.parts ?? {}).flatMap(([key, part]): TextEdit[] => {
      const old = then.parts?.[key]
      if (old) return [{ start: part.start, end: part.end, replacement: old.text }]
      // A part the rewrite added: its line, or in a flow entry what follows the comma before it.
      const lineStart = afterText.lastIndexOf('\n', part.start) + 1
      if (afterText.slice(lineStart, part.start).trim() === `${key}:`) {
        const lineEnd = afterText.indexOf('\n', part.end) + 1 || afterText.length
        return [{ start: lineStart, end: lineEnd, replacement: '' }]
      }
      return [{ start: afterText.lastIndexOf(',', part.start), end: part.end, replacement: '' }]
    })
    return [...own, ...parts]
  })
}
