import { resolve } from 'node:path'
import type { Page } from '@playwright/test'

const SCREENSHOTS = resolve(__dirname, '../../test-results/screenshots')

/** The whole page as `test-results/screenshots/<name>.png`, kept as a CI artifact. */
export const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true })
