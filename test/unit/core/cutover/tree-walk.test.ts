import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_SCANNED_BYTES, walkTextFiles, type SkippedFile } from '../../../../src-main/core/cutover/tree-walk'

const root = mkdtempSync(join(tmpdir(), 'crossdock-walk-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function put(path: string, content: string | Buffer): void {
  mkdirSync(join(root, path, '..'), { recursive: true })
  writeFileSync(join(root, path), content)
}

put('.gitignore', 'build/\n*.log\n')
put('Dockerfile', 'FROM node:20\n')
put('build/Dockerfile', 'FROM ignored:1\n')
put('app.log', 'FROM ignored:2\n')
put('node_modules/pkg/Dockerfile', 'FROM ignored:3\n')
put('vendor/lib/compose.yaml', 'services: {}\n')
put('services/api/.gitignore', 'generated.yaml\n!keep.log\n')
put('services/api/generated.yaml', 'image: ignored:4\n')
put('services/api/keep.log', 'kept despite *.log above\n')
put('services/api/deploy.yaml', 'image: nginx\n')
put('services/web/generated.yaml', 'only ignored under services/api\n')
put('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))
put('dump.json', 'x'.repeat(MAX_SCANNED_BYTES + 1))
symlinkSync(root, join(root, 'loop'))

async function walk(from: string) {
  const skipped: SkippedFile[] = []
  const paths: string[] = []
  for await (const file of walkTextFiles(from, (skip) => skipped.push(skip))) paths.push(file.path)
  return { paths, skipped }
}

describe('walkTextFiles', () => {
  it('honours each .gitignore in its own folder, skips dependency folders, binaries, huge files and links', async () => {
    const { paths, skipped } = await walk(root)
    expect(paths).toEqual([
      '.gitignore',
      'Dockerfile',
      'services/api/.gitignore',
      'services/api/deploy.yaml',
      'services/api/keep.log',
      'services/web/generated.yaml',
    ])
    expect(skipped).toEqual([
      { path: 'dump.json', why: 'too large' },
      { path: 'logo.png', why: 'binary' },
    ])
  })

  it('reads a file given as the root as that one file', async () => {
    const { paths } = await walk(join(root, 'Dockerfile'))
    expect(paths).toEqual(['Dockerfile'])
  })

  it('names a path that does not exist and what to give instead', async () => {
    await expect(walk(join(root, 'nowhere'))).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('nowhere does not exist; give a folder'),
    })
  })
})
