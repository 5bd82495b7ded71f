// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { DEMO_BANNER_TEXT } from '../../../../src-renderer/app/app-shell'
import { createFakeBackend } from '../support/fake-backend'
import { appInfo, job } from '../support/fixtures'
import { openView, renderWithBackend } from '../support/render-app'

describe('App shell', () => {
  it('says plainly when the backend is the local sandbox', async () => {
    renderWithBackend(createFakeBackend({ 'app.info': () => appInfo({ demo: true }) }))
    expect((await screen.findByTestId('demo-banner')).textContent).toBe(DEMO_BANNER_TEXT)
    expect(DEMO_BANNER_TEXT).toBe('Local sandbox: emulated Docker Hub and Amazon ECR, not your real accounts')
  })

  it('shows no banner for real accounts', async () => {
    renderWithBackend(createFakeBackend())
    await screen.findByText(/v0\.1\.0/)
    expect(screen.queryByTestId('demo-banner')).toBeNull()
  })

  it('navigates with links in the sidebar and marks the current one', async () => {
    renderWithBackend(createFakeBackend())
    const nav = screen.getByRole('navigation', { name: 'Main' })
    expect([...nav.querySelectorAll('a')].map((link) => link.textContent)).toEqual([
      'Accounts',
      'Compare',
      'Migrate',
      'Report',
      'Cutover',
      'Costs',
      'Limits',
    ])
    expect(screen.getByRole('link', { name: 'Accounts' }).getAttribute('aria-current')).toBe('page')

    act(() => openView(screen.getByRole('link', { name: 'Costs' }).getAttribute('href')!))
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Costs'))
    expect(screen.getByRole('button', { name: 'Estimate' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Costs' }).getAttribute('aria-current')).toBe('page')
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 }))
  })

  it('follows the system theme until a theme is chosen, and remembers the choice', async () => {
    renderWithBackend(createFakeBackend())
    expect(document.documentElement.dataset.theme).toBeUndefined()
    fireEvent.change(screen.getByLabelText('Theme'), { target: { value: 'dark' } })
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(localStorage.getItem('crossdock.theme')).toBe('"dark"')
    fireEvent.change(screen.getByLabelText('Theme'), { target: { value: 'system' } })
    expect(document.documentElement.dataset.theme).toBeUndefined()
  })

  it('keeps job events in the store and refreshes the jobs list when a state changes, not on every progress tick', async () => {
    const backend = createFakeBackend()
    openView('#/migrate')
    const { stores } = renderWithBackend(backend)
    await waitFor(() => expect(backend.listenerCount()).toBe(1))
    const listed = (): number => backend.argsOf('jobs.list').length
    await waitFor(() => expect(listed()).toBe(1))

    act(() => backend.emit(job({ state: 'running' })))
    await waitFor(() => expect(listed()).toBe(2))
    act(() => backend.emit(job({ state: 'running', progress: { ...job().progress!, tagsCopied: 1 } })))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(listed()).toBe(2)
    act(() => backend.emit(job({ state: 'finished' })))
    await waitFor(() => expect(listed()).toBe(3))
    expect(stores.jobs.store.get().get(job().id)?.job.state).toBe('finished')
  })
})
