// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { FileDiff } from '../../../../../../src-renderer/features/cutover/components/file-diff'
import { cutoverPreview } from '../../../support/fixtures'

afterEach(cleanup)

describe('FileDiff', () => {
  it('shows the diff in a named, focusable block: additions as <ins>, removals as <del>, each keeping its sign', () => {
    const [dockerfile] = cutoverPreview({ includeUnverified: true }).files
    render(<FileDiff diff={dockerfile!.diff} file="Dockerfile" />)
    const block = screen.getByLabelText('Changes to Dockerfile')
    expect(block.tagName).toBe('PRE')
    expect(block.getAttribute('tabindex')).toBe('0')
    expect([...block.querySelectorAll('del')].map((line) => line.textContent)).toEqual([
      '-FROM acme/web:1.0 AS base',
      '-FROM acme/api:2.3.0',
    ])
    expect([...block.querySelectorAll('ins')].map((line) => line.textContent)).toEqual([
      '+FROM 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/web:1.0 AS base',
      '+FROM 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/api:2.3.0',
    ])
    // A comment that starts with "--" is context, not a removal.
    const context = [...block.querySelectorAll('.diff-context')].map((line) => line.textContent)
    expect(context).toEqual([' # -- build stage', ' RUN make'])
    expect(block.querySelector('.diff-hunk')?.textContent).toBe('@@ -1,4 +1,4 @@')
  })

  it('drops the carriage return of a CRLF file’s lines from what is shown', () => {
    render(<FileDiff diff={cutoverPreview().files[1]!.diff} file="compose.yaml" />)
    const added = screen.getByLabelText('Changes to compose.yaml').querySelector('ins')!
    expect(added.textContent).toBe('+    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/acme/docs:stable')
  })

  it('says so when the file does not change', () => {
    render(<FileDiff diff="" file="k8s/deploy.yaml" />)
    expect(screen.getByText('This file does not change.')).toBeTruthy()
    expect(screen.queryByLabelText('Changes to k8s/deploy.yaml')).toBeNull()
  })
})
