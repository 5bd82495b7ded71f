// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompareDto } from '../../../../../src-main/contract'
import { createAppStores } from '../../../../../src-renderer/app/app-stores'
import { CompareRoute } from '../../../../../src-renderer/app/routes/compare-route'
import { createFakeBackend } from '../../support/fake-backend'
import { largeComparison, smallComparison } from '../../support/fixtures'
import { renderWithBackend } from '../../support/render-app'

// happy-dom lays nothing out: give the table's scroll box a real height so the virtualiser has a window.
const VIEWPORT = 600
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === 'compare-scroll' ? VIEWPORT : 0
    },
  })
})
afterAll(() => {
  delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight
  if (clientHeight) Object.defineProperty(Element.prototype, 'clientHeight', clientHeight)
})

async function compareWith(data: CompareDto) {
  const backend = createFakeBackend({ 'compare.run': () => data })
  const stores = createAppStores(localStorage)
  stores.connection.set({
    hubAccount: 'work',
    awsProfile: 'prod',
    region: 'eu-west-1',
    namespace: '',
    prefix: '',
    dropNamespace: false,
  })
  const rendered = renderWithBackend(backend, <CompareRoute />, stores)
  fireEvent.change(screen.getByLabelText('Docker Hub namespace'), { target: { value: data.namespace } })
  fireEvent.change(screen.getByLabelText('ECR prefix'), { target: { value: 'mirror' } })
  fireEvent.click(screen.getByRole('button', { name: 'Compare' }))
  await screen.findByTestId('compare-table')
  return { backend, stores, rendered }
}

function visibleRows(): Array<{ kind: string; repository: string; tag?: string; state?: string }> {
  return screen.getAllByTestId('compare-row').map((row) => ({
    kind: row.dataset.kind!,
    repository: row.dataset.repository!,
    ...(row.dataset.tag ? { tag: row.dataset.tag, state: row.dataset.state } : {}),
  }))
}

function tagCheckbox(repository: string, tag: string): HTMLInputElement {
  return screen.getByRole('checkbox', { name: `Select ${repository}:${tag}` }) as HTMLInputElement
}

