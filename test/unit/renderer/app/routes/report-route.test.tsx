// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { ReportRoute } from '../../../../../src-renderer/app/routes/report-route'
import { captureDownloads } from '../../support/downloads'
import { createFakeBackend } from '../../support/fake-backend'
import { JOB_ID, job, report } from '../../support/fixtures'
import { renderWithBackend } from '../../support/render-app'

const OLDER = '20261126-090000-0001'

const downloads = captureDownloads()

function renderReport(jobId?: string) {
  const backend = createFakeBackend({
    'jobs.list': () => [
      job({ id: OLDER, createdAt: '2026-11-26T09:00:00Z', state: 'finished' }),
      job({ state: 'finished' }),
    ],
    'jobs.report': (args) =>
      report({
        job: { id: args.jobId, createdAt: '2026-11-27T10:15:00Z', state: 'finished', runs: 1 },
        snippets: {
          ...report().snippets,
          lambda: 'ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/tools:v3-lambda',
        },
      }),
  })
  return { backend, ...renderWithBackend(backend, <ReportRoute jobId={jobId} />) }
}

describe('Report', () => {
  it('opens the newest job by default and lists old → new references with both digests and a verified mark', async () => {
    const { backend } = renderReport()

    const table = await screen.findByTestId('report-table')
    expect(backend.argsOf('jobs.report')).toEqual([{ jobId: JOB_ID }])
    expect((screen.getByLabelText('Job') as HTMLSelectElement).value).toBe(JOB_ID)
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent)
    expect(headers).toEqual([
      'Old reference (Docker Hub)',
      'New reference (ECR)',
      'Outcome',
      'Docker Hub digest',
      'ECR digest',
      'Verified',
    ])
    const rows = within(table).getAllByTestId('report-row')
    expect(rows.map((row) => [row.dataset.outcome, row.dataset.verified])).toEqual([
      ['copied', 'true'],
      ['already-in-ecr', 'false'],
    ])
    expect(within(rows[0]!).getByLabelText('verified')).toBeTruthy()
    expect(within(rows[0]!).getAllByText(`sha256:${'1'.repeat(12)}`)).toHaveLength(2)
    expect(screen.getByTestId('report-verified').textContent).toBe('Verified2')
  })

  it('sorts the references by a column', async () => {
    renderReport()
    const table = await screen.findByTestId('report-table')
    fireEvent.click(within(table).getByRole('button', { name: 'Old reference (Docker Hub)' }))
    fireEvent.click(within(table).getByRole('button', { name: /Old reference/ }))
    expect(
      within(table)
        .getAllByTestId('report-row')
        .map((row) => row.dataset.outcome),
    ).toEqual(['already-in-ecr', 'copied'])
    expect(within(table).getAllByRole('columnheader')[0]!.getAttribute('aria-sort')).toBe('descending')
  })

  it('shows each snippet with a Copy button that puts it on the clipboard', async () => {
    const writeText = vi.fn(async () => undefined)
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } })
    renderReport(JOB_ID)

    for (const id of ['snippet-ecs', 'snippet-eks', 'snippet-lambda', 'snippet-codebuild', 'snippet-iam'])
      expect(await screen.findByTestId(id)).toBeTruthy()
    const ecs = screen.getByTestId('snippet-ecs')
    expect(ecs.querySelector('code')!.textContent).toBe(report().snippets.ecs)

    fireEvent.click(screen.getByRole('button', { name: 'Copy the ECS task definition snippet' }))
    await waitFor(() => expect(within(ecs).getByRole('status').textContent).toBe('Copied'))
    expect(writeText).toHaveBeenCalledWith(report().snippets.ecs)

    writeText.mockRejectedValueOnce(new Error('denied'))
    fireEvent.click(screen.getByRole('button', { name: 'Copy the IAM policy snippet' }))
    await waitFor(() =>
      expect(within(screen.getByTestId('snippet-iam')).getByRole('status').textContent).toMatch(/Copy failed/),
    )
  })

  it('exports report.md, report.html and report.json as downloads', async () => {
    renderReport(JOB_ID)
    await screen.findByTestId('report')

    fireEvent.click(screen.getByRole('button', { name: 'Download report.md' }))
    fireEvent.click(screen.getByRole('button', { name: 'Download report.html' }))
    fireEvent.click(screen.getByRole('button', { name: 'Download report.json' }))

    expect(downloads.map((download) => [download.name, download.blob?.type])).toEqual([
      ['report.md', 'text/markdown;charset=utf-8'],
      ['report.html', 'text/html;charset=utf-8'],
      ['report.json', 'application/json'],
    ])
    expect(await downloads[0]!.blob!.text()).toBe('# Migration report\n')
    expect(await downloads[1]!.blob!.text()).toContain('<title>Migration report</title>')
    const json = JSON.parse(await downloads[2]!.blob!.text())
    expect(json.job.id).toBe(JOB_ID)
    expect(json.entries).toHaveLength(2)
    expect(json.markdown).toBeUndefined()
  })

  it('switches to another job from the picker', async () => {
    renderReport(JOB_ID)
    await screen.findByTestId('report')
    fireEvent.change(screen.getByLabelText('Job'), { target: { value: OLDER } })
    expect(window.location.hash).toBe(`#/report/${OLDER}`)
  })
})
