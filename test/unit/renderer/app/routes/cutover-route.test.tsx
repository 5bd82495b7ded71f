// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { createAppStores, type AppStores } from '../../../../../src-renderer/app/app-stores'
import { CutoverRoute } from '../../../../../src-renderer/app/routes/cutover-route'
import { createFakeBackend, FakeCallError, type FakeHandlers } from '../../support/fake-backend'
import { appInfo, job } from '../../support/fixtures'
import { renderWithBackend } from '../../support/render-app'

const RULE = 'docker.io/acme=123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme'
const FINISHED = job({ id: '20261127-101500-ab12', state: 'finished' })

function renderCutover(handlers: FakeHandlers = {}, prepare?: (stores: AppStores) => void) {
  const backend = createFakeBackend({ 'jobs.list': () => [FINISHED, job({ id: '20261128-090000-cd34' })], ...handlers })
  const stores = createAppStores(localStorage)
  stores.connection.set((previous) => ({ ...previous, hubAccount: 'work', awsProfile: 'prod', region: 'eu-west-1' }))
  prepare?.(stores)
  return { backend, ...renderWithBackend(backend, <CutoverRoute />, stores) }
}

/** Types a folder and a rule, then presses Scan. */
async function pressScan(): Promise<void> {
  fireEvent.change(await screen.findByLabelText('Folder path (absolute)'), { target: { value: '/work/shop' } })
  fireEvent.click(screen.getByRole('button', { name: 'Add folder' }))
  fireEvent.change(screen.getByLabelText('Prefix rules, one a line (FROM=TO)'), { target: { value: RULE } })
  fireEvent.click(screen.getByRole('button', { name: 'Scan' }))
}

/** Scans, and resolves once the headline is there. */
async function scanShop(): Promise<void> {
  await pressScan()
  await screen.findByTestId('cutover-headline')
}