describe('Compare', () => {
  it('runs compare.run with the connection and the form, and shows Docker Hub and ECR side by side per tag', async () => {
    const { backend } = await compareWith(smallComparison())

    expect(backend.argsOf('compare.run')).toEqual([
      {
        namespace: 'acme',
        hubAccount: 'work',
        aws: { profile: 'prod', region: 'eu-west-1' },
        prefix: 'mirror',
        dropNamespace: false,
      },
    ])
    expect(screen.getByTestId('compare-summary').textContent).toContain('3 repositories, 6 tags')
    expect(visibleRows()).toEqual([
      { kind: 'repository', repository: 'acme/web' },
      { kind: 'tag', repository: 'acme/web', tag: '1.0', state: 'both' },
      { kind: 'tag', repository: 'acme/web', tag: '1.1', state: 'hub-only' },
      { kind: 'tag', repository: 'acme/web', tag: 'latest', state: 'differs' },
      { kind: 'repository', repository: 'acme/api' },
      { kind: 'tag', repository: 'acme/api', tag: '2.0', state: 'hub-only' },
      { kind: 'tag', repository: 'acme/api', tag: 'old', state: 'ecr-only' },
      { kind: 'repository', repository: 'acme/tools' },
      { kind: 'tag', repository: 'acme/tools', tag: 'v3', state: 'hub-only' },
    ])
    const differs = screen.getAllByTestId('compare-row').find((row) => row.dataset.tag === 'latest')!
    expect(within(differs).getByTestId('tag-state').textContent).toBe('Digest differs')
    expect(
      within(differs)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(expect.arrayContaining(['linux/amd64, linux/arm64', '12.3 MB']))
    expect(tagCheckbox('acme/api', 'old').disabled).toBe(true)
  })

  it('filters by state and by a search over repository and tag names', async () => {
    await compareWith(smallComparison())

    fireEvent.click(screen.getByRole('radio', { name: /Missing in ECR \(3\)/ }))
    expect(
      visibleRows()
        .filter((row) => row.kind === 'tag')
        .map((row) => `${row.repository}:${row.tag}`),
    ).toEqual(['acme/web:1.1', 'acme/api:2.0', 'acme/tools:v3'])

    fireEvent.change(screen.getByLabelText('Search repositories and tags'), { target: { value: 'TOOLS' } })
    await waitFor(() =>
      expect(visibleRows()).toEqual([
        { kind: 'repository', repository: 'acme/tools' },
        { kind: 'tag', repository: 'acme/tools', tag: 'v3', state: 'hub-only' },
      ]),
    )

    fireEvent.click(screen.getByRole('radio', { name: /^All/ }))
    fireEvent.change(screen.getByLabelText('Search repositories and tags'), { target: { value: 'latest' } })
    await waitFor(() =>
      expect(visibleRows()).toEqual([
        { kind: 'repository', repository: 'acme/web' },
        { kind: 'tag', repository: 'acme/web', tag: 'latest', state: 'differs' },
      ]),
    )
  })

  it('selects a range with shift-click, across repositories, skipping tags only in ECR', async () => {
    await compareWith(smallComparison())

    fireEvent.click(tagCheckbox('acme/web', '1.0'))
    fireEvent.click(tagCheckbox('acme/api', '2.0'), { shiftKey: true })

    expect(['1.0', '1.1', 'latest'].map((tag) => tagCheckbox('acme/web', tag).checked)).toEqual([true, true, true])
    expect(tagCheckbox('acme/api', '2.0').checked).toBe(true)
    expect(tagCheckbox('acme/tools', 'v3').checked).toBe(false)
    expect(screen.getByTestId('compare-selection-count').textContent).toBe('4 tags in 2 repositories selected')

    // A shift-click that unchecks clears the range back to the anchor.
    fireEvent.click(tagCheckbox('acme/web', '1.1'), { shiftKey: true })
    expect(tagCheckbox('acme/web', '1.1').checked).toBe(false)
    expect(tagCheckbox('acme/web', 'latest').checked).toBe(false)
    expect(tagCheckbox('acme/api', '2.0').checked).toBe(false)
    expect(tagCheckbox('acme/web', '1.0').checked).toBe(true)
  })

  it('selects all matching the filter and hands the selection to Migrate', async () => {
    const { stores } = await compareWith(smallComparison())

    fireEvent.click(screen.getByRole('radio', { name: /Missing in ECR/ }))
    fireEvent.click(screen.getByTestId('compare-select-all'))
    expect(screen.getByTestId('compare-selection-count').textContent).toBe('3 tags in 3 repositories selected')
    fireEvent.click(screen.getByRole('radio', { name: /^All/ }))
    expect(tagCheckbox('acme/web', '1.0').checked).toBe(false)
    const webRepository = screen.getByRole('checkbox', { name: 'Select the 3 tags of acme/web' }) as HTMLInputElement
    expect(webRepository.indeterminate).toBe(true)

    fireEvent.click(screen.getByRole('button', { name: 'Migrate selected' }))

    expect(stores.migration.get()).toEqual({
      compare: {
        namespace: 'acme',
        hubAccount: 'work',
        aws: { profile: 'prod', region: 'eu-west-1' },
        prefix: 'mirror',
        dropNamespace: false,
      },
      selection: [{ repository: 'acme/web', tags: ['1.1'] }, { repository: 'acme/api' }, { repository: 'acme/tools' }],
    })
    expect(window.location.hash).toBe('#/migrate')
  })

  it('keeps the DOM small with 5,000 repositories and 50,000 tags, and scrolls through all of them', async () => {
    await compareWith(largeComparison(5_000, 10))

    const table = screen.getByTestId('compare-table')
    expect(table.getAttribute('aria-rowcount')).toBe(String(55_000 + 1))
    const rendered = screen.getAllByTestId('compare-row')
    expect(rendered.length).toBeGreaterThan(10)
    expect(rendered.length).toBeLessThan(60)
    expect(rendered[0]!.dataset.repository).toBe('big/repo-0000')

    const scroller = screen.getByTestId('compare-scroll')
    scroller.scrollTop = 55_000 * 36 - VIEWPORT
    fireEvent.scroll(scroller)
    await waitFor(() =>
      expect(screen.getAllByTestId('compare-row').at(-1)!.dataset).toMatchObject({
        repository: 'big/repo-4999',
        tag: 'v9',
      }),
    )
    expect(screen.getAllByTestId('compare-row').length).toBeLessThan(60)

    fireEvent.click(screen.getByTestId('compare-select-all'))
    expect(screen.getByTestId('compare-selection-count').textContent).toBe('50,000 tags in 5,000 repositories selected')
  })
})
