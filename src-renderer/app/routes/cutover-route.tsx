import { useMemo, useState } from 'react'
import type { JobDto, ReferenceDto } from '../../../src-main/contract'
import { ErrorMessage } from '../../components/ui/error-message'
import { PageHeader } from '../../components/ui/page-header'
import { useAppInfo } from '../../features/accounts/api/use-app-info'
import { useApplyRewrite } from '../../features/cutover/api/use-apply-rewrite'
import { useCutoverPreview } from '../../features/cutover/api/use-cutover-preview'
import { useCutoverScan } from '../../features/cutover/api/use-cutover-scan'
import { useLiveWorkloads } from '../../features/cutover/api/use-live-workloads'
import { usePickFolders } from '../../features/cutover/api/use-pick-folders'
import { ApplyDialog } from '../../features/cutover/components/apply-dialog'
import { LiveGaugeCard, LiveWorkloadsForm, LiveWorkloadsTable } from '../../features/cutover/components/live-workloads'
import { ReferenceFilters, ReferenceGroups } from '../../features/cutover/components/reference-list'
import { FileRewrites, PreviewSummaryLine, RewriteSwitches } from '../../features/cutover/components/rewrite-preview'
import { CutoverScanForm } from '../../features/cutover/components/scan-form'
import {
  addPaths,
  isAbsolutePath,
  previewArgs,
  readCutoverForm,
  readMapping,
  type CutoverForm,
  type CutoverFormErrors,
} from '../../features/cutover/model/cutover-form'
import { readLiveForm, type LiveForm, type LiveFormErrors } from '../../features/cutover/model/live-workloads'
import { filterCounts, groupByFile, scanBreakdown, scanHeadline } from '../../features/cutover/model/references'
import { filesToWrite } from '../../features/cutover/model/rewrite-preview'
import { useJobs } from '../../features/migrate/api/use-jobs'
import { useStore } from '../../stores/external-store'
import { useAppStores } from '../app-stores'

const NO_REFERENCES: ReferenceDto[] = []
const NO_JOBS: JobDto[] = []

type Switches = Pick<CutoverForm, 'includeUnverified' | 'pinDigest'>

