// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { JobDto } from '../../../../../src-main/contract'
import { createAppStores, type AppStores } from '../../../../../src-renderer/app/app-stores'
import { MigrateRoute } from '../../../../../src-renderer/app/routes/migrate-route'
import { createFakeBackend, type FakeHandlers } from '../../support/fake-backend'
import { JOB_ID, job, plan, progress } from '../../support/fixtures'
import { renderWithBackend } from '../../support/render-app'

const COMPARE = {
  namespace: 'acme',
  hubAccount: 'work',
  aws: { profile: 'prod', region: 'eu-west-1' },
  prefix: 'mirror',
  dropNamespace: false,
}
const SELECTION = [{ repository: 'acme/web', tags: ['1.0', 'latest'] }, { repository: 'acme/tools' }]

afterEach(() => {
  vi.useRealTimers()
})

function renderMigrate(handlers: FakeHandlers = {}, prepare?: (stores: AppStores) => void) {
  const backend = createFakeBackend({
    'migrate.plan': () => plan(),
    'migrate.start': () => job({ state: 'running' }),
    ...handlers,
  })
  const stores = createAppStores(localStorage)
  stores.migration.set({ compare: COMPARE, selection: SELECTION })
  prepare?.(stores)
  return { backend, ...renderWithBackend(backend, <MigrateRoute />, stores) }
}

async function planAndStart(backend: ReturnType<typeof createFakeBackend>): Promise<void> {
  fireEvent.click(screen.getByRole('button', { name: 'Plan' }))
  const start = await screen.findByRole('button', { name: 'Start migration' })
  fireEvent.click(start)
  await screen.findByTestId('job-panel')
  expect(backend.argsOf('migrate.start')).toHaveLength(1)
}

describe('Migrate: settings and plan', () => {
  it('plans with the selection and the settings, and shows totals, quota, time, warnings and each tag', async () => {
    const { backend } = renderMigrate()
    expect(screen.getByTestId('migrate-selection').textContent).toContain(
      '2 repositories, 1 with all tags, 2 chosen tags',
    )

    fireEvent.click(screen.getByRole('radio', { name: 'Immutable' }))
    fireEvent.change(screen.getByLabelText(/Mutable tag exceptions/), { target: { value: 'latest, dev-*' } })
    fireEvent.change(screen.getByLabelText('Keep the last N images'), { target: { value: '10' } })
    fireEvent.change(screen.getByLabelText(/Lambda platform/), { target: { value: 'linux/arm64' } })
    fireEvent.click(screen.getByRole('button', { name: 'Plan' }))

    const result = await screen.findByTestId('migrate-plan-result')
    expect(backend.argsOf('migrate.plan')).toEqual([
      {
        ...COMPARE,
        selection: SELECTION,
        settings: {
          immutableTags: true,
          mutabilityExceptions: ['latest', 'dev-*'],
          scanOnPush: true,
          encryption: { type: 'AES256' },
          lifecycle: { keepLastImages: 10 },
        },
        lambdaPlatform: 'linux/arm64',
        referrers: false,
      },
    ])
    expect(within(result).getByTestId('plan-tags-to-copy').textContent).toBe('Tags to copy1')
    expect(within(result).getByTestId('plan-pulls').textContent).toBe(
      'Docker Hub pulls needed3 (97 of 100 pulls left in a rolling 6 h window)',
    )
    expect(within(result).getByTestId('plan-estimate').textContent).toBe('Estimated time2 min 5 s')
    expect(within(result).getByTestId('plan-monthly-cost').textContent).toBe('Adds to the ECR bill$0.005 a month')
    expect(within(result).getByText('$0.005 a month').getAttribute('title')).toBe(
      '50.0 MB at 0.1 USD/GB-month: aws.amazon.com/ecr/pricing (as of 2026-11-26)',
    )
    expect(within(result).getByTestId('plan-bytes').textContent).toBe('Data to copy50.0 MB')
    expect(within(result).getByTestId('plan-warnings').textContent).toContain('immutable in ECR with another digest')
    expect(
      within(result)
        .getAllByTestId('plan-tag-row')
        .map((row) => [row.dataset.tag, row.dataset.action]),
    ).toEqual([
      ['1.0', 'skip'],
      ['latest', 'conflict'],
      ['v3', 'copy'],
    ])
    const created = within(result)
      .getAllByTestId('plan-repository')
      .find((element) => element.dataset.repository === 'acme/tools')!
    expect(created.textContent).toContain(
      'Created with immutable tags (except latest, dev-*) · scan on push · AES-256 encryption · keep last 10 images.',
    )
  })

  it('will not plan with invalid settings, and asks for a new plan when the settings change', async () => {
    renderMigrate()
    fireEvent.change(screen.getByLabelText('Keep the last N images'), { target: { value: 'ten' } })
    expect(screen.getByText('A whole number above 0, or empty.')).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Plan' }) as HTMLButtonElement).disabled).toBe(true)

    fireEvent.change(screen.getByLabelText('Keep the last N images'), { target: { value: '' } })
    fireEvent.click(screen.getByRole('button', { name: 'Plan' }))
    const start = (await screen.findByRole('button', { name: 'Start migration' })) as HTMLButtonElement
    expect(start.disabled).toBe(false)

    fireEvent.click(screen.getByRole('checkbox', { name: 'Scan on push' }))
    expect(start.disabled).toBe(true)
    expect(screen.getByText(/plan again to start/)).toBeTruthy()
  })
})

