import type { CutoverPreviewDto, FileRewriteDto, RewriteEditDto } from '../../../../src-main/contract'
import type { BadgeTone } from '../../../components/ui/badge'
import { absolutePath } from './references'

export type Verdict = RewriteEditDto['verdict']

export const VERDICT_LABELS: Record<Verdict, string> = {
  safe: 'safe',
  'needs-copy': 'needs copy',
  'would-break': 'would break',
}

export const VERDICT_TONES: Record<Verdict, BadgeTone> = { safe: 'ok', 'needs-copy': 'warn', 'would-break': 'bad' }

/** What a verdict means, for the edits the backend gives no reason of its own. */
export const VERDICT_MEANINGS: Record<Verdict, string> = {
  safe: 'the target holds the same image in ECR',
  'needs-copy': 'the target is not verified in ECR: copy the image first',
  'would-break': 'the new reference would not work as written',
}

export type DiffLineKind = 'header' | 'hunk' | 'added' | 'removed' | 'context' | 'note'

export interface DiffLine {
  kind: DiffLineKind
  /** The line as the diff has it (its `+`, `-` or space kept), without a carriage return. */
  text: string
}

/**
 * A unified diff of one file, line by line: the file header until the first hunk (without the opening rule of `=`),
 * then each line by its first character (a removed line that starts with `--` is still a removed line, not a header).
 */
export function diffLines(diff: string): DiffLine[] {
  // The rule of `=` a patch opens with says nothing a reader needs.
  const lines = diff.split('\n').filter((line, index) => index > 0 || !/^=+$/.test(line))
  if (lines.at(-1) === '') lines.pop()
  let inHunks = false
  return lines.map((raw) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (text.startsWith('@@')) {
      inHunks = true
      return { kind: 'hunk', text }
    }
    if (!inHunks) return { kind: 'header', text }
    const first = text[0]
    const kind: DiffLineKind = first === '+' ? 'added' : first === '-' ? 'removed' : first === '\\' ? 'note' : 'context'
    return { kind, text }
  })
}

export interface PreviewSummary {
  /** Files the rewrite changes (their diff is not empty). */
  changing: number
  edits: number
  chosen: number
  byVerdict: Record<Verdict, number>
  /** Files whose rewrite failed its check and stays as it is. */
  problems: number
}

export function previewSummary(preview: CutoverPreviewDto): PreviewSummary {
  const byVerdict: Record<Verdict, number> = { safe: 0, 'needs-copy': 0, 'would-break': 0 }
  let edits = 0
  let chosen = 0
  for (const file of preview.files)
    for (const edit of file.edits) {
      edits += 1
      byVerdict[edit.verdict] += 1
      if (edit.chosen) chosen += 1
    }
  return {
    changing: preview.files.filter(changesFile).length,
    edits,
    chosen,
    byVerdict,
    problems: preview.files.filter((file) => file.problem).length,
  }
}

export function changesFile(file: FileRewriteDto): boolean {
  return file.diff !== '' && !file.problem
}

/** The absolute paths Apply writes: exactly the files whose preview shows a change (what the backend checks). */
export function filesToWrite(preview: CutoverPreviewDto): string[] {
  return preview.files.filter(changesFile).map((file) => absolutePath(file.root, file.file))
}
