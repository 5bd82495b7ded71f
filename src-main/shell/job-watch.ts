import { Notification, powerSaveBlocker } from 'electron'
import type { Backend, JobDto, JobStateDto } from '../contract'

/** States in which a job still moves on by itself, so the machine must not sleep. */
const KEEP_AWAKE: ReadonlySet<JobStateDto> = new Set(['running', 'waiting-quota'])

/**
 * The desktop side of job events: a notification when a job finishes, fails or waits for the Docker Hub
 * quota, and no app suspension while any job runs. Returns the unsubscribe function.
 */
export function watchJobs(backend: Pick<Backend, 'subscribe'>, options: { reveal(): void }): () => void {
  const states = new Map<string, JobStateDto>()
  let blocker: number | undefined
  const unsubscribe = backend.subscribe((event, job) => {
    if (event !== 'job') return
    const previous = states.get(job.id)
    states.set(job.id, job.state)
    // Progress repeats a state ten times a second: notify on the change only.
    if (previous !== job.state) notify(job, options.reveal)
    const awake = [...states.values()].some((state) => KEEP_AWAKE.has(state))
    if (awake && blocker === undefined) blocker = powerSaveBlocker.start('prevent-app-suspension')
    if (!awake && blocker !== undefined) {
      powerSaveBlocker.stop(blocker)
      blocker = undefined
    }
  })
  return () => {
    unsubscribe()
    if (blocker !== undefined) powerSaveBlocker.stop(blocker)
  }
}

function notify(job: JobDto, reveal: () => void): void {
  const text = notificationText(job)
  if (!text || !Notification.isSupported()) return
  const notification = new Notification(text)
  notification.on('click', reveal)
  notification.show()
}

export function notificationText(job: JobDto): { title: string; body: string } | undefined {
  const route = `${job.from} → ${job.to}`
  const progress = job.progress
  switch (job.state) {
    case 'finished':
      return {
        title: 'Migration finished',
        body: progress
          ? `${route}: ${tags(progress.tagsCopied)} copied, ${progress.tagsSkipped} already in ECR.`
          : `${route}.`,
      }
    case 'failed':
      return {
        title: 'Migration failed',
        body:
          `${route}${progress ? `: ${tags(progress.tagsFailed)} failed` : ''}. Open Crossdock to see why and ` +
          `resume it.`,
      }
    case 'waiting-quota': {
      const until = job.quotaWait
        ? ` at ${new Date(job.quotaWait.until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
        : ' when the quota window resets'
      return {
        title: 'Waiting for the Docker Hub pull quota',
        body: `${route}: pulls resume${until}; the migration continues by itself.`,
      }
    }
    default:
      return undefined
  }
}

const tags = (count: number): string => `${count} ${count === 1 ? 'tag' : 'tags'}`
