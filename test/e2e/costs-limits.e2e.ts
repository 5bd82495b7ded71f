import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { SAMPLE_NAMESPACE, SAMPLE_PREFIX } from '../support/sample-organisation'
import { expect, test } from './fixtures'
import { shot } from './screenshots'

// The page's functions run in the browser; this project's Node types have no DOM, so elements stay untyped here.

/** The colour of a canvas's top-left pixel, as `rgb(r, g, b)`. */
const cornerPixel = (canvas: Locator): Promise<string> =>
  canvas.evaluate((element) => {
    const [r, g, b] = element.getContext('2d').getImageData(1, 1, 1, 1).data
    return `rgb(${r}, ${g}, ${b})`
  })

/** What the theme's `--surface` resolves to, as the page computes it. */
const surfaceColour = (page: Page): Promise<string> =>
  page.locator('body').evaluate((body) => {
    const probe = body.ownerDocument.createElement('span')
    probe.style.color = 'var(--surface)'
    body.append(probe)
    const color = body.ownerDocument.defaultView.getComputedStyle(probe).color
    probe.remove()
    return color
  })

test.describe.configure({ mode: 'serial' })
let page: Page
test.beforeAll(async ({ browser }) => {
  page = await browser.newPage()
})
test.afterAll(() => page.close())

test(
  'costs: both sides by component from the sample organisation, every line traceable, assumptions recompute, CSV ' +
    'and PNG export, dark theme',
  async ({ sandbox }) => {
    await page.goto(sandbox.url)
    await page.getByTestId('nav-accounts').click()
    await page.getByTestId('aws-region').fill(sandbox.world.ecr.region)
    await page.getByTestId('aws-verify').click()
    await expect(page.getByTestId('aws-identity')).toContainText('123456789012')

    await page.getByTestId('nav-costs').click()
    await page.getByTestId('costs-namespace').fill(SAMPLE_NAMESPACE)
    await page.getByTestId('costs-prefix').fill(SAMPLE_PREFIX)
    await page.getByTestId('costs-run').click()
    await expect(page.getByTestId('cost-summary')).toBeVisible()
    await expect(page.getByTestId('cost-tables')).toContainText(
      /tables of \d{4}-\d{2}-\d{2} \(Amazon ECR\) and \d{4}-\d{2}-\d{2} \(Docker Hub\)/,
    )

    // ECR storage: a real amount from the sample's layers, and the table entry it came from.
    const storage = page.locator('[data-testid="cost-line"][data-side="ecr"][data-line="ecr.storage"]')
    await expect(storage).toBeVisible()
    expect(Number(await storage.getAttribute('data-amount'))).toBeGreaterThan(0)
    await storage.getByTestId('figure-source').locator('summary').click()
    const table = JSON.parse(await readFile(resolve(__dirname, '../../resources/pricing/amazon-ecr.json'), 'utf8')) as {
      storagePerGbMonth: { source: string; asOf: string }
    }
    await expect(storage.getByTestId('figure-source')).toContainText(table.storagePerGbMonth.source)
    await expect(storage.getByTestId('figure-source')).toContainText(`As of ${table.storagePerGbMonth.asOf}`)
    await expect(page.locator('[data-testid="cost-lines-ecr"] [data-testid="figure-uncertain"]').first()).toBeVisible()

    const web = page.locator(`[data-testid="cost-repository-row"][data-repository="${SAMPLE_NAMESPACE}/web"]`)
    await expect(web).toBeVisible()
    await expect(web.getByTestId('cost-pulls-from')).toHaveText(/from pull history|estimate/)
    await expect(page.getByTestId('cost-notes').locator('li').first()).not.toBeEmpty()
    await expect(page.getByTestId('cost-migration-storage')).toContainText(/[1-9]/)

    // The charts are drawn, on the theme's background.
    const bars = page.getByTestId('cost-bars').locator('canvas')
    await expect(bars).toBeVisible()
    expect(await bars.evaluate((canvas): number => canvas.width)).toBeGreaterThan(100)
    await expect.poll(() => cornerPixel(bars)).toBe(await surfaceColour(page))

    // Seats recompute the Docker Hub side as they are typed.
    const hubTotal = page.getByTestId('cost-hub-total')
    const before = await hubTotal.textContent()
    await page.getByTestId('cost-hub-seats').fill('40')
    await expect(hubTotal).toContainText('40 seats')
    expect(await hubTotal.textContent()).not.toBe(before)

    const csv = page.waitForEvent('download')
    await page.getByTestId('costs-export-repositories').click()
    const csvFile = await csv
    expect(csvFile.suggestedFilename()).toBe('cost-repositories.csv')
    const csvText = await readFile(await csvFile.path(), 'utf8')
    expect(csvText.split('\r\n')[0]).toBe(
      'repository,unique_layer_bytes,images,monthly_pulls,pulls_from,storage_usd,transfer_usd,scanning_usd,total_usd',
    )
    expect(csvText).toContain(`\r\n${SAMPLE_NAMESPACE}/web,`)

    const png = page.waitForEvent('download')
    await page.getByTestId('cost-bars-png').click()
    expect((await png).suggestedFilename()).toBe('cost-by-component.png')
    await shot(page, 'costs')

    await page.getByTestId('theme-select').selectOption('dark')
    await expect.poll(() => surfaceColour(page)).toBe('rgb(28, 33, 41)')
    await expect.poll(() => cornerPixel(bars)).toBe('rgb(28, 33, 41)')
    await shot(page, 'costs-dark')
    await page.getByTestId('theme-select').selectOption('light')
  },
)

test('limits: the anonymous quota as a gauge, ECR quotas with the migration’s peaks, and the what-if calculator', async () => {
  await page.getByTestId('nav-limits').click()
  const anonymous = page.locator('[data-testid="hub-gauge"][data-account="anonymous"]')
  await expect(anonymous).toBeVisible()
  await expect(anonymous).toContainText('of 100 pulls left')
  await expect(anonymous.getByRole('meter')).toHaveAttribute('aria-valuemax', '100')

  const putImage = page.locator('[data-testid="ecr-quota-row"][data-api="PutImage"]')
  await expect(putImage.getByTestId('ecr-quota-limit')).toHaveText('10/s')
  await expect(putImage.getByTestId('ecr-quota-peak')).toHaveText('10/s')

  await page.getByTestId('whatif-nodes').fill('500')
  await page.getByTestId('whatif-deploys').fill('24')
  await page.getByTestId('whatif-images').fill('3')
  await expect(page.getByTestId('whatif-pulls')).toHaveText('9,000')
  const anonymousVerdict = page.locator('[data-testid="whatif-hub-row"]', { hasText: /anonymous/i })
  await expect(anonymousVerdict).toHaveAttribute('data-verdict', 'over')
  await expect(anonymousVerdict).toContainText('100')
  await expect(anonymousVerdict).toContainText('over by')
  await expect(page.locator('[data-testid="whatif-ecr-row"]').first()).toBeVisible()
  await shot(page, 'limits')
})
