// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  LiveGaugeCard,
  LiveWorkloadsTable,
} from '../../../../../../src-renderer/features/cutover/components/live-workloads'
import {
  ReferenceFilters,
  ReferenceGroups,
} from '../../../../../../src-renderer/features/cutover/components/reference-list'
import {
  filterCounts,
  groupByFile,
  type ReferenceFilter,
} from '../../../../../../src-renderer/features/cutover/model/references'
import { cutoverLive, cutoverScan } from '../../../support/fixtures'

afterEach(cleanup)

function FilteredReferences() {
  const { references } = cutoverScan()
  const [filter, setFilter] = useState<ReferenceFilter>('all')
  return (
    <>
      <ReferenceFilters filter={filter} counts={filterCounts(references)} onChange={setFilter} />
      <ReferenceGroups groups={groupByFile(references, filter)} />
    </>
  )
}

const fileSections = () => screen.getAllByTestId('cutover-file')

describe('ReferenceGroups and ReferenceFilters', () => {
  it('shows each file under its own heading, each reference with its place, status in words, target and fix', () => {
    render(<FilteredReferences />)
    expect(fileSections().map((section) => within(section).getByRole('heading').textContent)).toEqual([
      'Dockerfile',
      'k8s/deploy.yaml',
      'helm/values.yaml',
      'compose.yaml',
    ])
    const dockerfile = within(fileSections()[0]!).getAllByRole('row').slice(1)
    expect(dockerfile.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['Line 1:6', 'Line 4:6'])
    const api = dockerfile[1]!
    expect(within(api).getByTestId('cutover-reference-text').textContent).toBe('acme/api:2.3.0')
    expect(within(api).getByTestId('reference-status').textContent).toBe('not migrated')
    expect(api.textContent).toContain('123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/api:2.3.0')
    expect(within(api).getByTestId('cutover-reference-fix').textContent).toBe(
      "crossdock migrate --from docker.io/acme/api --to ecr://eu-west-1/mirror --tags '2.3.0'",
    )
    expect(within(api).getByRole('button', { name: 'Copy the command that migrates acme/api:2.3.0' })).toBeTruthy()
    // The first reference has no fix: nothing to copy.
    expect(within(dockerfile[0]!).queryByRole('button')).toBeNull()
    const worker = within(fileSections()[1]!).getAllByRole('row')[1]!
    expect(within(worker).getByTestId('cutover-reference-note').textContent).toBe(
      'Docker Hub has no such image readable here (not found)',
    )
    expect(within(fileSections()[2]!).getByText(/likely an image/)).toBeTruthy()
  })

  it('narrows to a status with a radio group that says how many each holds', () => {
    render(<FilteredReferences />)
    const group = screen.getByRole('group', { name: 'Show references' })
    expect(
      within(group)
        .getAllByRole('radio')
        .map((radio) => radio.parentElement?.textContent),
    ).toEqual([
      'All (8)',
      'Still on Docker Hub (5)',
      'Migrated (2)',
      'Not migrated (3)',
      'Elsewhere (2)',
      'Templated (1)',
    ])
    fireEvent.click(within(group).getByRole('radio', { name: 'Elsewhere (2)' }))
    expect(fileSections().map((section) => section.dataset.file)).toEqual(['k8s/deploy.yaml'])
    expect(screen.getAllByTestId('reference-status').map((status) => status.textContent)).toEqual([
      'not Docker Hub',
      'Docker Hub mirror',
    ])
    fireEvent.click(within(group).getByRole('radio', { name: 'Migrated (2)' }))
    expect(fileSections().map((section) => section.dataset.file)).toEqual(['Dockerfile', 'compose.yaml'])
  })

  it('says so when nothing matches', () => {
    render(<ReferenceGroups groups={[]} />)
    expect(screen.getByText('No reference matches this filter.')).toBeTruthy()
  })
})

describe('LiveGaugeCard and LiveWorkloadsTable', () => {
  it('shows N of M workloads still on Docker Hub as a meter with words', () => {
    render(<LiveGaugeCard live={cutoverLive()} />)
    const meter = screen.getByRole('meter')
    expect([meter.getAttribute('aria-valuenow'), meter.getAttribute('aria-valuemax')]).toEqual(['2', '3'])
    expect(meter.getAttribute('aria-valuetext')).toBe('2 of 3 workloads still pull from Docker Hub')
    expect(screen.getByTestId('cutover-live-headline').textContent).toBe('2 of 3 workloads still pull from Docker Hub')
  })

  it('says done at zero', () => {
    render(<LiveGaugeCard live={{ stillOnDockerHub: 0, total: 3 }} />)
    expect(screen.getByTestId('cutover-live-headline').textContent).toBe(
      'Done: none of the 3 workloads pulls from Docker Hub',
    )
    expect(screen.getByRole('meter').getAttribute('aria-valuenow')).toBe('0')
  })

  it('lists each container: workload, image, status, target, Docker Hub pull secret, and the files that define it', () => {
    render(<LiveWorkloadsTable workloads={cutoverLive().workloads} />)
    const table = screen.getByRole('table', { name: 'Running workloads and their images' })
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Workload', 'Container', 'Image', 'Status', 'Moves to', 'Docker Hub pull secret', 'Defined in'])
    const web = within(table)
      .getAllByRole('row')
      .find((row) => row.dataset.workload === 'k8s:Deployment/shop/web' && row.textContent?.includes('acme/web:1.0'))!
    expect(
      within(web)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([
      'web',
      'acme/web:1.0',
      'migrated',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/web:1.0',
      'Yes',
      '/work/shop/k8s/deploy.yaml:16',
    ])
    const nightly = within(table)
      .getAllByRole('row')
      .find((row) => row.dataset.workload === 'k8s:CronJob/ops/nightly')!
    expect(within(nightly).getByTestId('cutover-live-secret').textContent).toBe('No')
  })
})
