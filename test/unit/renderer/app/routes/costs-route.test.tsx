// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { DEFAULT_COST_ASSUMPTIONS } from '../../../../../src-main/contract'
import { createAppStores } from '../../../../../src-renderer/app/app-stores'
import { CostsRoute } from '../../../../../src-renderer/app/routes/costs-route'
import { captureDownloads } from '../../support/downloads'
import { createFakeBackend, type FakeHandlers } from '../../support/fake-backend'
import { PRICE_TABLES } from '../../support/fixtures'
import { renderWithBackend } from '../../support/render-app'

const downloads = captureDownloads()

async function estimate(handlers: FakeHandlers = {}) {
  const backend = createFakeBackend(handlers)
  const stores = createAppStores(localStorage)
  stores.connection.set({
    hubAccount: 'work',
    awsProfile: 'prod',
    region: 'eu-west-1',
    namespace: 'acme',
    prefix: 'mirror',
    dropNamespace: false,
  })
  const rendered = renderWithBackend(backend, <CostsRoute />, stores)
  fireEvent.click(screen.getByRole('button', { name: 'Estimate' }))
  await screen.findByTestId('cost-summary')
  return { backend, stores, rendered }
}

const estimates = (backend: ReturnType<typeof createFakeBackend>) => backend.argsOf('costs.estimate')
const lastAssumptions = (backend: ReturnType<typeof createFakeBackend>) => estimates(backend).at(-1)!.assumptions!

function line(id: string): HTMLElement {
  return screen.getAllByTestId('cost-line').find((row) => row.dataset.line === id)!
}

