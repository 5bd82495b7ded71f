import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

/**
 * DESIGN.md's dependency direction, as ranks: code may import only from a lower rank or its own area.
 * `pricing` and `contract` depend on nothing of ours.
 */
const RANKS: Array<[area: string, rank: number]> = [
  ['src-main/core/lib', 0],
  ['src-main/core/reference', 1],
  ['src-main/core/registry', 2],
  ['src-main/core/credentials', 3],
  ['src-main/core/dockerhub', 3],
  ['src-main/core/ecr', 3],
  ['src-main/core/inventory', 4],
  ['src-main/core/migration', 4],
  // backend.ts composes; backend/ holds its parts: one area.
  ['src-main/core/backend', 5],
  ['src-main/web', 6],
  ['src-main/shell', 6],
  ['src-main/preload', 6],
  // The CLI's `ui` command starts the web server.
  ['src-main/cli', 7],
  ['src-main/index.ts', 8],
]
const ISOLATED = ['src-main/core/pricing', 'src-main/contract']

function areaOf(file: string): string | undefined {
  return [...RANKS.map(([area]) => area), ...ISOLATED].find((area) => file === area || file === `${area}.ts` || file.startsWith(`${area}/`))
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((match) => match[1]!)
}

function resolveImport(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  const target = relative(root, resolve(root, dirname(file), specifier))
  return /\.tsx?$/.test(target) ? target : `${target}.ts`
}

const mainFiles = sourceFiles('src-main')

describe('dependency direction (DESIGN.md)', () => {
  it('knows the area of every src-main file', () => {
    expect(mainFiles.filter((file) => !areaOf(file))).toEqual([])
  })

  it('imports only downwards', () => {
    const rank = new Map(RANKS)
    const violations: string[] = []
    for (const file of mainFiles) {
      const from = areaOf(file)!
      for (const specifier of imports(file)) {
        const target = resolveImport(file, specifier)
        if (!target) continue
        const to = areaOf(target)
        if (!to || to === from) continue
        // Isolated areas import nothing of ours; everything may import them.
        const allowed = ISOLATED.includes(from) ? false : ISOLATED.includes(to) ? true : rank.get(to)! < rank.get(from)!
        if (!allowed) violations.push(`${file} imports ${target}`)
      }
    }
    expect(violations).toEqual([])
  })

  it('keeps electron out of everything but the shell, the preload and the entry', () => {
    const electronUsers = mainFiles.filter((file) => imports(file).includes('electron'))
    expect(electronUsers.every((file) => /^src-main\/(index\.ts|shell\/|preload\/)/.test(file))).toBe(true)
    expect(electronUsers.length).toBeGreaterThan(0)
  })

  it('keeps Node and AWS modules out of the renderer', () => {
    const renderer = sourceFiles('src-renderer')
    const offending = renderer.filter((file) => imports(file).some((s) => /^(node:|fs$|child_process$|@aws-sdk\/)/.test(s) || s.includes('src-main/core')))
    expect(offending).toEqual([])
  })
})