describe('Cutover: scan', () => {
  it('scans the typed folders with the mapping and the Accounts identities, and leads with what still pulls from Hub', async () => {
    const { backend } = renderCutover()
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Cutover')
    await scanShop()
    expect(backend.argsOf('cutover.scan')).toEqual([
      { paths: ['/work/shop'], jobs: [], map: [RULE], offline: false, hubAccount: 'work', awsProfile: 'prod' },
    ])
    expect(screen.getByRole('heading', { level: 2, name: '5 references still pull from Docker Hub' })).toBeTruthy()
    expect(screen.getByTestId('cutover-breakdown').textContent).toMatch(/^8 image references in 4 files: 2 migrated/)
    expect(screen.getAllByTestId('cutover-file').map((file) => file.dataset.file)).toEqual([
      'Dockerfile',
      'k8s/deploy.yaml',
      'helm/values.yaml',
      'compose.yaml',
    ])
    fireEvent.click(screen.getByRole('radio', { name: 'Templated (1)' }))
    expect(screen.getAllByTestId('cutover-reference').map((row) => row.dataset.status)).toEqual(['templated'])
  })

  it('offers only finished jobs for the mapping, and sends the chosen ones', async () => {
    const { backend } = renderCutover()
    const jobs = await screen.findAllByTestId('cutover-job')
    expect(jobs.map((box) => box.dataset.jobId)).toEqual(['20261127-101500-ab12'])
    fireEvent.change(screen.getByLabelText('Folder path (absolute)'), { target: { value: '/work/shop' } })
    fireEvent.click(jobs[0]!)
    fireEvent.click(screen.getByRole('button', { name: 'Scan' }))
    await screen.findByTestId('cutover-headline')
    expect(backend.argsOf('cutover.scan')[0]).toMatchObject({ paths: ['/work/shop'], jobs: [FINISHED.id], map: [] })
  })

  it('asks where the images went before asking the backend, unless offline', async () => {
    const { backend } = renderCutover()
    fireEvent.change(await screen.findByLabelText('Folder path (absolute)'), { target: { value: '/work/shop' } })
    fireEvent.click(screen.getByRole('button', { name: 'Scan' }))
    expect((await screen.findByTestId('cutover-mapping-error')).textContent).toMatch(/^Say where the images went/)
    expect(backend.argsOf('cutover.scan')).toEqual([])
    fireEvent.click(screen.getByRole('switch', { name: "Offline (don't check registries)" }))
    fireEvent.click(screen.getByRole('button', { name: 'Scan' }))
    await screen.findByTestId('cutover-headline')
    expect(backend.argsOf('cutover.scan')).toEqual([
      { paths: ['/work/shop'], jobs: [], map: [], offline: true, hubAccount: 'work', awsProfile: 'prod' },
    ])
    expect(screen.queryByTestId('cutover-mapping-error')).toBeNull()
  })

  it('shows the backend’s refusal', async () => {
    renderCutover({
      'cutover.scan': () => {
        throw new FakeCallError('USAGE', '/work/shop does not exist; choose a folder that does.')
      },
    })
    await pressScan()
    expect((await screen.findByTestId('cutover-scan-error')).textContent).toBe(
      '/work/shop does not exist; choose a folder that does. (USAGE)',
    )
  })

  it('in the desktop app, adds the folders chosen in the system’s dialog', async () => {
    const { backend } = renderCutover({
      'app.info': () => appInfo({ transport: 'ipc', canPickFolders: true }),
      'app.pickFolders': () => ({ paths: ['/home/me/shop', '/home/me/infra'] }),
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Choose folders…' }))
    await screen.findByRole('button', { name: 'Remove /home/me/infra' })
    expect(screen.queryByLabelText('Folder path (absolute)')).toBeNull()
    expect(backend.argsOf('app.pickFolders')).toEqual([{}])
    expect(screen.getAllByTestId('cutover-path-item').map((item) => item.querySelector('code')?.textContent)).toEqual([
      '/home/me/shop',
      '/home/me/infra',
    ])
  })
})

describe('Cutover: preview and apply', () => {
  it('previews the diff per file with each move labelled, and follows the switches', async () => {
    const { backend } = renderCutover()
    await scanShop()
    fireEvent.click(screen.getByRole('button', { name: 'Preview the rewrite' }))
    const result = await screen.findByTestId('cutover-preview-result')
    expect(backend.argsOf('cutover.preview')).toEqual([
      { ...backend.argsOf('cutover.scan')[0], includeUnverified: false, pinDigest: false },
    ])
    expect(within(result).getByTestId('cutover-preview-summary').textContent).toBe(
      '2 files would change: 2 of 4 moves in the rewrite (2 safe, 1 needs copy, 1 would break).',
    )
    const dockerfile = within(result).getAllByTestId('cutover-rewrite')[0]!
    expect(
      within(dockerfile)
        .getAllByTestId('cutover-edit')
        .map((edit) => edit.textContent),
    ).toEqual([
      'safe line 1:6 acme/web:1.0 → becomes 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/web:1.0 · ' +
        'the target holds the same image in ECR',
      'needs copy line 4:6 acme/api:2.3.0 → becomes ' +
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/api:2.3.0 · ' +
        'mirror/acme/api:2.3.0 is not in ECR yet · not in this rewrite',
    ])
    expect(within(dockerfile).getByLabelText('Changes to Dockerfile').querySelectorAll('ins')).toHaveLength(1)
    expect(screen.getByRole('button', { name: 'Apply to 2 files…' })).toBeTruthy()

    fireEvent.click(screen.getByRole('switch', { name: 'Include unverified targets (needs copy)' }))
    await waitFor(() => expect(backend.argsOf('cutover.preview')).toHaveLength(2))
    expect(backend.argsOf('cutover.preview')[1]).toMatchObject({ includeUnverified: true, pinDigest: false })
    await waitFor(() => expect(screen.getByLabelText('Changes to Dockerfile').querySelectorAll('ins')).toHaveLength(2))
  })

  it('writes exactly the files the confirmation named, then shows them and scans again', async () => {
    const { backend } = renderCutover()
    await scanShop()
    fireEvent.click(screen.getByRole('button', { name: 'Preview the rewrite' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Apply to 2 files…' }))
    const dialog = screen.getByRole('dialog', { name: 'Write 2 files?' })
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['/work/shop/Dockerfile', '/work/shop/compose.yaml'])
    expect(backend.argsOf('cutover.apply')).toEqual([])
    fireEvent.click(within(dialog).getByRole('button', { name: 'Write 2 files' }))
    const applied = await screen.findByTestId('cutover-applied')
    expect(backend.argsOf('cutover.apply')).toEqual([
      { ...backend.argsOf('cutover.preview')[0], files: ['/work/shop/Dockerfile', '/work/shop/compose.yaml'] },
    ])
    expect(
      within(applied)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['/work/shop/Dockerfile', '/work/shop/compose.yaml'])
    await waitFor(() => expect(backend.argsOf('cutover.scan')).toHaveLength(2))
    expect(backend.argsOf('cutover.scan')[1]).toEqual(backend.argsOf('cutover.scan')[0])
    expect(screen.queryByTestId('cutover-preview-result')).toBeNull()
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('writes nothing when the confirmation is cancelled', async () => {
    const { backend } = renderCutover()
    await scanShop()
    fireEvent.click(screen.getByRole('button', { name: 'Preview the rewrite' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Apply to 2 files…' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(backend.argsOf('cutover.apply')).toEqual([])
  })

  it('says so when the files changed since the preview', async () => {
    renderCutover({
      'cutover.apply': () => {
        throw new FakeCallError('USAGE', 'The files to rewrite are not the ones confirmed; preview again, then apply.')
      },
    })
    await scanShop()
    fireEvent.click(screen.getByRole('button', { name: 'Preview the rewrite' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Apply to 2 files…' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Write 2 files' }))
    expect((await screen.findByTestId('cutover-apply-error')).textContent).toMatch(/preview again, then apply/)
    expect(screen.queryByTestId('cutover-applied')).toBeNull()
  })
})

describe('Cutover: live workloads', () => {
  it('reads ECS from the Accounts target and a Kubernetes context, and shows the gauge and the table', async () => {
    const { backend } = renderCutover()
    await scanShop()
    fireEvent.click(screen.getByRole('checkbox', { name: 'Read ECS services and CodeBuild projects' }))
    expect((screen.getByLabelText('Region') as HTMLInputElement).value).toBe('eu-west-1')
    expect((screen.getByLabelText('AWS profile') as HTMLInputElement).value).toBe('prod')
    fireEvent.change(screen.getByLabelText('Clusters'), { target: { value: 'shop, ops' } })
    fireEvent.click(screen.getByRole('checkbox', { name: 'Read a cluster through the kubeconfig' }))
    fireEvent.change(screen.getByLabelText('Context'), { target: { value: 'staging' } })
    fireEvent.click(screen.getByRole('button', { name: 'Check workloads' }))
    const headline = await screen.findByTestId('cutover-live-headline')
    expect(headline.textContent).toBe('2 of 3 workloads still pull from Docker Hub')
    expect(backend.argsOf('cutover.live')).toEqual([
      {
        jobs: [],
        map: [RULE],
        offline: false,
        hubAccount: 'work',
        awsProfile: 'prod',
        paths: ['/work/shop'],
        ecs: { region: 'eu-west-1', profile: 'prod', clusters: ['shop', 'ops'] },
        kubernetes: { context: 'staging' },
      },
    ])
    expect(screen.getAllByTestId('cutover-live-row')).toHaveLength(4)
  })

  it('asks for a source, and for the mapping, before reading anything', async () => {
    const { backend } = renderCutover()
    fireEvent.click(await screen.findByRole('button', { name: 'Check workloads' }))
    expect((await screen.findByTestId('cutover-live-mapping-error')).textContent).toMatch(/^Say where the images went/)
    fireEvent.click(screen.getByRole('switch', { name: "Offline (don't check registries)" }))
    fireEvent.click(screen.getByRole('button', { name: 'Check workloads' }))
    expect(await screen.findByText('Choose ECS, Kubernetes or both.')).toBeTruthy()
    expect(backend.argsOf('cutover.live')).toEqual([])
  })
})
