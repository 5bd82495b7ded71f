import { existsSync, readdirSync, readFileSync } from 'node:fs'
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
  // The cutover: image references in a team's files and workloads.
  ['src-main/core/cutover', 4],
  // The use cases both the CLI and the backend call.
  ['src-main/core/use-cases', 5],
  // The contract implemented over the use cases, and the one door transports call it through (dispatch.ts).
  ['src-main/backend', 6],
  ['src-main/web', 7],
  ['src-main/shell', 7],
  ['src-main/preload', 7],
  // The CLI's `ui` command starts the web server.
  ['src-main/cli', 8],
  ['src-main/index.ts', 9],
]
const ISOLATED = ['src-main/core/pricing', 'src-main/contract']

function areaOf(file: string): string | undefined {
  return [...RANKS.map(([area]) => area), ...ISOLATED].find(
    (area) => file === area || file === `${area}.ts` || file.startsWith(`${area}/`),
  )
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

interface Import {
  specifier: string
  /** `import type` / `export type`: erased from the output, so it loads nothing at run time. */
  typeOnly: boolean
}

/** Every module a file names: static imports and re-exports, side-effect imports, `import()` and `require()`. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8')
  const found: Import[] = []
  for (const match of text.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s)?[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
    found.push({ specifier: match[3]!, typeOnly: match[2] !== undefined })
  }
  for (const match of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g))
    found.push({ specifier: match[1]!, typeOnly: false })
  for (const match of text.matchAll(/(?<![\w.])(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ specifier: match[1]!, typeOnly: false })
  return found
}

function imports(file: string): string[] {
  return importsOf(file).map((found) => found.specifier)
}

function resolveImport(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  const target = relative(root, resolve(root, dirname(file), specifier))
  if (/\.tsx?$/.test(target)) return target
  // A folder import means its index.
  return existsSync(join(root, `${target}.ts`)) || !existsSync(join(root, target, 'index.ts'))
    ? `${target}.ts`
    : `${target}/index.ts`
}

const mainFiles = sourceFiles('src-main')
const rendererFiles = sourceFiles('src-renderer')

/** electron itself, electron-store and the like, and @electron/*: all of them need the Electron runtime. */
const isElectronPackage = (specifier: string): boolean => /^(electron(-[\w-]+)?|@electron\/.+)(\/.*)?$/.test(specifier)

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

  it('sees dynamic imports and requires as imports', () => {
    expect(imports('src-main/cli/migration-commands.ts')).toContain('./migrate-command')
    const dynamic = mainFiles.flatMap((file) =>
      importsOf(file).filter(
        (found) =>
          /(?:import|require)\(/.test(readFileSync(join(root, file), 'utf8')) && found.specifier.startsWith('.'),
      ),
    )
    expect(dynamic.length).toBeGreaterThan(0)
  })

  it('keeps electron and its packages out of everything but the shell, the preload and the entry', () => {
    const electronUsers = mainFiles.filter((file) => imports(file).some(isElectronPackage))
    expect(electronUsers.every((file) => /^src-main\/(index\.ts|shell\/|preload\/)/.test(file))).toBe(true)
    expect(electronUsers.length).toBeGreaterThan(0)
  })

  it('keeps Node and AWS modules out of the renderer', () => {
    const offending = rendererFiles.filter((file) =>
      imports(file).some((s) => /^(node:|fs$|child_process$|@aws-sdk\/)/.test(s) || s.includes('src-main/core')),
    )
    expect(offending).toEqual([])
  })

  it('lets the renderer import only the contract: types from any of it, values only from modules that load nothing', () => {
    const loadsNothing = (file: string): boolean => importsOf(file).every((found) => found.typeOnly)
    const offending = rendererFiles.flatMap((file) =>
      importsOf(file).flatMap((found) => {
        const target = resolveImport(file, found.specifier)
        if (!target?.startsWith('src-main/')) return []
        const allowed = target.startsWith('src-main/contract/') && (found.typeOnly || loadsNothing(target))
        return allowed ? [] : [`${file} imports ${target}${found.typeOnly ? ' (types)' : ''}`]
      }),
    )
    expect(offending).toEqual([])
    // The rule has something to hold: the renderer does import from the contract.
    expect(
      rendererFiles.some((file) => imports(file).some((specifier) => specifier.includes('src-main/contract'))),
    ).toBe(true)
  })

  it('lets the preload load nothing of ours at run time but the call names', () => {
    const loaded = sourceFiles('src-main/preload').flatMap((file) =>
      importsOf(file)
        .filter((found) => !found.typeOnly && found.specifier.startsWith('.'))
        .map((found) => resolveImport(file, found.specifier))
        .filter((target) => !target?.startsWith('src-main/preload/')),
    )
    expect(loaded).toEqual(['src-main/contract/call-names.ts'])
  })

  it('keeps each renderer feature to itself: what two features share lives outside features/', () => {
    const featureOf = (file: string): string | undefined => /^src-renderer\/features\/([^/]+)\//.exec(file)?.[1]
    const crossing = rendererFiles.flatMap((file) => {
      const feature = featureOf(file)
      if (!feature) return []
      return imports(file)
        .map((specifier) => resolveImport(file, specifier))
        .filter(
          (target): target is string =>
            target !== undefined && featureOf(target) !== undefined && featureOf(target) !== feature,
        )
        .map((target) => `${file} imports ${target}`)
    })
    expect(crossing).toEqual([])
  })
})
