import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

const root = resolve(import.meta.dirname, '..')
// Node 25 and later define a localStorage of their own on globalThis (unusable without --localstorage-file), which
// hides the DOM environment's from the renderer's tests.
const nodeWebStorage = Number(process.versions.node.split('.')[0]) >= 25

export default defineConfig({
  root,
  // Importing the real `electron` package in plain Node would try to download its binary.
  resolve: { alias: { electron: resolve(root, 'test/stubs/electron.ts') } },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/integration/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Two cores: integration files each start registry processes, so run files two at a time at most.
    maxWorkers: 2,
    execArgv: nodeWebStorage ? ['--no-experimental-webstorage'] : [],
  },
})
