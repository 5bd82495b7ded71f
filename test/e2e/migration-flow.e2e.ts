import type { Page } from '@playwright/test'
import { SAMPLE, SAMPLE_NAMESPACE, SAMPLE_PREFIX, SAMPLE_USER } from '../support/sample-organisation'
import { expect, test } from './fixtures'
import { shot } from './screenshots'

// One page through the whole story, as a user would go: what Accounts sets, Compare and Migrate use.
test.describe.configure({ mode: 'serial' })
let page: Page
test.beforeAll(async ({ browser }) => {
  page = await browser.newPage()
})
test.afterAll(() => page.close())

test(
  'accounts: a Docker Hub account is verified and kept for the session where no keyring protects it; AWS is ' +
    'verified',
  async ({ sandbox }) => {
    await page.goto(sandbox.url)
    await page.getByTestId('nav-accounts').click()
    // No credential helper on this machine: the UI says so and does not offer to save by default.
    await expect(page.getByTestId('secret-storage-note')).toBeVisible()
    await expect(page.getByTestId('hub-account-save')).not.toBeChecked()
    await expect(page.getByTestId('hub-account-token')).toHaveAttribute('type', 'password')

    await page.getByTestId('hub-account-name').fill('work')
    await page.getByTestId('hub-account-username').fill(SAMPLE_USER.username)
    await page.getByTestId('hub-account-token').fill('dckr_pat_not_the_right_one')
    await page.getByTestId('hub-account-add').click()
    await expect(page.getByTestId('hub-account-error')).toBeVisible()
    await expect(page.locator('[data-testid="hub-account-row"][data-account="work"]')).toHaveCount(0)

    await page.getByTestId('hub-account-token').fill(SAMPLE_USER.token)
    await page.getByTestId('hub-account-add').click()
    const row = page.locator('[data-testid="hub-account-row"][data-account="work"]')
    await expect(row).toBeVisible()
    await expect(row.getByTestId('hub-account-quota')).toContainText('of 200')
    await expect(row.getByTestId('hub-account-namespaces')).toContainText('acme')
    await expect(row).toContainText('this session only')
    await expect(page.locator('body')).not.toContainText(SAMPLE_USER.token)

    await page.getByTestId('connection-hub-account').selectOption('work')
    await page.getByTestId('aws-region').fill(sandbox.world.ecr.region)
    await page.getByTestId('aws-verify').click()
    await expect(page.getByTestId('aws-identity')).toContainText('123456789012')
    await shot(page, 'accounts')
  },
)

test('compare → select → plan → migrate with live progress → report', async ({ sandbox }) => {
  const { ecr } = sandbox.world
  await page.getByTestId('nav-compare').click()
  await page.getByTestId('compare-namespace').fill(SAMPLE_NAMESPACE)
  await page.getByTestId('compare-prefix').fill(SAMPLE_PREFIX)
  await page.getByTestId('compare-run').click()
  await expect(page.getByTestId('compare-summary')).toBeVisible()
  // Every state the sample organisation holds is shown, per tag.
  const state = (repository: string, tag: string) =>
    page.locator(`[data-testid="compare-row"][data-repository="${repository}"][data-tag="${tag}"]`)
  await expect(state(`${SAMPLE_NAMESPACE}/web`, '1.0')).toHaveAttribute('data-state', 'both')
  await expect(state(`${SAMPLE_NAMESPACE}/web`, '1.1')).toHaveAttribute('data-state', 'hub-only')
  await expect(state(`${SAMPLE_NAMESPACE}/docs`, 'stable')).toHaveAttribute('data-state', 'differs')
  await shot(page, 'compare')

  // Everything missing in ECR: filter, select all matching, migrate.
  await page.getByTestId('compare-filter-hub-only').click()
  await page.getByTestId('compare-select-all').click()
  await expect(page.getByTestId('compare-selection-count')).toContainText(/\d/)
  await page.getByTestId('compare-migrate-selected').click()

  await page.getByTestId('migrate-plan').click()
  await expect(page.getByTestId('migrate-plan-result')).toBeVisible()
  await expect(page.getByTestId('plan-tags-to-copy')).toContainText(/[1-9]/)
  await shot(page, 'migrate-plan')

  await page.getByTestId('migrate-start').click()
  await expect(page.getByTestId('job-progress')).toBeVisible()
  await expect(page.getByTestId('job-state')).toHaveAttribute('data-state', 'finished', { timeout: 60_000 })
  await shot(page, 'migrate-progress')

  // What was missing is in ECR now, digest for digest; the tag that differed was not selected and is untouched.
  const digest = (repository: keyof typeof SAMPLE, tag: string) =>
    (SAMPLE[repository].tags as Record<string, { digest: string }>)[tag]!.digest
  expect(ecr.image(`${SAMPLE_PREFIX}/${SAMPLE_NAMESPACE}/web`, '1.1')?.digest).toBe(digest('web', '1.1'))
  expect(ecr.image(`${SAMPLE_PREFIX}/${SAMPLE_NAMESPACE}/api`, '2.4.0')?.digest).toBe(digest('api', '2.4.0'))
  expect(ecr.image(`${SAMPLE_PREFIX}/${SAMPLE_NAMESPACE}/billing`, '0.9')?.digest).toBe(digest('billing', '0.9'))
  expect(ecr.image(`${SAMPLE_PREFIX}/${SAMPLE_NAMESPACE}/docs`, 'stable')?.digest).not.toBe(digest('docs', 'stable'))

  await page.getByTestId('job-report-link').click()
  await expect(page.getByTestId('report-table')).toBeVisible()
  const rows = page.getByTestId('report-row')
  await expect(rows.first()).toBeVisible()
  expect(await page.locator('[data-testid="report-row"][data-verified="true"]').count()).toBe(await rows.count())
  await expect(page.getByTestId('snippet-ecs')).toContainText(
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/acme/',
  )
  await expect(page.getByTestId('snippet-iam')).toContainText('ecr:BatchGetImage')
  await shot(page, 'report')
})

test('the cost and limits views open with the same connection, and the dark theme holds', async () => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.getByTestId('nav-costs').click()
  await expect(page.getByTestId('costs-namespace')).toHaveValue(SAMPLE_NAMESPACE)
  await expect(page.getByTestId('costs-run')).toBeEnabled()
  await page.getByTestId('nav-limits').click()
  await expect(page.getByTestId('hub-gauge').first()).toBeVisible()
  await page.getByTestId('nav-compare').click()
  await shot(page, 'compare-dark')
})
