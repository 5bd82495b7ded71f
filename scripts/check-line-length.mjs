// `npm run lint`'s second half: no line of code over 120 characters. Biome's formatter keeps code within that
// width, but it does not break strings or comments, so this checks what it leaves.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const LIMIT = 120
const CODE = /\.(ts|tsx|mts|mjs|cjs|js|css)$/
// A test's title stays on its call line, as Biome formats test calls: the title is prose, not code.
const TEST_TITLE = /^\s*(it|test|describe)(\.\w+)*\((['"`]).*\3, (async )?\(\) => \{$/
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((file) => CODE.test(file))
const long = files.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => (line.length > LIMIT && !TEST_TITLE.test(line) ? [`${file}:${i + 1}: ${line.length}`] : [])),
)
if (long.length > 0) {
  const list = long.map((place) => `${place} characters`).join('\n')
  process.stderr.write(`${list}\n${long.length} lines over ${LIMIT} characters: break them (strings with +).\n`)
  process.exit(1)
}
process.stdout.write(`${files.length} files, no line over ${LIMIT} characters.\n`)
