// `npm test`: every test runner in turn (Vitest, then Playwright in Chromium), then one plain line
// "N passed, N failed" summed over both, which is what CI reads. Arguments go to Vitest (e.g. a file filter).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const results = 'test-results'
mkdirSync(results, { recursive: true })
for (const file of ['vitest.json', 'playwright.json']) rmSync(`${results}/${file}`, { force: true })

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status ?? 1
const vitest = run('npx', [
  'vitest',
  'run',
  '--config',
  'test/vitest.config.mts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}/vitest.json`,
  ...process.argv.slice(2),
])
// A filter given to Vitest means a developer is running a few files: leave the browser tests out.
const playwright =
  process.argv.length > 2 ? 0 : run('npx', ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts'])

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined)
const v = read(`${results}/vitest.json`)
const p =
  process.argv.length > 2
    ? { stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 } }
    : read(`${results}/playwright.json`)
// A runner that failed without a failed test (it crashed, or an error escaped every test) counts one failure,
// so the line never reads clean when the run was not.
const failures = (status, counted) => (counted ?? 0) + (status !== 0 && !counted ? 1 : 0)
const passed = (v?.numPassedTests ?? 0) + (p?.stats.expected ?? 0) + (p?.stats.flaky ?? 0)
const failed = failures(vitest, v?.numFailedTests) + failures(playwright, p?.stats.unexpected)
const skipped = (v ? (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0) : 0) + (p?.stats.skipped ?? 0)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(vitest !== 0 || playwright !== 0 || failed > 0 ? 1 : 0)