export function CutoverRoute() {
  const stores = useAppStores()
  const info = useAppInfo()
  const jobs = useJobs()
  const connection = useStore(stores.connection)
  const form = useStore(stores.cutoverForm)
  const scanRequest = useStore(stores.cutoverScan)
  const filter = useStore(stores.cutoverFilter)
  const previewRequest = useStore(stores.cutoverPreview)
  const liveForm = useStore(stores.cutoverLiveForm)
  const liveRequest = useStore(stores.cutoverLive)
  const pick = usePickFolders()
  const scan = useCutoverScan(scanRequest)
  const preview = useCutoverPreview(previewRequest)
  const apply = useApplyRewrite()
  const live = useLiveWorkloads(liveRequest)
  // Errors of fields not yet asked for stay hidden until the first press.
  const [scanAttempted, setScanAttempted] = useState(false)
  const [liveAttempted, setLiveAttempted] = useState(false)
  const [confirming, setConfirming] = useState(false)

  const read = useMemo(() => readCutoverForm(form, connection), [form, connection])
  const finishedJobs = useMemo(
    () =>
      (jobs.data ?? NO_JOBS)
        .filter((job) => job.state === 'finished')
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    [jobs.data],
  )
  const references = scan.data?.references ?? NO_REFERENCES
  const counts = useMemo(() => filterCounts(references), [references])
  const groups = useMemo(() => groupByFile(references, filter), [references, filter])
  const toWrite = useMemo(() => (preview.data ? filesToWrite(preview.data) : []), [preview.data])

  const mapping = readMapping(form, connection)
  const paths = form.paths.filter(isAbsolutePath)
  const liveRead = mapping.ok ? readLiveForm(liveForm, mapping.args, paths) : undefined
  const liveErrors: LiveFormErrors = liveAttempted && liveRead && !liveRead.ok ? liveRead.errors : {}
  const liveMappingProblem = liveAttempted && !mapping.ok ? (mapping.errors.rules ?? mapping.errors.mapping) : undefined

  const scanErrors: CutoverFormErrors = read.ok
    ? {}
    : scanAttempted
      ? read.errors
      : read.errors.rules
        ? { rules: read.errors.rules }
        : {}

  const update = (change: Partial<CutoverForm>): void =>
    stores.cutoverForm.set((previous) => ({ ...previous, ...change }))
  const updateLive = (change: Partial<LiveForm>): void =>
    stores.cutoverLiveForm.set((previous) => {
      const next = { ...previous, ...change }
      // Turning ECS on starts from the target chosen on Accounts.
      if (change.ecs && !previous.region && !previous.profile)
        return { ...next, region: connection.region, profile: connection.awsProfile ?? '' }
      return next
    })

  const scanNow = (): void => {
    setScanAttempted(true)
    if (!read.ok) return
    if (form.pathDraft.trim() !== '') update({ paths: read.args.paths, pathDraft: '' })
    stores.cutoverScan.set((previous) => ({ id: (previous?.id ?? 0) + 1, args: read.args }))
    stores.cutoverPreview.set(undefined)
    apply.reset()
  }

  const pickFolders = (): void =>
    pick.mutate(undefined, {
      onSuccess: ({ paths: chosen }) =>
        stores.cutoverForm.set((previous) => ({ ...previous, paths: addPaths(previous.paths, chosen) })),
    })

  const previewNow = (): void => {
    if (!scanRequest) return
    apply.reset()
    stores.cutoverPreview.set((previous) => ({
      id: (previous?.id ?? 0) + 1,
      args: previewArgs(scanRequest.args, form),
    }))
  }

  // A preview on screen follows its switches, so what Apply writes is always what is shown.
  const changeSwitches = (change: Partial<Switches>): void => {
    update(change)
    stores.cutoverPreview.set((previous) =>
      previous ? { id: previous.id + 1, args: { ...previous.args, ...change } } : previous,
    )
  }

  const confirmApply = (): void => {
    setConfirming(false)
    if (!previewRequest || toWrite.length === 0) return
    apply.mutate(
      { ...previewRequest.args, files: toWrite },
      {
        onSuccess: () => {
          // What was written is shown; the folders are scanned again to show where they stand now.
          stores.cutoverPreview.set(undefined)
          stores.cutoverScan.set((previous) => previous && { id: previous.id + 1, args: previous.args })
        },
      },
    )
  }

  const checkLive = (): void => {
    setLiveAttempted(true)
    if (!liveRead?.ok) return
    stores.cutoverLive.set((previous) => ({ id: (previous?.id ?? 0) + 1, args: liveRead.args }))
  }

  const previewIsCurrent = preview.data !== undefined && !preview.isFetching
  return (
    <>
      <PageHeader title="Cutover" />
      <p className="hint intro">
        Copying the images is half the move: the team is done when no Dockerfile, manifest, pipeline or running workload
        still pulls from Docker Hub. Scan your folders, rewrite the references to ECR with a preview, then check what is
        running.
      </p>

      <section className="card stack" aria-labelledby="cutover-where-heading">
        <h2 id="cutover-where-heading">Where to look</h2>
        <CutoverScanForm
          form={form}
          errors={scanErrors}
          canPickFolders={info.data?.canPickFolders ?? false}
          jobs={finishedJobs}
          picking={pick.isPending}
          scanning={scan.isFetching}
          onChange={update}
          onPickFolders={pickFolders}
          onScan={scanNow}
        />
        <ErrorMessage error={pick.error ?? jobs.error} testId="cutover-pick-error" />
      </section>

      <ErrorMessage error={scan.error} testId="cutover-scan-error" />
      {scan.isFetching && (
        <p role="status" className="muted" data-testid="cutover-scanning">
          {scan.data ? 'Scanning again…' : 'Reading the folders and checking each image…'}
        </p>
      )}
      {apply.data && (
        <div className="card stack applied" role="status" data-testid="cutover-applied">
          <p>
            <strong>
              Wrote {apply.data.written.length} {apply.data.written.length === 1 ? 'file' : 'files'}
            </strong>
            {scan.isFetching ? '; scanning again…' : '; the references below are as they are now.'}
          </p>
          <ul className="inline-list">
            {apply.data.written.map((file) => (
              <li key={file}>
                <code>{file}</code>
              </li>
            ))}
          </ul>
        </div>
      )}

      {scan.data && (
        <section className="stack" aria-labelledby="cutover-references-heading" data-testid="cutover-results">
          <div className="cutover-headline">
            <h2 id="cutover-references-heading" data-testid="cutover-headline">
              {scanHeadline(scan.data)}
            </h2>
            <p className="muted" data-testid="cutover-breakdown">
              {scanBreakdown(references)}
            </p>
          </div>
          {references.length > 0 && (
            <>
              <ReferenceFilters filter={filter} counts={counts} onChange={(next) => stores.cutoverFilter.set(next)} />
              <ReferenceGroups groups={groups} />
            </>
          )}
        </section>
      )}

      {scan.data && references.length > 0 && (
        <section className="card stack" aria-labelledby="cutover-rewrite-heading" data-testid="cutover-rewrite-section">
          <h2 id="cutover-rewrite-heading">Rewrite to ECR</h2>
          <p className="hint">
            Only the references' characters change: comments, quoting, indentation and line ends stay as they are. Safe
            moves are in the rewrite; those whose target is not verified in ECR only when you include them.
          </p>
          <RewriteSwitches form={form} onChange={changeSwitches} />
          <div className="button-row">
            <button
              type="button"
              onClick={previewNow}
              disabled={preview.isFetching || scan.isFetching}
              data-testid="cutover-preview"
            >
              {preview.isFetching ? 'Previewing…' : 'Preview the rewrite'}
            </button>
            {preview.data && (
              <button
                type="button"
                className="primary"
                onClick={() => setConfirming(true)}
                disabled={!previewIsCurrent || toWrite.length === 0 || apply.isPending}
                data-testid="cutover-apply"
              >
                {apply.isPending
                  ? 'Writing…'
                  : `Apply to ${toWrite.length} ${toWrite.length === 1 ? 'file' : 'files'}…`}
              </button>
            )}
          </div>
          <ErrorMessage error={preview.error} testId="cutover-preview-error" />
          <ErrorMessage error={apply.error} testId="cutover-apply-error" />
          {preview.data && (
            <div className="stack" data-testid="cutover-preview-result">
              <PreviewSummaryLine preview={preview.data} />
              <FileRewrites files={preview.data.files} />
            </div>
          )}
        </section>
      )}

      <section className="card stack" aria-labelledby="cutover-live-heading" data-testid="cutover-live">
        <h2 id="cutover-live-heading">Live workloads</h2>
        <LiveWorkloadsForm
          form={liveForm}
          errors={liveErrors}
          checking={live.isFetching}
          onChange={updateLive}
          onCheck={checkLive}
        />
        {liveMappingProblem && (
          <p className="error-text" data-testid="cutover-live-mapping-error">
            {liveMappingProblem}
          </p>
        )}
        <ErrorMessage error={live.error} testId="cutover-live-error" />
        {live.data && (
          <>
            <LiveGaugeCard live={live.data} />
            <LiveWorkloadsTable workloads={live.data.workloads} />
          </>
        )}
      </section>

      <ApplyDialog open={confirming} files={toWrite} onConfirm={confirmApply} onCancel={() => setConfirming(false)} />
    </>
  )
}
