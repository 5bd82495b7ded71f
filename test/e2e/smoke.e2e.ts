import { expect, test } from './fixtures'

test('the UI loads from crossdock ui and reaches its backend', async ({ page, sandbox }) => {
  await page.goto(sandbox.url)
  await expect(page).toHaveTitle(/Crossdock/)
  // The token leaves the address bar once the page has it.
  await expect.poll(() => new URL(page.url()).searchParams.has('token')).toBe(false)
})
