import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Backend, EventName, Events, JobDto, JobStateDto } from '../../../src-main/contract'
import { notificationText, watchJobs } from '../../../src-main/shell/job-watch'
import { stub } from '../../stubs/electron'

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void

const job = (id: string, state: JobStateDto, extra: Partial<JobDto> = {}): JobDto => ({
  id,
  state,
  createdAt: '2026-11-27T10:15:00Z',
  runs: 1,
  from: 'docker.io/acme',
  to: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
  ...extra,
})
const progress = {
  tagsTotal: 5,
  manifestsPushed: 0,
  tagsCopied: 3,
  tagsSkipped: 1,
  tagsFailed: 1,
  blobsUploaded: 0,
  blobsMounted: 0,
  blobsPresent: 0,
  bytesUploaded: 0,
  bytesTransferred: 0,
  bytesPerSecond: 0,
  elapsedSeconds: 1,
}

describe('watchJobs', () => {
  let emit: Listener
  let stop: () => void
  const reveal = vi.fn()
  const backend: Pick<Backend, 'subscribe'> = {
    subscribe: (listener) => {
      emit = listener
      return () => undefined
    },
  }
  const titles = () => stub.notifications.map((n) => n.options.title)

  beforeEach(() => {
    stub.reset()
    reveal.mockClear()
    stop = watchJobs(backend, { reveal })
  })

  it('notifies once per outcome (finished, failed, waiting for quota), not per progress event', () => {
    emit('job', job('a', 'running'))
    emit('job', job('a', 'running'))
    emit('job', job('a', 'waiting-quota', { quotaWait: { until: '2026-11-27T11:00:00Z', remaining: 0, limit: 100 } }))
    emit('job', job('a', 'waiting-quota'))
    emit('job', job('a', 'running'))
    emit('job', job('a', 'finished', { progress }))
    emit('job', job('b', 'failed', { progress }))
    expect(titles()).toEqual(['Waiting for the Docker Hub pull quota', 'Migration finished', 'Migration failed'])
  })

  it('brings the window back when a notification is clicked', () => {
    emit('job', job('a', 'finished'))
    stub.notifications[0]!.emit('click')
    expect(reveal).toHaveBeenCalledOnce()
  })

  it('prevents app suspension while any job runs or waits for quota, and stops when none does', () => {
    emit('job', job('a', 'running'))
    emit('job', job('b', 'running'))
    expect([...stub.blockers.values()]).toEqual(['prevent-app-suspension'])
    emit('job', job('a', 'finished'))
    expect(stub.blockers.size).toBe(1)
    emit('job', job('b', 'waiting-quota'))
    expect(stub.blockers.size).toBe(1)
    emit('job', job('b', 'paused'))
    expect(stub.blockers.size).toBe(0)
    emit('job', job('b', 'running'))
    stop()
    expect(stub.blockers.size).toBe(0)
  })
})

describe('notificationText', () => {
  it('says what happened, to which route, and what to do next', () => {
    expect(notificationText(job('a', 'finished', { progress }))).toEqual({
      title: 'Migration finished',
      body: 'docker.io/acme → 123456789012.dkr.ecr.eu-west-1.amazonaws.com: 3 tags copied, 1 already in ECR.',
    })
    expect(notificationText(job('a', 'failed', { progress }))?.body).toBe(
      'docker.io/acme → 123456789012.dkr.ecr.eu-west-1.amazonaws.com: 1 tag failed. Open Crossdock to see why and ' +
        'resume it.',
    )
    expect(
      notificationText(
        job('a', 'waiting-quota', { quotaWait: { until: '2026-11-27T11:00:00Z', remaining: 0, limit: 100 } }),
      )?.body,
    ).toMatch(/: pulls resume at \d{1,2}:\d{2}.*; the migration continues by itself\.$/)
    expect(notificationText(job('a', 'waiting-quota'))?.body).toMatch(/pulls resume when the quota window resets;/)
    for (const state of ['planned', 'running', 'paused', 'cancelled', 'interrupted'] as const)
      expect(notificationText(job('a', state))).toBeUndefined()
  })
})
