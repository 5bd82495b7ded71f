import { describe, expect, it } from 'vitest'
import { jobActions, jobEtaSeconds, jobFraction } from '../../../../../../src-renderer/features/migrate/model/job-view'
import { job, progress } from '../../../support/fixtures'

describe('job view', () => {
  it('offers what each state allows', () => {
    expect(jobActions(job({ state: 'running' }))).toEqual({
      pause: true,
      resume: false,
      cancel: true,
      retryFailed: false,
      report: false,
    })
    expect(jobActions(job({ state: 'interrupted' }))).toMatchObject({ pause: false, resume: true, cancel: false })
    expect(jobActions(job({ state: 'finished', progress: progress({ tagsFailed: 2 }) }))).toMatchObject({
      retryFailed: true,
      report: true,
      resume: false,
    })
    expect(jobActions(job({ state: 'finished' }))).toMatchObject({ retryFailed: false, report: true })
  })

  it('estimates the time left from the planned bytes, else from the share of tags done', () => {
    const running = job({
      progress: progress({
        tagsTotal: 10,
        tagsCopied: 5,
        bytesTransferred: 40,
        bytesPerSecond: 10,
        elapsedSeconds: 30,
      }),
    })
    expect(jobFraction(running)).toBe(0.5)
    expect(jobEtaSeconds(running, 100)).toBe(6)
    expect(jobEtaSeconds(running)).toBe(30)
    expect(jobEtaSeconds(job({ state: 'paused', progress: running.progress }))).toBeUndefined()
  })
})
