import { ConfirmDialog } from '../../../components/ui/confirm-dialog'

export interface ApplyDialogProps {
  open: boolean
  /** The absolute paths that will be written: named one by one, as confirmed. */
  files: readonly string[]
  onConfirm(): void
  onCancel(): void
}

/** The confirmation before any file is written, naming each one. */
export function ApplyDialog({ open, files, onConfirm, onCancel }: ApplyDialogProps) {
  const count = `${files.length} ${files.length === 1 ? 'file' : 'files'}`
  return (
    <ConfirmDialog
      open={open}
      title={`Write ${count}?`}
      confirmLabel={`Write ${count}`}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>These files get the rewrite shown in the preview, each replaced in one step; nothing else changes:</p>
      <ul className="dialog-file-list" data-testid="cutover-apply-files">
        {files.map((file) => (
          <li key={file}>
            <code>{file}</code>
          </li>
        ))}
      </ul>
      <p className="hint">
        If a file changed since the preview, nothing is written and you are asked to preview again. Keep the files under
        version control to review and commit the change.
      </p>
    </ConfirmDialog>
  )
}
