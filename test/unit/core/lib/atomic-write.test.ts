import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeFileAtomically } from '../../../../src-main/core/lib/atomic-write'

const directory = mkdtempSync(join(tmpdir(), 'crossdock-atomic-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

describe('writeFileAtomically', () => {
  it('replaces a file with one only its owner can read, and leaves nothing beside it', () => {
    const path = join(directory, 'job.json')
    writeFileSync(path, 'old', { mode: 0o644 })
    writeFileAtomically(path, '{"new":true}\n')
    expect(readFileSync(path, 'utf8')).toBe('{"new":true}\n')
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readdirSync(directory)).toEqual(['job.json'])
  })

  it('fails with the file system error and removes its temporary file when the rename fails', () => {
    const occupied = join(directory, 'occupied')
    mkdirSync(occupied)
    expect(() => writeFileAtomically(occupied, 'x')).toThrow(expect.objectContaining({ code: 'EISDIR' }))
    expect(readdirSync(directory).sort()).toEqual(['job.json', 'occupied'])
  })
})
