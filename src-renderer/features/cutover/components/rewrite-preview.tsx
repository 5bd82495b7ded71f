import { useId } from 'react'
import type { CutoverPreviewDto, FileRewriteDto, RewriteEditDto } from '../../../../src-main/contract'
import { Badge } from '../../../components/ui/badge'
import { formatCount } from '../../../lib/format'
import type { CutoverForm } from '../model/cutover-form'
import { changesFile, previewSummary, VERDICT_LABELS, VERDICT_MEANINGS, VERDICT_TONES } from '../model/rewrite-preview'
import { FileDiff } from './file-diff'
import { Switch } from '../../../components/ui/switch'

export interface RewriteSwitchesProps {
  form: Pick<CutoverForm, 'includeUnverified' | 'pinDigest'>
  onChange(change: Partial<Pick<CutoverForm, 'includeUnverified' | 'pinDigest'>>): void
}

/** What the rewrite takes in: unverified targets too, and a digest pinned after the tag. */
export function RewriteSwitches({ form, onChange }: RewriteSwitchesProps) {
  return (
    <div className="form-row">
      <Switch
        checked={form.includeUnverified}
        onChange={(includeUnverified) => onChange({ includeUnverified })}
        testId="cutover-include-unverified"
      >
        Include unverified targets (needs copy)
      </Switch>
      <Switch checked={form.pinDigest} onChange={(pinDigest) => onChange({ pinDigest })} testId="cutover-pin-digest">
        Pin the digest (repo:tag@sha256:…)
      </Switch>
    </div>
  )
}

export function PreviewSummaryLine({ preview }: { preview: CutoverPreviewDto }) {
  const summary = previewSummary(preview)
  const verdicts = (Object.keys(summary.byVerdict) as RewriteEditDto['verdict'][])
    .filter((verdict) => summary.byVerdict[verdict] > 0)
    .map((verdict) => `${formatCount(summary.byVerdict[verdict])} ${VERDICT_LABELS[verdict]}`)
  return (
    <p data-testid="cutover-preview-summary">
      <strong>
        {summary.changing === 0
          ? 'No file would change'
          : `${formatCount(summary.changing)} ${summary.changing === 1 ? 'file would change' : 'files would change'}`}
      </strong>
      {summary.edits > 0 && (
        <>
          : {formatCount(summary.chosen)} of {formatCount(summary.edits)} {summary.edits === 1 ? 'move' : 'moves'} in
          the rewrite ({verdicts.join(', ')})
        </>
      )}
      {summary.problems > 0 && `; ${formatCount(summary.problems)} left as they are (see why below)`}.
    </p>
  )
}

export function FileRewrites({ files }: { files: readonly FileRewriteDto[] }) {
  if (files.length === 0) return <p className="empty">No reference here can move to ECR with this mapping.</p>
  return (
    <div className="stack" data-testid="cutover-rewrites">
      {files.map((file) => (
        <FileRewrite key={`${file.root}\u0000${file.file}`} file={file} />
      ))}
    </div>
  )
}

function FileRewrite({ file }: { file: FileRewriteDto }) {
  const headingId = useId()
  return (
    <article
      className="card stack file-rewrite"
      aria-labelledby={headingId}
      data-testid="cutover-rewrite"
      data-file={file.file}
      data-changes={String(changesFile(file))}
    >
      <div className="section-header">
        <h3 id={headingId} className="file-heading">
          <code>{file.file}</code>
        </h3>
        <span className="hint">
          in <code>{file.root}</code>
        </span>
      </div>
      {file.problem && (
        <p className="error-message" data-testid="cutover-rewrite-problem">
          Left as it is: {file.problem}
        </p>
      )}
      <ul className="edit-list" aria-label={`Moves in ${file.file}`}>
        {file.edits.map((edit) => (
          <EditItem key={`${edit.line}:${edit.column}`} edit={edit} />
        ))}
      </ul>
      <FileDiff diff={file.diff} file={file.file} />
    </article>
  )
}

function EditItem({ edit }: { edit: RewriteEditDto }) {
  return (
    <li data-testid="cutover-edit" data-verdict={edit.verdict} data-chosen={String(edit.chosen)}>
      <Badge tone={VERDICT_TONES[edit.verdict]}>{VERDICT_LABELS[edit.verdict]}</Badge>{' '}
      <span className="muted">
        line {edit.line}:{edit.column}
      </span>{' '}
      <code className="reference-text">{edit.text}</code>
      {edit.rewritten && (
        <>
          {' '}
          <span aria-hidden="true">→ </span>
          <span className="visually-hidden-text">becomes </span>
          <code className="reference-text">{edit.rewritten}</code>
        </>
      )}
      {' · '}
      <span className="edit-why">{edit.why ?? VERDICT_MEANINGS[edit.verdict]}</span>
      {!edit.chosen && <span className="edit-left-out"> · not in this rewrite</span>}
    </li>
  )
}
