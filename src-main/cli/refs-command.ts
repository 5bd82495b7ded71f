import { resolve } from 'node:path'
import { pullsFromDockerHub, type ReferenceStatus } from '../core/cutover/reference-scan'
import { recordScan } from '../core/use-cases/references'
import { cliContext } from './cli-context'
import { collectReferences, type ListedReference, type RefsIo, type RefsScanFlags } from './refs-references'

/** `refs scan PATH…`: every image reference in the team's files, and whether it still pulls from Docker Hub. */
export async function scanRefs(
  paths: string[],
  flags: RefsScanFlags,
  io: RefsIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const found = await collectReferences(paths, flags, io, env)
  recordScan(
    cliContext(flags, env),
    flags.job,
    paths.map((path) => resolve(path)),
    found,
  )
  io.stdout.write(flags.json ? jsonOf(found) : describeReferences(found, paths.length > 1))
  return 0
}

function jsonOf(found: readonly ListedReference[]): string {
  const references = found.map((listed) => {
    const { file, line, column, text, reference, place, status, target, note, fix, confidence } = listed
    return {
      file,
      line,
      column,
      text,
      reference: reference ?? null,
      place,
      status,
      target: target ?? null,
      ...(note ? { note } : {}),
      ...(fix ? { fix } : {}),
      ...(confidence ? { confidence } : {}),
    }
  })
  return `${JSON.stringify({ references }, null, 2)}\n`
}

const STATUS_ORDER: ReferenceStatus[] = [
  'not-migrated',
  'unknown',
  'migrated',
  'hub-mirror',
  'templated',
  'not-docker-hub',
]

/** Grouped by file, one line a reference, then what it adds up to. */
function describeReferences(found: readonly ListedReference[], manyRoots: boolean): string {
  if (found.length === 0) return 'No image references found.\n'
  const lines: string[] = []
  let file = ''
  for (const reference of found) {
    const name = manyRoots ? `${reference.root}/${reference.file}` : reference.file
    if (name !== file) {
      file = name
      lines.push(name)
    }
    const where = `${reference.line}:${reference.column}`.padEnd(8)
    const moves = reference.target ? ` -> ${reference.target}` : ''
    const note = reference.note ? ` (${reference.note})` : ''
    lines.push(`  ${where} ${reference.status.padEnd(14)} ${reference.text}${moves}  [${reference.place}]${note}`)
    if (reference.fix) lines.push(`  ${''.padEnd(8)} ${''.padEnd(14)} fix: ${reference.fix}`)
  }
  const counts = STATUS_ORDER.map((status) => [status, found.filter((r) => r.status === status).length] as const)
  const files = new Set(found.map((reference) => `${reference.root}\0${reference.file}`)).size
  const summary = counts
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ')
  const onHub = found.filter((reference) => pullsFromDockerHub(reference.status)).length
  lines.push('', `${count(found.length, 'image reference')} in ${count(files, 'file')}: ${summary}.`)
  if (onHub > 0) lines.push(`${onHub === 1 ? '1 still pulls' : `${onHub} still pull`} from Docker Hub.`)
  return `${lines.join('\n')}\n`
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}
