import { defineConfig } from '@playwright/test'

/** The desktop app end to end, apart from the renderer e2e: it needs a real Electron binary (see electron.e2e.ts). */
export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  timeout: 60_000,
  workers: 1,
  reporter: 'list',
})
