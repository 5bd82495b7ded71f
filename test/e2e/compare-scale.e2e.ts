import { mkdirSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test } from './fixtures'

const REPOSITORIES = 5_000
const TAGS_PER_REPOSITORY = 10

/**
 * The Compare view with 5,000 repositories and 50,000 tags, in Chromium. The page gets the comparison from a
 * stand-in `window.crossdock` (the preload's place), so this measures the renderer alone: the time from the
 * click to the first rows, and that only what is on screen is in the DOM. The time is recorded, not asserted.
 */
test('Compare stays virtualised with 5,000 repositories and 50,000 tags', async ({ page, sandbox }) => {
  await page.addInitScript(
    ({ repositories, tagsPerRepository }) => {
      const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`
      const states = ['both', 'hub-only', 'differs'] as const
      const compare = {
        namespace: 'big',
        registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
        repositories: Array.from({ length: repositories }, (_, r) => {
          const tags = Array.from({ length: tagsPerRepository }, (_, t) => {
            const state = states[(r + t) % states.length]!
            return {
              tag: `v${t}.0.${r}`,
              state,
              hubDigest: digest(r * 100 + t),
              ...(state === 'hub-only' ? {} : { ecrDigest: digest(state === 'both' ? r * 100 + t : 1) }),
              platforms: ['linux/amd64'],
              hubSizeBytes: 1_000_000 + t,
              lastPushed: '2026-11-01T00:00:00.000Z',
            }
          })
          const counts = { both: 0, 'hub-only': 0, 'ecr-only': 0, differs: 0 }
          for (const tag of tags) counts[tag.state]++
          return { hub: `big/repo-${r}`, ecr: `mirror/big/repo-${r}`, ecrExists: true, tags, counts }
        }),
      }
      const answers: Record<string, unknown> = {
        'app.info': {
          version: 'test',
          transport: 'ipc',
          demo: false,
          secretStorage: { description: 'test', secure: true },
        },
        'accounts.list': { hub: [], awsProfiles: [] },
        'jobs.list': [],
        'limits.hub': { account: 'anonymous', quota: { kind: 'unlimited' }, checkedAt: new Date().toISOString() },
        'compare.run': compare,
      }
      const api: Record<string, unknown> = { subscribe: () => () => undefined }
      for (const name of Object.keys(answers)) api[name] = async () => ({ ok: true, value: answers[name] })
      // This runs in the page: the preload's place, and the connection the Accounts view would have saved.
      const page = globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }
      Object.defineProperty(page, 'crossdock', { value: api })
      page.localStorage.setItem(
        'crossdock.connection',
        JSON.stringify({ region: 'us-east-1', namespace: 'big', prefix: 'mirror', dropNamespace: false }),
      )
    },
    { repositories: REPOSITORIES, tagsPerRepository: TAGS_PER_REPOSITORY },
  )
  await page.goto(new URL('/#/compare', sandbox.url).href)
  await page.getByTestId('compare-namespace').fill('big')

  const started = Date.now()
  await page.getByTestId('compare-run').click()
  await expect(page.getByTestId('compare-row').first()).toBeVisible()
  const firstRowsMs = Date.now() - started
  await expect(page.getByTestId('compare-summary')).toContainText('50,000')

  const rowsInDom = await page.getByTestId('compare-row').count()
  expect(rowsInDom).toBeGreaterThan(5)
  expect(rowsInDom).toBeLessThan(200)

  // Scrolling to the far end renders the last repository without ever building the rest.
  const scrollStarted = Date.now()
  await page.getByTestId('compare-scroll').evaluate((element) => element.scrollTo(0, element.scrollHeight))
  await expect(page.locator('[data-testid="compare-row"][data-repository="big/repo-4999"]').first()).toBeVisible()
  const scrollToEndMs = Date.now() - scrollStarted
  expect(await page.getByTestId('compare-row').count()).toBeLessThan(200)

  // Selecting everything matching works on the model, not the DOM.
  await page.getByTestId('compare-filter-hub-only').click()
  await page.getByTestId('compare-select-all').click()
  await expect(page.getByTestId('compare-selection-count')).toContainText(/16,66[67]/)

  const results = resolve(__dirname, '../../test-results')
  mkdirSync(results, { recursive: true })
  const measured = {
    repositories: REPOSITORIES,
    tags: REPOSITORIES * TAGS_PER_REPOSITORY,
    firstRowsMs,
    scrollToEndMs,
    rowsInDom,
  }
  writeFileSync(resolve(results, 'compare-scale.json'), `${JSON.stringify(measured, null, 2)}\n`)
  console.log(
    `Compare with ${measured.tags} tags: first rows after ${firstRowsMs} ms, end of the list after ${scrollToEndMs} ` +
      `ms, ${rowsInDom} rows in the DOM`,
  )
})
