// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { LimitsRoute } from '../../../../../src-renderer/app/routes/limits-route'
import { formatClock } from '../../../../../src-renderer/lib/format'
import { createFakeBackend } from '../../support/fake-backend'
import { limitsOverview, minutesAgo } from '../../support/fixtures'
import { renderWithBackend } from '../../support/render-app'

function gauge(account: string): HTMLElement {
  return screen.getAllByTestId('hub-gauge').find((element) => element.dataset.account === account)!
}

describe('Limits', () => {
  it(
    'shows a gauge of pulls left for each Docker Hub identity, anonymous included, and when a rolling window gives ' +
      'them all back',
    async () => {
      const checkedAt = minutesAgo(1)
      const backend = createFakeBackend({ 'limits.overview': () => limitsOverview(checkedAt) })
      renderWithBackend(backend, <LimitsRoute />)

      await screen.findAllByTestId('hub-gauge')
      expect(screen.getAllByTestId('hub-gauge').map((element) => element.dataset.account)).toEqual([
        'anonymous',
        'work (alice)',
        'paid (bob)',
      ])

      const anonymous = gauge('anonymous')
      expect(within(anonymous).getByRole('heading').textContent).toBe('Anonymous (this IP address)')
      const meter = within(anonymous).getByRole('meter')
      expect([
        meter.getAttribute('aria-valuenow'),
        meter.getAttribute('aria-valuemax'),
        meter.getAttribute('aria-valuetext'),
      ]).toEqual(['91', '100', '91 of 100 pulls left'])
      expect(within(anonymous).getByTestId('hub-gauge-remaining').textContent).toBe('91')
      expect(anonymous.textContent).toContain('of 100 pulls left')
      const allBackBy = new Date(Date.parse(checkedAt) + 21_600_000).toISOString()
      expect(within(anonymous).getByTestId('hub-gauge-reset').textContent).toMatch(
        new RegExp(`^All back by ${formatClock(allBackBy)} at the latest \\(in 5:5\\d:\\d\\d\\)$`),
      )
      expect(within(anonymous).getByText(formatClock(allBackBy)).getAttribute('datetime')).toBe(allBackBy)

      // A full quota has nothing to give back; a paid plan has no limit at all.
      expect(within(gauge('work (alice)')).queryByTestId('hub-gauge-reset')).toBeNull()
      expect(gauge('work (alice)').textContent).toContain('Every pull is available.')
      expect(gauge('work (alice)').textContent).toContain('counted against alice')
      expect(within(gauge('paid (bob)')).getByTestId('hub-gauge-remaining').textContent).toMatch(/^Unlimited pulls/)
      expect(within(gauge('paid (bob)')).queryByRole('meter')).toBeNull()
    },
  )

  it('says the reset has passed when the check is older than the window', async () => {
    renderWithBackend(
      createFakeBackend({ 'limits.overview': () => limitsOverview(minutesAgo(7 * 60)) }),
      <LimitsRoute />,
    )
    await screen.findAllByTestId('hub-gauge')
    expect(within(gauge('anonymous')).getByTestId('hub-gauge-reset').textContent).toMatch(/at the latest: check again$/)
  })

  it('lists each ECR API quota with the migration’s peak rate against it', async () => {
    renderWithBackend(createFakeBackend(), <LimitsRoute />)
    const table = await screen.findByTestId('ecr-quotas')
    const rows = within(table).getAllByTestId('ecr-quota-row')
    expect(
      rows.map((row) => [
        row.dataset.api,
        within(row).getByTestId('ecr-quota-limit').textContent,
        within(row).getByTestId('ecr-quota-peak').textContent,
      ]),
    ).toEqual([
      ['PutImage', '10/s', '10/s'],
      ['InitiateLayerUpload', '100/s', '24/s'],
      ['GetDownloadUrlForLayer', '3,000/s', '—'],
    ])
    expect(rows.map((row) => within(row).getAllByRole('cell')[2]!.textContent)).toEqual([
      'near the quota',
      'fine',
      'not used by a migration',
    ])
    expect(within(rows[0]!).getByRole('meter').getAttribute('aria-label')).toBe('PutImage: 100% of the quota')
    expect(within(rows[0]!).getByText('L-AD52DFB2')).toBeTruthy()
  })

  it('recomputes the what-if as the workload changes and shows each verdict with its message', async () => {
    const backend = createFakeBackend()
    renderWithBackend(backend, <LimitsRoute />)
    await waitFor(() =>
      expect(backend.argsOf('limits.whatIf')).toEqual([
        {
          nodes: 20,
          deploysPerDay: 4,
          imagesPerDeploy: 3,
          platformsPerImage: 1,
          layersPerImage: 8,
          rolloutSeconds: 60,
        },
      ]),
    )
    expect((await screen.findByTestId('whatif-pulls')).textContent).toBe('60')
    expect(screen.getAllByTestId('whatif-hub-row').map((row) => row.dataset.verdict)).toEqual(['fine', 'fine', 'fine'])

    fireEvent.change(screen.getByTestId('whatif-nodes'), { target: { value: '500' } })
    fireEvent.change(screen.getByTestId('whatif-deploys'), { target: { value: '24' } })
    fireEvent.change(screen.getByTestId('whatif-rollout'), { target: { value: '2' } })
    await waitFor(() => expect(screen.getByTestId('whatif-pulls').textContent).toBe('9,000'))
    // One call for the three quick changes.
    expect(backend.argsOf('limits.whatIf').slice(1)).toEqual([
      { nodes: 500, deploysPerDay: 24, imagesPerDeploy: 3, platformsPerImage: 1, layersPerImage: 8, rolloutSeconds: 2 },
    ])

    const hub = screen.getAllByTestId('whatif-hub-row')
    expect(hub.map((row) => [row.dataset.identity, row.dataset.verdict])).toEqual([
      ['anonymous', 'over'],
      ['personal', 'over'],
      ['paid plan', 'fine'],
    ])
    expect(
      within(hub[0]!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['100', 'over the limit', '9000 pulls in 6 h is more than 100.'])
    const ecr = screen.getByTestId('whatif-ecr-row')
    expect([ecr.dataset.api, ecr.dataset.verdict]).toEqual(['GetDownloadUrlForLayer', 'throttled'])
    expect(ecr.textContent).toContain('Nodes will be throttled: stagger the rollout.')
    expect(within(ecr).getAllByRole('cell')[0]!.textContent).toBe('6,000/s')
  })

  it('does not ask while a field cannot be read, and says which', async () => {
    const backend = createFakeBackend()
    renderWithBackend(backend, <LimitsRoute />)
    await screen.findByTestId('whatif-pulls')
    fireEvent.change(screen.getByTestId('whatif-nodes'), { target: { value: '0' } })
    fireEvent.change(screen.getByTestId('whatif-platforms'), { target: { value: '2.5' } })
    expect(screen.getByText('A whole number from 1 to 1,000,000.')).toBeTruthy()
    expect(screen.getByText('A whole number from 1 to 16.')).toBeTruthy()
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(backend.argsOf('limits.whatIf')).toHaveLength(1)
    expect(screen.getByTestId('whatif-pulls').textContent).toBe('60')
  })
})
