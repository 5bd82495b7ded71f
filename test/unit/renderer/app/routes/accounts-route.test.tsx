// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AccountsRoute } from '../../../../../src-renderer/app/routes/accounts-route'
import { accounts, appInfo, hubQuota } from '../../support/fixtures'
import { createFakeBackend, FakeCallError } from '../../support/fake-backend'
import { renderWithBackend } from '../../support/render-app'

const INSECURE = appInfo({ secretStorage: { description: 'basic_text (no keyring)', secure: false } })

describe('Accounts: adding a Docker Hub account', () => {
  it('asks for the token in a password field and, without secure storage, leaves "save" off and says why', async () => {
    renderWithBackend(createFakeBackend({ 'app.info': () => INSECURE }), <AccountsRoute />)

    const token = await screen.findByLabelText('Access token')
    expect(token).toHaveProperty('type', 'password')
    const save = screen.getByRole('checkbox', { name: /save the token/i }) as HTMLInputElement
    expect(save.checked).toBe(false)
    expect(screen.getByTestId('secret-storage-note').textContent).toMatch(
      /no secure secret storage \(basic_text \(no keyring\)\).*kept only for this session/,
    )
  })

  it('saves by default when the storage is secure', async () => {
    renderWithBackend(createFakeBackend(), <AccountsRoute />)
    const save = (await screen.findByRole('checkbox', { name: /save the token/i })) as HTMLInputElement
    expect(save.checked).toBe(true)
  })

  it('sends name, user, token and the save choice, then clears the form and chooses the account for Compare', async () => {
    const backend = createFakeBackend({
      'app.info': () => INSECURE,
      'accounts.addHub': (args) => ({
        name: args.name,
        kind: 'dockerhub',
        username: args.username,
        addedAt: '2026-11-27T10:00:00Z',
        saved: args.save ?? true,
      }),
    })
    const { stores } = renderWithBackend(backend, <AccountsRoute />)

    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'ci' } })
    fireEvent.change(screen.getByLabelText('Docker Hub user'), { target: { value: 'bot' } })
    fireEvent.change(screen.getByLabelText('Access token'), { target: { value: 'dckr_pat_x' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add account' }))

    await waitFor(() =>
      expect(backend.argsOf('accounts.addHub')).toEqual([
        { name: 'ci', username: 'bot', token: 'dckr_pat_x', save: false },
      ]),
    )
    await waitFor(() => expect((screen.getByLabelText('Access token') as HTMLInputElement).value).toBe(''))
    expect(stores.connection.get().hubAccount).toBe('ci')
    // The list is asked again after the add.
    expect(backend.argsOf('accounts.list').length).toBeGreaterThanOrEqual(2)
  })

  it('shows a refused sign-in and keeps what was typed', async () => {
    const backend = createFakeBackend({
      'accounts.addHub': () => Promise.reject(new FakeCallError('AUTH_FAILED', 'Docker Hub refused the token.')),
    })
    renderWithBackend(backend, <AccountsRoute />)

    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'ci' } })
    fireEvent.change(screen.getByLabelText('Docker Hub user'), { target: { value: 'bot' } })
    fireEvent.change(screen.getByLabelText('Access token'), { target: { value: 'bad' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add account' }))

    expect((await screen.findByTestId('hub-account-error')).textContent).toContain(
      'Docker Hub refused the token. (AUTH_FAILED)',
    )
    expect((screen.getByLabelText('Access token') as HTMLInputElement).value).toBe('bad')
  })
})

describe('Accounts: the saved accounts', () => {
  it("shows each account's pull quota and the namespaces it can see", async () => {
    const quota = (account: string | undefined) => ({
      ...hubQuota(account ?? 'anonymous', account ? 97 : 40),
      namespaces: account ? ['alice', 'acme'] : [],
    })
    renderWithBackend(createFakeBackend({ 'limits.hub': (args) => quota(args.hubAccount) }), <AccountsRoute />)

    const row = (await screen.findAllByTestId('hub-account-row')).find(
      (candidate) => candidate.dataset.account === 'work',
    )!
    await waitFor(() =>
      expect(within(row).getByTestId('hub-account-quota').textContent).toBe(
        '97 of 100 pulls left in a rolling 6 h window',
      ),
    )
    const fallback = screen.getAllByTestId('hub-account-row').find((candidate) => candidate.dataset.account === '')!
    await waitFor(() =>
      expect(within(fallback).getByTestId('hub-account-quota').textContent).toBe(
        '40 of 100 pulls left in a rolling 6 h window',
      ),
    )
    expect(within(row).getByTestId('hub-account-namespaces').textContent).toBe('alice, acme')
    expect(within(fallback).getByTestId('hub-account-namespaces').textContent).toBe('public repositories only')
  })

  it('removes an account after confirming, and Escape closes the question without removing', async () => {
    const backend = createFakeBackend({ 'accounts.removeHub': (args) => ({ removed: args.name }) })
    renderWithBackend(backend, <AccountsRoute />)

    fireEvent.click(await screen.findByRole('button', { name: 'Remove work' }))
    const dialog = screen.getByRole('dialog', { name: 'Remove work?' })
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }))
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(backend.argsOf('accounts.removeHub')).toEqual([])

    fireEvent.click(screen.getByRole('button', { name: 'Remove work' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove' }))
    await waitFor(() => expect(backend.argsOf('accounts.removeHub')).toEqual([{ name: 'work' }]))
  })
})

describe('Accounts: AWS target', () => {
  it("takes the profile's Region, verifies it and shows the account and registry", async () => {
    const backend = createFakeBackend({
      'accounts.verifyAws': (args) => ({
        profile: args.profile,
        region: args.region,
        accountId: '123456789012',
        registry: `123456789012.dkr.ecr.${args.region}.amazonaws.com`,
      }),
    })
    const { stores } = renderWithBackend(backend, <AccountsRoute />)

    fireEvent.change(await screen.findByLabelText('AWS profile'), { target: { value: 'prod' } })
    expect((screen.getByLabelText('AWS Region') as HTMLInputElement).value).toBe('eu-west-1')
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }))

    expect((await screen.findByTestId('aws-identity')).textContent).toBe(
      'AWS account 123456789012, registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    )
    expect(backend.argsOf('accounts.verifyAws')).toEqual([{ profile: 'prod', region: 'eu-west-1' }])
    expect(stores.connection.get()).toMatchObject({ awsProfile: 'prod', region: 'eu-west-1' })
    expect(JSON.parse(localStorage.getItem('crossdock.connection')!)).toMatchObject({
      awsProfile: 'prod',
      region: 'eu-west-1',
    })
  })

  it('will not verify a Region that is not one', async () => {
    renderWithBackend(createFakeBackend({ 'accounts.list': () => accounts({ awsProfiles: [] }) }), <AccountsRoute />)
    fireEvent.change(await screen.findByLabelText('AWS Region'), { target: { value: 'Ireland' } })
    expect((screen.getByRole('button', { name: 'Verify' }) as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByText('An AWS Region looks like eu-west-1.')).toBeTruthy()
  })
})
