import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from '@playwright/test'

/** Debian's Chromium: the same engine major as Electron 45's, and the one browser these machines can install. */
export const CHROMIUM = process.env.CROSSDOCK_CHROMIUM ?? '/usr/bin/chromium'
if (!existsSync(CHROMIUM)) {
  throw new Error(
    `The browser tests need Chromium at ${CHROMIUM}: apt-get install chromium (or set CROSSDOCK_CHROMIUM to a ` +
      `Chromium binary).`,
  )
}

// Playwright loads this file as CommonJS in this package.
const root = resolve(__dirname, '../..')

export default defineConfig({
  testMatch: '**/*.e2e.ts',
  outputDir: resolve(root, 'test-results/e2e'),
  // Two cores: the emulators, crossdock ui and the browser already keep both busy.
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['json', { outputFile: resolve(root, 'test-results/playwright.json') }]],
  globalSetup: resolve(root, 'test/e2e/global-setup.ts'),
  use: { trace: 'retain-on-failure' },
  projects: [
    // The UI in Chromium against `crossdock ui` and the emulators.
    {
      name: 'browser',
      testDir: resolve(root, 'test/e2e'),
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: CHROMIUM },
        viewport: { width: 1440, height: 900 },
      },
    },
    // The desktop app itself: it needs Electron's binary, and says loudly that it skipped where there is none.
    { name: 'electron', testDir: resolve(root, 'test/electron') },
  ],
})
