// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApplyDialog } from '../../../../../../src-renderer/features/cutover/components/apply-dialog'

afterEach(cleanup)

const FILES = ['/work/shop/Dockerfile', '/work/shop/compose.yaml']

describe('ApplyDialog', () => {
  it('names every file it will write, and writes only when confirmed', () => {
    const onConfirm = vi.fn()
    const onCancel = vi.fn()
    render(<ApplyDialog open files={FILES} onConfirm={onConfirm} onCancel={onCancel} />)
    const dialog = screen.getByRole('dialog', { name: 'Write 2 files?' })
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(FILES)
    // Focus starts on Cancel: Enter right away does not write anything.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(onConfirm).not.toHaveBeenCalled()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Write 2 files' }))
    expect(onConfirm).toHaveBeenCalledTimes(1)
    expect(onCancel).not.toHaveBeenCalled()
  })

  it('closes with Escape without writing, and says "file" for one', () => {
    const onConfirm = vi.fn()
    const onCancel = vi.fn()
    render(<ApplyDialog open files={[FILES[0]!]} onConfirm={onConfirm} onCancel={onCancel} />)
    const dialog = screen.getByRole('dialog', { name: 'Write 1 file?' })
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(onCancel).toHaveBeenCalledTimes(1)
    expect(onConfirm).not.toHaveBeenCalled()
  })

  it('shows nothing while closed', () => {
    render(<ApplyDialog open={false} files={FILES} onConfirm={vi.fn()} onCancel={vi.fn()} />)
    expect(screen.queryByRole('dialog')).toBeNull()
  })
})