describe('Migrate: a keep-last rule below what a new repository gets', () => {
  it('starts only once the expiry is accepted, and says so in the start call', async () => {
    const expiring = { ...plan(), expiringRepositories: [{ repository: 'mirror/acme/tools', images: 3, keepLast: 1 }] }
    const { backend } = renderMigrate({ 'migrate.plan': () => expiring })
    fireEvent.click(screen.getByRole('button', { name: 'Plan' }))
    const start = (await screen.findByRole('button', { name: 'Start migration' })) as HTMLButtonElement
    expect(start.disabled).toBe(true)
    const accept = screen.getByRole('checkbox', { name: /ECR may expire migrated images in mirror\/acme\/tools/ })
    fireEvent.click(accept)
    expect(start.disabled).toBe(false)
    fireEvent.click(start)
    await screen.findByTestId('job-panel')
    expect(backend.argsOf('migrate.start')).toEqual([
      { ...backend.argsOf('migrate.plan')[0], acceptLifecycleExpiry: true },
    ])
  })
})

describe('Migrate: a running job', () => {
  it('starts what was planned and follows the job from its events to finished, with the report link', async () => {
    const { backend } = renderMigrate()
    await planAndStart(backend)
    expect(backend.argsOf('migrate.start')[0]).toEqual(backend.argsOf('migrate.plan')[0])
    expect(screen.getByTestId('job-state').dataset.state).toBe('running')
    // One plan starts one job; the panel takes focus so keyboard users land on the progress.
    expect((screen.getByRole('button', { name: 'Start migration' }) as HTMLButtonElement).disabled).toBe(true)
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: `Job ${JOB_ID}` })))

    act(() =>
      backend.emit(
        job({
          state: 'running',
          progress: progress({
            tagsTotal: 4,
            tagsCopied: 1,
            tagsSkipped: 1,
            bytesTransferred: 25_000_000,
            bytesPerSecond: 5_000_000,
            elapsedSeconds: 5,
          }),
        }),
      ),
    )

    expect(screen.getByTestId('job-progress-text').textContent).toBe(
      '2 of 4 tags · 25.0 MB of 50.0 MB transferred · 5.0 MB/s · about 5 s left',
    )
    expect((screen.getByTestId('job-progress') as HTMLProgressElement).value).toBe(0.5)
    expect(screen.getByTestId('job-copied').textContent).toBe('Copied1')

    act(() =>
      backend.emit(
        job({
          state: 'finished',
          progress: progress({
            tagsTotal: 4,
            tagsCopied: 2,
            tagsSkipped: 1,
            tagsFailed: 1,
            bytesTransferred: 50_000_000,
            elapsedSeconds: 10,
          }),
          tags: [
            { source: 'docker.io/acme/tools:v3', destination: 'ecr/mirror/acme/tools:v3', outcome: 'copied' },
            {
              source: 'docker.io/acme/web:latest',
              destination: 'ecr/mirror/acme/web:latest',
              outcome: 'failed',
              error: { code: 'TAG_CONFLICT', message: 'immutable tag' },
            },
          ],
        }),
      ),
    )

    expect(screen.getByTestId('job-state').textContent).toBe('Finished')
    expect((screen.getByTestId('job-progress') as HTMLProgressElement).value).toBe(1)
    expect(screen.getAllByTestId('job-tag-row').map((row) => row.dataset.outcome)).toEqual(['failed', 'copied'])

    // The backend's last word on a run may carry no figures: the ones shown stay.
    act(() => backend.emit(job({ state: 'finished', progress: undefined, tags: undefined })))
    expect(screen.getByTestId('job-failed').textContent).toBe('Failed1')
    expect(screen.getAllByTestId('job-tag-row')).toHaveLength(2)
    expect(screen.getByRole('link', { name: 'Open the report' }).getAttribute('href')).toBe(`#/report/${JOB_ID}`)
    fireEvent.click(screen.getByRole('button', { name: 'Retry failed' }))
    await waitFor(() => expect(backend.argsOf('jobs.resume')).toEqual([{ jobId: JOB_ID }]))
  })

  it('pauses, resumes and cancels through the bridge', async () => {
    const answer = (state: JobDto['state']) => () => job({ state })
    const { backend } = renderMigrate({
      'jobs.pause': answer('paused'),
      'jobs.resume': answer('running'),
      'jobs.cancel': answer('cancelled'),
    })
    await planAndStart(backend)

    fireEvent.click(screen.getByRole('button', { name: 'Pause' }))
    await waitFor(() => expect(screen.getByTestId('job-state').dataset.state).toBe('paused'))
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }))
    await waitFor(() => expect(screen.getByTestId('job-state').dataset.state).toBe('running'))
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(screen.getByTestId('job-state').dataset.state).toBe('cancelled'))

    expect(backend.calls.filter((call) => call.name.startsWith('jobs.') && call.name !== 'jobs.list')).toEqual([
      { name: 'jobs.pause', args: { jobId: JOB_ID } },
      { name: 'jobs.resume', args: { jobId: JOB_ID } },
      { name: 'jobs.cancel', args: { jobId: JOB_ID } },
    ])
  })

  it('keeps an event that arrived while a call was out over the older answer of that call', async () => {
    let emit: (job: JobDto) => void = () => undefined
    const { backend } = renderMigrate({
      'jobs.pause': () => {
        emit(job({ state: 'paused', runs: 1 }))
        return job({ state: 'running' })
      },
    })
    emit = backend.emit
    await planAndStart(backend)

    fireEvent.click(screen.getByRole('button', { name: 'Pause' }))
    await waitFor(() => expect(backend.argsOf('jobs.pause')).toHaveLength(1))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(screen.getByTestId('job-state').dataset.state).toBe('paused')
  })

  it('counts down to the end of a Docker Hub quota wait', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(new Date('2026-11-27T12:00:00Z'))
    const waiting = job({
      state: 'waiting-quota',
      quotaWait: { until: '2026-11-27T12:05:00Z', remaining: 0, limit: 100 },
    })
    renderMigrate({ 'jobs.list': () => [waiting] }, (stores) => stores.activeJob.set({ id: JOB_ID }))

    const wait = await screen.findByTestId('job-quota-wait')
    expect(wait.textContent).toMatch(
      /^Waiting for Docker Hub quota until \d{2}:\d{2} \(resumes in 5:00\); 0 of 100 pulls left\.$/,
    )
    act(() => vi.advanceTimersByTime(3_000))
    expect(screen.getByTestId('job-quota-countdown').textContent).toBe('4:57')
    expect(screen.getByTestId('job-state').textContent).toBe('Waiting for Docker Hub quota')
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy()
  })

  it('says why a job stopped outside any tag, and offers Resume of an incomplete one', async () => {
    const problem = 'Could not write /jobs/x/journal.ndjson (ENOSPC): free some disk space, then resume the job.'
    const incomplete = job({ state: 'incomplete', problem })
    renderMigrate({ 'jobs.list': () => [incomplete] }, (stores) => stores.activeJob.set({ id: JOB_ID }))

    expect((await screen.findByTestId('job-problem')).textContent).toBe(problem)
    expect(screen.getByTestId('job-state').textContent).toBe('Incomplete (not all found in ECR)')
    const row = screen.getAllByTestId('job-row').find((candidate) => candidate.dataset.jobId === JOB_ID)!
    expect(within(row).getByRole('button', { name: `Resume job ${JOB_ID}` })).toBeTruthy()
  })

  it('offers Resume for a job interrupted by a restart', async () => {
    const interrupted = job({ state: 'interrupted', progress: progress({ tagsTotal: 10, tagsCopied: 4 }) })
    const { backend } = renderMigrate({
      'jobs.list': () => [interrupted],
      'jobs.resume': () => job({ state: 'running' }),
    })

    expect((await screen.findByTestId('interrupted-jobs')).textContent).toContain('A job was interrupted')
    const row = screen.getAllByTestId('job-row').find((candidate) => candidate.dataset.jobId === JOB_ID)!
    fireEvent.click(within(row).getByRole('button', { name: `Resume job ${JOB_ID}` }))

    await waitFor(() => expect(backend.argsOf('jobs.resume')).toEqual([{ jobId: JOB_ID }]))
    await waitFor(() => expect(screen.getByTestId('job-state').dataset.state).toBe('running'))
  })
})
