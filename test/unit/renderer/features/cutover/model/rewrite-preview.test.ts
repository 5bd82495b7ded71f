import { describe, expect, it } from 'vitest'
import {
  diffLines,
  filesToWrite,
  previewSummary,
} from '../../../../../../src-renderer/features/cutover/model/rewrite-preview'
import { cutoverPreview } from '../../../support/fixtures'

describe('cutover preview: the diff, line by line', () => {
  it('tells the header (without its opening rule) from the hunks, and inside a hunk goes by the first character only', () => {
    const diff = [
      '===================================================================',
      '--- a/Dockerfile',
      '+++ b/Dockerfile',
      '@@ -1,3 +1,3 @@',
      '-FROM acme/web:1.0',
      '+FROM ecr.example/acme/web:1.0',
      // A removed comment line that starts with "--", and an added one with "++": still a removal and an addition.
      '--- old comment',
      '+++ new comment',
      ' RUN make\r',
      '\\ No newline at end of file',
      '',
    ].join('\n')
    expect(diffLines(diff)).toEqual([
      { kind: 'header', text: '--- a/Dockerfile' },
      { kind: 'header', text: '+++ b/Dockerfile' },
      { kind: 'hunk', text: '@@ -1,3 +1,3 @@' },
      { kind: 'removed', text: '-FROM acme/web:1.0' },
      { kind: 'added', text: '+FROM ecr.example/acme/web:1.0' },
      { kind: 'removed', text: '--- old comment' },
      { kind: 'added', text: '+++ new comment' },
      { kind: 'context', text: ' RUN make' },
      { kind: 'note', text: '\\ No newline at end of file' },
    ])
    expect(diffLines('')).toEqual([])
  })
})

describe('cutover preview: what Apply writes', () => {
  it('names exactly the files whose diff is not empty, as absolute paths', () => {
    expect(filesToWrite(cutoverPreview())).toEqual(['/work/shop/Dockerfile', '/work/shop/compose.yaml'])
  })

  it('leaves out a file whose rewrite failed its check, even with a diff', () => {
    const preview = cutoverPreview()
    preview.files[1] = { ...preview.files[1]!, problem: 'the file reads differently after the edit' }
    expect(filesToWrite(preview)).toEqual(['/work/shop/Dockerfile'])
    expect(previewSummary(preview)).toMatchObject({ changing: 1, problems: 1 })
  })

  it('counts the moves by verdict and those in the rewrite', () => {
    expect(previewSummary(cutoverPreview())).toEqual({
      changing: 2,
      edits: 4,
      chosen: 2,
      byVerdict: { safe: 2, 'needs-copy': 1, 'would-break': 1 },
      problems: 0,
    })
    expect(previewSummary(cutoverPreview({ includeUnverified: true })).chosen).toBe(3)
  })
})
