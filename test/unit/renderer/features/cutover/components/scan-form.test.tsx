// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CutoverScanForm } from '../../../../../../src-renderer/features/cutover/components/scan-form'
import {
  DEFAULT_CUTOVER_FORM,
  type CutoverForm,
} from '../../../../../../src-renderer/features/cutover/model/cutover-form'
import { job } from '../../../support/fixtures'

afterEach(cleanup)

interface Harness {
  canPickFolders?: boolean
  onPickFolders?: () => void
  onScan?: () => void
  initial?: Partial<CutoverForm>
}

/** The form with its state kept here, as the route keeps it in a store; `seen` is what it holds now. */
function Stateful({ seen, harness }: { seen: { form: CutoverForm }; harness: Required<Omit<Harness, 'initial'>> }) {
  const [form, setForm] = useState<CutoverForm>(seen.form)
  seen.form = form
  return (
    <CutoverScanForm
      form={form}
      errors={{}}
      canPickFolders={harness.canPickFolders}
      jobs={[job({ state: 'finished' }), job({ id: '20261128-090000-cd34', state: 'finished' })]}
      picking={false}
      scanning={false}
      onChange={(change) => setForm((previous) => ({ ...previous, ...change }))}
      onPickFolders={harness.onPickFolders}
      onScan={harness.onScan}
    />
  )
}

function renderForm({ canPickFolders = false, onPickFolders = vi.fn(), onScan = vi.fn(), initial = {} }: Harness) {
  const seen: { form: CutoverForm } = { form: { ...DEFAULT_CUTOVER_FORM, ...initial } }
  render(<Stateful seen={seen} harness={{ canPickFolders, onPickFolders, onScan }} />)
  return seen
}

describe('CutoverScanForm in a browser', () => {
  it('takes typed absolute paths, with Enter or Add, and removes them again', () => {
    const seen = renderForm({})
    expect(screen.queryByRole('button', { name: 'Choose folders…' })).toBeNull()
    const field = screen.getByLabelText('Folder path (absolute)')
    fireEvent.change(field, { target: { value: '/work/shop' } })
    fireEvent.keyDown(field, { key: 'Enter' })
    fireEvent.change(field, { target: { value: '/work/infra' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add folder' }))
    expect(seen.form.paths).toEqual(['/work/shop', '/work/infra'])
    expect(seen.form.pathDraft).toBe('')
    const list = screen.getByRole('list', { name: 'Folders to scan' })
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.querySelector('code')?.textContent),
    ).toEqual(['/work/shop', '/work/infra'])
    fireEvent.click(screen.getByRole('button', { name: 'Remove /work/shop' }))
    expect(seen.form.paths).toEqual(['/work/infra'])
  })

  it('refuses a relative path and says how to write one', () => {
    const seen = renderForm({})
    const field = screen.getByLabelText('Folder path (absolute)')
    fireEvent.change(field, { target: { value: 'shop' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add folder' }))
    expect(seen.form.paths).toEqual([])
    expect(field.getAttribute('aria-invalid')).toBe('true')
    const error = document.getElementById(field.getAttribute('aria-describedby')!)
    expect(error?.textContent).toMatch(/full path from the root/)
  })

  it('offers the finished jobs to choose, the prefix rules, and offline as a switch', () => {
    const onScan = vi.fn()
    const seen = renderForm({ onScan })
    fireEvent.click(screen.getByRole('checkbox', { name: /20261128-090000-cd34/ }))
    expect(seen.form.jobs).toEqual(['20261128-090000-cd34'])
    fireEvent.change(screen.getByLabelText('Prefix rules, one a line (FROM=TO)'), {
      target: { value: 'docker.io/acme=1.dkr.ecr.eu-west-1.amazonaws.com/acme' },
    })
    expect(seen.form.rules).toBe('docker.io/acme=1.dkr.ecr.eu-west-1.amazonaws.com/acme')
    const offline = screen.getByRole('switch', { name: "Offline (don't check registries)" })
    fireEvent.click(offline)
    expect(seen.form.offline).toBe(true)
    expect(offline.getAttribute('aria-checked')).toBe('true')
    fireEvent.click(screen.getByRole('button', { name: 'Scan' }))
    expect(onScan).toHaveBeenCalledTimes(1)
  })
})

describe('CutoverScanForm in the desktop app', () => {
  it('opens the system’s folder dialog instead of a path field', () => {
    const onPickFolders = vi.fn()
    renderForm({ canPickFolders: true, onPickFolders, initial: { paths: ['/home/me/repo'] } })
    expect(screen.queryByLabelText('Folder path (absolute)')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Choose folders…' }))
    expect(onPickFolders).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('button', { name: 'Remove /home/me/repo' })).toBeTruthy()
  })
})
