import { spawnCrossdock } from '../support/cli'
import { SAMPLE, SAMPLE_NAMESPACE } from '../support/sample-organisation'
import { expect, printedUrl, test } from './fixtures'

/**
 * A job whose process died (here: a second `crossdock ui`, killed with SIGKILL while its job was paused) is
 * offered for resuming by the UI that comes up next, and finishes there.
 */
test('a job interrupted by a crash is offered for resuming, and resuming finishes it', async ({ page, sandbox }) => {
  const crashing = spawnCrossdock(['ui'], sandbox.world.env())
  const url = new URL(await printedUrl(crashing))
  const call = async (name: string, args: unknown) => {
    const answer = await fetch(new URL(`/api/call/${name}`, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-crossdock-token': url.searchParams.get('token')! },
      body: JSON.stringify(args),
    })
    const envelope = (await answer.json()) as {
      ok: boolean
      value?: { id: string; state: string }
      error?: { message: string }
    }
    if (!envelope.ok) throw new Error(`${name}: ${envelope.error?.message}`)
    return envelope.value!
  }
  const job = await call('migrate.start', {
    namespace: SAMPLE_NAMESPACE,
    aws: { region: sandbox.world.ecr.region },
    prefix: 'restarted',
    selection: [{ repository: `${SAMPLE_NAMESPACE}/worker` }],
    settings: { immutableTags: false, scanOnPush: false, encryption: { type: 'AES256' } },
  })
  await call('jobs.pause', { jobId: job.id })
  crashing.child.kill('SIGKILL')
  await crashing.result

  await page.goto(sandbox.url)
  await page.getByTestId('nav-migrate').click()
  const row = page.locator(`[data-testid="job-row"][data-job-id="${job.id}"]`)
  await expect(row).toContainText(/interrupted/i)
  await row.getByTestId('job-row-resume').click()
  await expect(page.getByTestId('job-state')).toHaveAttribute('data-state', 'finished', { timeout: 60_000 })
  expect(sandbox.world.ecr.image(`restarted/${SAMPLE_NAMESPACE}/worker`, 'v7')?.digest).toBe(
    SAMPLE.worker.tags.v7.digest,
  )
})