describe('Costs', () => {
  it(
    'estimates the connection’s namespace with the default assumptions and shows totals, lines with their sources, ' +
      'repositories, table dates, notes and the migration’s cost',
    async () => {
      const { backend } = await estimate()

      expect(estimates(backend)).toEqual([
        {
          namespace: 'acme',
          hubAccount: 'work',
          aws: { profile: 'prod', region: 'eu-west-1' },
          prefix: 'mirror',
          dropNamespace: false,
          assumptions: { ...DEFAULT_COST_ASSUMPTIONS, monthlyPulls: {}, overrides: {} },
        },
      ])
      expect(screen.getByTestId('cost-ecr-total').textContent).toContain('$0.35')
      expect(screen.getByTestId('cost-hub-total').textContent).toBe('Docker Hub Team, 1 seat, billed annual$15.00')
      expect(screen.getByTestId('cost-difference').textContent).toBe('Difference (ECR costs less)-$14.65')
      expect(screen.getByTestId('cost-tables').textContent).toBe(
        `Prices from the tables of ${PRICE_TABLES.ecr} (Amazon ECR) and ${PRICE_TABLES.dockerHub} (Docker Hub).`,
      )
      expect(screen.getByTestId('cost-hub-advice').textContent).toMatch(/^At \d+ pulls per 6 h .*no pull limit/)

      const ecrLines = within(screen.getByTestId('cost-lines-ecr')).getAllByTestId('cost-line')
      expect(ecrLines.map((row) => [row.dataset.line, row.dataset.amount])).toEqual([
        ['ecr.storage', '0.35000000000000003'],
        ['ecr.transfer.crossRegion', '0'],
        ['ecr.transfer.internet', '0'],
      ])
      const storage = line('ecr.storage')
      expect(
        within(storage)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ).toEqual(['3.5 GB-month', '0.1 USD/GB-month', '$0.35', expect.stringContaining('Source')])
      // The source shows on hover (title) and when the line is opened.
      const summary = storage.querySelector('summary')!
      expect(summary.getAttribute('title')).toBe(`aws.amazon.com/ecr/pricing (Mar 2026) (as of ${PRICE_TABLES.ecr})`)
      expect(within(storage).getByText('aws.amazon.com/ecr/pricing (Mar 2026)')).toBeTruthy()
      expect(within(screen.getByTestId('cost-lines-docker-hub')).getByTestId('cost-line').textContent).toContain(
        'Team seats',
      )

      const repositories = screen.getAllByTestId('cost-repository-row')
      expect(repositories.map((row) => row.dataset.repository)).toEqual(['acme/web', 'acme/api'])
      expect(
        repositories.map((row) => (within(row).getByTestId('cost-repository-pulls') as HTMLInputElement).value),
      ).toEqual(['3000', '500'])
      expect(repositories.map((row) => within(row).getByTestId('cost-pulls-from').textContent)).toEqual([
        'from pull history',
        'estimate',
      ])
      expect(
        within(repositories[0]!)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ).toEqual(['2.5 GB', '12', expect.any(String), '$0.25', '$0.00', '$0.00', '$0.25'])

      expect(
        within(screen.getByTestId('cost-notes'))
          .getAllByRole('listitem')
          .map((item) => item.textContent),
      ).toEqual([
        'Layers shared between repositories are stored once per repository in ECR.',
        'Pulls from AWS compute in the same Region are free from ECR.',
      ])
      expect(screen.getByTestId('cost-migration-pulls').textContent).toBe('Docker Hub pulls it spends16')
      expect(screen.getByTestId('cost-migration-storage').textContent).toBe('ECR storage it adds3.5 GB')
    },
  )

  it('marks uncertain figures, on their cost line and in the figures table', async () => {
    await estimate()
    expect(within(line('ecr.transfer.crossRegion')).getByTestId('figure-uncertain').textContent).toBe('uncertain')
    expect(within(line('ecr.storage')).queryByTestId('figure-uncertain')).toBeNull()
    const uncertainFigures = screen
      .getAllByTestId('cost-figure-row')
      .filter((row) => within(row).queryByTestId('figure-uncertain'))
    expect(uncertainFigures.map((row) => row.dataset.figure)).toEqual(['ecr.crossRegionPerGb'])
  })

  it('recomputes when an assumption changes, once typing pauses, and not while a field cannot be read', async () => {
    const { backend } = await estimate()

    fireEvent.change(screen.getByTestId('cost-hub-seats'), { target: { value: '1' } })
    fireEvent.change(screen.getByTestId('cost-hub-seats'), { target: { value: '12' } })
    fireEvent.change(screen.getByTestId('cost-hub-seats'), { target: { value: '120' } })
    await waitFor(() =>
      expect(screen.getByTestId('cost-hub-total').textContent).toBe(
        'Docker Hub Team, 120 seats, billed annual$1,800.00',
      ),
    )
    expect(estimates(backend).map((args) => args.assumptions!.hubSeats)).toEqual([1, 120])

    fireEvent.change(screen.getByTestId('cost-internet'), { target: { value: '25' } })
    fireEvent.click(screen.getByTestId('cost-enhanced-scanning'))
    fireEvent.change(screen.getByTestId('cost-hub-plan'), { target: { value: 'business' } })
    await waitFor(() =>
      expect(lastAssumptions(backend)).toMatchObject({
        internetShare: 0.25,
        enhancedScanning: true,
        hubPlan: 'business',
        hubSeats: 120,
      }),
    )
    await waitFor(() => expect(line('ecr.scanning')).toBeTruthy())

    const calls = estimates(backend).length
    fireEvent.change(screen.getByTestId('cost-hub-seats'), { target: { value: '0' } })
    fireEvent.change(screen.getByTestId('cost-cross-region'), { target: { value: '80' } })
    expect(await screen.findByText('A whole number from 1 to 100,000.')).toBeTruthy()
    expect(screen.getByText('Cross-Region and internet pulls add up to more than 100%.')).toBeTruthy()
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(estimates(backend)).toHaveLength(calls)
    expect(screen.getByTestId('cost-summary')).toBeTruthy()
  })

  it('overrides a price and a repository’s pulls, and gives them back to the tables', async () => {
    const { backend } = await estimate()

    fireEvent.change(
      within(
        screen.getAllByTestId('cost-figure-row').find((row) => row.dataset.figure === 'ecr.storagePerGbMonth')!,
      ).getByTestId('cost-figure-value'),
      { target: { value: '0.08' } },
    )
    await waitFor(() => expect(lastAssumptions(backend).overrides).toEqual({ 'ecr.storagePerGbMonth': 0.08 }))
    await waitFor(() =>
      expect(within(line('ecr.storage')).getByTestId('figure-overridden').textContent).toBe('your figure'),
    )
    expect(within(line('ecr.storage')).getByText('$0.28')).toBeTruthy()

    const web = screen.getAllByTestId('cost-repository-row')[0]!
    fireEvent.change(within(web).getByTestId('cost-repository-pulls'), { target: { value: '10000' } })
    await waitFor(() => expect(lastAssumptions(backend).monthlyPulls).toEqual({ 'acme/web': 10000 }))

    fireEvent.click(screen.getByRole('button', { name: "Use the table's value for ecr.storagePerGbMonth" }))
    fireEvent.click(screen.getByRole('button', { name: "Use Docker Hub's pull history for acme/web" }))
    await waitFor(() => expect(lastAssumptions(backend)).toMatchObject({ overrides: {}, monthlyPulls: {} }))
    await waitFor(() =>
      expect(within(screen.getAllByTestId('cost-repository-row')[0]!).getByTestId('cost-pulls-from').textContent).toBe(
        'from pull history',
      ),
    )
  })

  it('estimates only the repositories selected on Compare when asked', async () => {
    const backend = createFakeBackend()
    const stores = createAppStores(localStorage)
    stores.connection.set({ region: 'eu-west-1', namespace: 'acme', prefix: '', dropNamespace: false })
    stores.migration.set({
      compare: { namespace: 'acme', aws: { region: 'eu-west-1' } },
      selection: [{ repository: 'acme/web', tags: ['1.1'] }],
    })
    renderWithBackend(backend, <CostsRoute />, stores)
    fireEvent.click(screen.getByLabelText('Only the 1 repository selected on Compare'))
    fireEvent.click(screen.getByRole('button', { name: 'Estimate' }))
    await screen.findByTestId('cost-summary')
    expect(backend.argsOf('costs.estimate')[0]).toMatchObject({ namespace: 'acme', selection: ['acme/web'] })
  })

  it('exports the cost lines and the per-repository table as CSV', async () => {
    await estimate()
    fireEvent.click(screen.getByRole('button', { name: 'Download cost-lines.csv' }))
    fireEvent.click(screen.getByRole('button', { name: 'Download cost-repositories.csv' }))

    expect(downloads.map((download) => [download.name, download.blob?.type])).toEqual([
      ['cost-lines.csv', 'text/csv;charset=utf-8'],
      ['cost-repositories.csv', 'text/csv;charset=utf-8'],
    ])
    expect(await downloads[0]!.blob!.text()).toBe(
      [
        'side,line,label,quantity,unit,amount_usd,figure,price,price_unit,source,as_of,uncertain,overridden',
        `ecr,ecr.storage,Storage,3.5,GB-month,0.35,ecr.storagePerGbMonth,0.1,USD/GB-month,aws.amazon.com/ecr/pricing ` +
          `(Mar 2026),${PRICE_TABLES.ecr},false,false`,
        `ecr,ecr.transfer.crossRegion,Transfer to other ` +
          `Regions,0,GB,0,ecr.crossRegionPerGb,0.02,USD/GB,"finops.com.py ($0.02/GB out); conflicting: cloudburn ` +
          `$0.09, wring ""$0.01-0.02""",${PRICE_TABLES.ecr},true,false`,
        `ecr,ecr.transfer.internet,Transfer to the internet,0,GB,0,ecr.internetPerGb,0.09,USD/GB,cloudburn.io (Mar ` +
          `2026): $0.09/GB up to 10 TB,${PRICE_TABLES.ecr},false,false`,
        `docker-hub,dockerHub.seats,Team ` +
          `seats,1,seat-months,15,dockerHub.team.annualPrice,15,USD/user/month,docker.com/pricing/faq,` +
          `${PRICE_TABLES.dockerHub},false,false`,
        '',
      ].join('\r\n'),
    )
    expect(await downloads[1]!.blob!.text()).toBe(
      [
        'repository,unique_layer_bytes,images,monthly_pulls,pulls_from,storage_usd,transfer_usd,scanning_usd,total_usd',
        'acme/web,2500000000,12,3000,history,0.25,0,0,0.25',
        'acme/api,1000000000,4,500,estimate,0.1,0,0,0.1',
        '',
      ].join('\r\n'),
    )
  })

  it('exports each chart as a PNG data URL', async () => {
    await estimate()
    fireEvent.click(
      within(await screen.findByTestId('cost-bars')).getByRole('button', { name: 'Download cost-by-component.png' }),
    )
    fireEvent.click(
      within(screen.getByTestId('cost-projection')).getByRole('button', { name: 'Download cost-projection.png' }),
    )
    expect(downloads.map((download) => download.name)).toEqual(['cost-by-component.png', 'cost-projection.png'])
    for (const download of downloads) expect(download.href).toMatch(/^data:image\/png;base64,/)
  })

  it('says why it cannot estimate before a Region is chosen', () => {
    renderWithBackend(createFakeBackend(), <CostsRoute />)
    expect(screen.getByTestId('costs-connection').textContent).toContain('choose an AWS Region on Accounts first')
    expect((screen.getByRole('button', { name: 'Estimate' }) as HTMLButtonElement).disabled).toBe(true)
  })
})
