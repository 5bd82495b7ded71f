import { test as base, expect } from '@playwright/test'
import { spawnCrossdock, type RunningCli } from '../support/cli'
import type { MigrationWorld } from '../support/migration-world'
import { startSampleWorld } from '../support/sample-organisation'

export interface Sandbox {
  world: MigrationWorld
  /** The URL `crossdock ui` printed, token included. */
  url: string
}

/**
 * One sandbox per worker: emulated Docker Hub and ECR with the sample organisation, and the real `crossdock ui`
 * (the built CLI, its real backend) serving the built renderer.
 */
export const test = base.extend<object, { sandbox: Sandbox }>({
  sandbox: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const world = await startSampleWorld()
      let ui: RunningCli | undefined
      try {
        ui = spawnCrossdock(['ui'], { ...world.env(), CROSSDOCK_QUOTA_POLL_SECONDS: '1' })
        const url = await printedUrl(ui)
        await use({ world, url })
      } finally {
        ui?.child.kill('SIGINT')
        await ui?.result
        await world.stop()
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
})

export { expect }

export async function printedUrl(ui: RunningCli): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 25) {
    const match = /Crossdock UI: (\S+)/.exec(ui.output().stdout)
    if (match) return match[1]!
    if (ui.child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`crossdock ui did not print its URL: ${ui.output().stderr}`)
}
