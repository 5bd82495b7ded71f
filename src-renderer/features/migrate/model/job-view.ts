import type { JobDto, JobStateDto } from '../../../../src-main/contract'

export const JOB_STATE_LABELS: Record<JobStateDto, string> = {
  planned: 'Planned',
  running: 'Running',
  paused: 'Paused',
  'waiting-quota': 'Waiting for Docker Hub quota',
  finished: 'Finished',
  incomplete: 'Incomplete (not all found in ECR)',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
  damaged: 'Damaged record',
}

/** What the user can do with a job in its state. */
export interface JobActions {
  pause: boolean
  resume: boolean
  cancel: boolean
  retryFailed: boolean
  report: boolean
}

const ACTIVE: readonly JobStateDto[] = ['planned', 'running', 'waiting-quota']

export function isActive(state: JobStateDto): boolean {
  return ACTIVE.includes(state)
}

export function jobActions(job: JobDto): JobActions {
  const failedTags = job.progress?.tagsFailed ?? 0
  const ended = job.state === 'finished' || job.state === 'failed' || job.state === 'incomplete'
  return {
    pause: job.state === 'running' || job.state === 'waiting-quota',
    resume:
      job.state === 'paused' || job.state === 'interrupted' || job.state === 'cancelled' || job.state === 'incomplete',
    cancel: isActive(job.state) || job.state === 'paused',
    retryFailed: ended && (failedTags > 0 || job.state === 'failed'),
    report: ended || job.state === 'cancelled' || job.state === 'interrupted',
  }
}

/** Share done, by tags settled (copied, skipped or failed) of those planned. */
export function jobFraction(job: JobDto): number {
  const progress = job.progress
  if (!progress || progress.tagsTotal === 0) return job.state === 'finished' ? 1 : 0
  return Math.min(1, (progress.tagsCopied + progress.tagsSkipped + progress.tagsFailed) / progress.tagsTotal)
}

/** Seconds left: from the plan's bytes and the current rate when known, else from the share done so far. */
export function jobEtaSeconds(job: JobDto, plannedBytes?: number): number | undefined {
  const progress = job.progress
  if (!progress || !isActive(job.state)) return undefined
  if (plannedBytes && progress.bytesPerSecond > 0 && progress.bytesTransferred < plannedBytes)
    return Math.max(0, (plannedBytes - progress.bytesTransferred) / progress.bytesPerSecond)
  const fraction = jobFraction(job)
  if (fraction <= 0 || progress.elapsedSeconds <= 0) return undefined
  return (progress.elapsedSeconds * (1 - fraction)) / fraction
}
