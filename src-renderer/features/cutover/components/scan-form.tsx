import { useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { JobDto } from '../../../../src-main/contract'
import { formatDateTime } from '../../../lib/format'
import { addPaths, isAbsolutePath, MAX_PATHS, type CutoverForm, type CutoverFormErrors } from '../model/cutover-form'
import { Switch } from '../../../components/ui/switch'

export interface CutoverScanFormProps {
  form: CutoverForm
  /** Shown once a scan was asked for (or, for the rules, as soon as one is typed). */
  errors: CutoverFormErrors
  /** The desktop app: the system's folder dialog instead of a typed path. */
  canPickFolders: boolean
  /** Finished migration jobs, whose reports say where each repository went. */
  jobs: readonly JobDto[]
  picking: boolean
  scanning: boolean
  onChange(change: Partial<CutoverForm>): void
  onPickFolders(): void
  onScan(): void
}

/** Which folders to look in and where their images went: the scan's questions. */
export function CutoverScanForm({
  form,
  errors,
  canPickFolders,
  jobs,
  picking,
  scanning,
  onChange,
  onPickFolders,
  onScan,
}: CutoverScanFormProps) {
  const pathsErrorId = useId()
  const rulesErrorId = useId()
  const mappingErrorId = useId()
  const [draftError, setDraftError] = useState<string>()

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    onScan()
  }

  const addDraft = (): void => {
    const path = form.pathDraft.trim()
    if (!path) return
    if (!isAbsolutePath(path)) {
      setDraftError('Type the full path from the root, such as /home/you/repo or C:\\repo.')
      return
    }
    setDraftError(undefined)
    onChange({ paths: addPaths(form.paths, [path]), pathDraft: '' })
  }

  const onDraftKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Enter') return
    // Enter adds the path; Scan is the form's button.
    event.preventDefault()
    addDraft()
  }

  const toggleJob = (jobId: string, checked: boolean): void =>
    onChange({ jobs: checked ? [...form.jobs, jobId] : form.jobs.filter((id) => id !== jobId) })

  const pathProblem = draftError ?? errors.paths
  return (
    <form className="stack" onSubmit={submit} aria-label="Scan folders" data-testid="cutover-scan-form">
      <fieldset className="stack-fieldset">
        <legend>Folders</legend>
        {canPickFolders ? (
          <div className="button-row">
            <button
              type="button"
              onClick={onPickFolders}
              disabled={picking || form.paths.length >= MAX_PATHS}
              aria-describedby={pathProblem ? pathsErrorId : undefined}
              data-testid="cutover-pick-folders"
            >
              {picking ? 'Choosing…' : 'Choose folders…'}
            </button>
            <span className="hint">Git work trees, or any folder with Dockerfiles, manifests and pipelines.</span>
          </div>
        ) : (
          <div className="form-row">
            <label className="grow">
              Folder path (absolute)
              <input
                value={form.pathDraft}
                autoComplete="off"
                spellCheck={false}
                placeholder="/home/you/repo"
                onChange={(event) => {
                  setDraftError(undefined)
                  onChange({ pathDraft: event.target.value })
                }}
                onKeyDown={onDraftKey}
                aria-invalid={Boolean(pathProblem)}
                aria-describedby={pathProblem ? pathsErrorId : undefined}
                data-testid="cutover-path"
              />
            </label>
            <button
              type="button"
              onClick={addDraft}
              disabled={form.pathDraft.trim() === '' || form.paths.length >= MAX_PATHS}
              data-testid="cutover-add-path"
            >
              Add folder
            </button>
          </div>
        )}
        {form.paths.length > 0 ? (
          <ul className="path-list" aria-label="Folders to scan" data-testid="cutover-paths">
            {form.paths.map((path) => (
              <li key={path} data-testid="cutover-path-item">
                <code>{path}</code>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onChange({ paths: form.paths.filter((other) => other !== path) })}
                  aria-label={`Remove ${path}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">
            {canPickFolders ? 'No folder chosen yet.' : 'No folder added yet: type a path and press Enter or Add.'}
          </p>
        )}
        {pathProblem && (
          <p className="error-text" id={pathsErrorId} data-testid="cutover-paths-error">
            {pathProblem}
          </p>
        )}
      </fieldset>

      <fieldset className="stack-fieldset">
        <legend>Where the images went</legend>
        <fieldset className="plain-fieldset" aria-describedby={errors.mapping ? mappingErrorId : undefined}>
          <legend>Migration jobs</legend>
          {jobs.length === 0 ? (
            <p className="hint">No finished migration job yet: type a prefix rule instead.</p>
          ) : (
            jobs.map((job) => (
              <label key={job.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={form.jobs.includes(job.id)}
                  onChange={(event) => toggleJob(job.id, event.target.checked)}
                  data-testid="cutover-job"
                  data-job-id={job.id}
                />
                <span>
                  <code>{job.id}</code> {job.from} → {job.to}{' '}
                  <span className="muted">({formatDateTime(job.createdAt)})</span>
                </span>
              </label>
            ))
          )}
        </fieldset>
        <label>
          Prefix rules, one a line (FROM=TO)
          <textarea
            value={form.rules}
            rows={3}
            spellCheck={false}
            autoComplete="off"
            placeholder="docker.io/acme=123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme"
            onChange={(event) => onChange({ rules: event.target.value })}
            aria-invalid={Boolean(errors.rules)}
            aria-describedby={errors.rules ? rulesErrorId : undefined}
            data-testid="cutover-rules"
          />
        </label>
        <p className="hint">
          Whole path components, the longest prefix wins; a rule wins over a job for the same prefix. Official images:
          docker.io/library=ACCOUNT.dkr.ecr.REGION.amazonaws.com/docker-hub/library for a pull-through cache.
        </p>
        {errors.rules && (
          <p className="error-text" id={rulesErrorId} data-testid="cutover-rules-error">
            {errors.rules}
          </p>
        )}
        {errors.mapping && (
          <p className="error-text" id={mappingErrorId} data-testid="cutover-mapping-error">
            {errors.mapping}
          </p>
        )}
      </fieldset>

      <Switch checked={form.offline} onChange={(offline) => onChange({ offline })} testId="cutover-offline">
        Offline (don't check registries)
      </Switch>
      <div className="button-row">
        <button type="submit" className="primary" disabled={scanning} data-testid="cutover-scan">
          {scanning ? 'Scanning…' : 'Scan'}
        </button>
        <span className="hint">
          {form.offline
            ? 'Lists the references without asking Docker Hub or ECR: Docker Hub references are “not checked”.'
            : 'Checks each Docker Hub image against its target with HEAD requests, which cost no Docker Hub pulls.'}
        </span>
      </div>
    </form>
  )
}
