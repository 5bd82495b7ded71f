import { open, readdir, readFile, stat } from 'node:fs/promises'
import { basename, join, posix } from 'node:path'
import { CrossdockError } from '../lib/errors'
import ignore, { type Ignore } from 'ignore'

/** Folders that hold other people's code or build output, never the team's own references. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', 'vendor', '.terraform', '.venv', '__pycache__'])
/** Larger files are data (lock files, dumps), not manifests a person edits. */
export const MAX_SCANNED_BYTES = 1024 * 1024
/** A NUL byte in the first block means a binary file, as git decides. */
const SNIFF_BYTES = 8000

export interface WalkedFile {
  /** Relative to the folder walked, with forward slashes on every platform. */
  path: string
  text: string
}

export interface SkippedFile {
  path: string
  why: 'binary' | 'too large' | 'unreadable'
}

interface Rules {
  /** The folder the .gitignore sits in, relative to the root walked ('' for the root). */
  base: string
  rules: Ignore
}

/**
 * Every text file under `root` a person would keep references in: `.gitignore` files honoured (each in its own
 * folder, as git reads them), dependency and build folders skipped, binary and huge files left out (and told to
 * `onSkip`). Symbolic links are not followed, so a walk never leaves the tree or loops. A `root` that is a file
 * is that one file.
 */
export async function* walkTextFiles(
  root: string,
  onSkip: (skipped: SkippedFile) => void = () => undefined,
): AsyncGenerator<WalkedFile> {
  const kind = await stat(root).catch(() => undefined)
  if (!kind)
    throw new CrossdockError('USAGE', `${root} does not exist; give a folder (or a file) to scan for image references.`)
  if (kind.isDirectory()) return yield* walkFolder(root, '', [], onSkip)
  const read = await readText(root)
  if (typeof read === 'string') yield { path: basename(root), text: read }
  else onSkip({ path: basename(root), why: read.why })
}

async function* walkFolder(
  root: string,
  folder: string,
  inherited: readonly Rules[],
  onSkip: (skipped: SkippedFile) => void,
): AsyncGenerator<WalkedFile> {
  const absolute = join(root, folder)
  const entries = await readdir(absolute, { withFileTypes: true })
  const own = entries.some((entry) => entry.isFile() && entry.name === '.gitignore')
    ? [{ base: folder, rules: ignore().add(await readFile(join(absolute, '.gitignore'), 'utf8')) }]
    : []
  const rules = [...inherited, ...own]
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = folder ? `${folder}/${entry.name}` : entry.name
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name) || ignored(rules, `${path}/`)) continue
      yield* walkFolder(root, path, rules, onSkip)
    } else if (entry.isFile() && !ignored(rules, path)) {
      const read = await readText(join(root, path))
      if (typeof read === 'string') yield { path, text: read }
      else onSkip({ path, why: read.why })
    }
  }
}

/**
 * As git decides: the deepest .gitignore with a rule that matches has the last word, so a folder's `!name` brings
 * back what a parent's pattern left out. `path` uses forward slashes and ends with `/` for a folder.
 */
function ignored(rules: readonly Rules[], path: string): boolean {
  const folder = path.endsWith('/') ? '/' : ''
  for (const { base, rules: set } of [...rules].reverse()) {
    const verdict = set.test(base ? posix.relative(base, path) + folder : path)
    if (verdict.ignored) return true
    if (verdict.unignored) return false
  }
  return false
}

async function readText(path: string): Promise<string | { why: SkippedFile['why'] }> {
  let file: Awaited<ReturnType<typeof open>>
  try {
    file = await open(path)
  } catch {
    return { why: 'unreadable' }
  }
  try {
    const { size } = await file.stat()
    if (size > MAX_SCANNED_BYTES) return { why: 'too large' }
    const bytes = await file.readFile()
    if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return { why: 'binary' }
    return bytes.toString('utf8')
  } finally {
    await file.close()
  }
}
