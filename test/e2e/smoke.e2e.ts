import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnCrossdock } from '../support/cli'
import { expect, printedUrl, test } from './fixtures'

interface BrowserPage {
  document: { cookie: string }
  EventSource: new (url: string) => { onopen: (() => void) | null; onerror: (() => void) | null; close(): void }
}

test('the UI loads from crossdock ui, signed in by a cookie scripts cannot read, and reaches its backend', async ({
  page,
  sandbox,
}) => {
  await page.goto(sandbox.url)
  await expect(page).toHaveTitle(/Crossdock/)
  // The server swapped the token for a cookie and sent the browser on: the token is out of the address bar.
  expect(new URL(page.url()).searchParams.has('token')).toBe(false)
  const port = new URL(sandbox.url).port
  expect(await page.context().cookies()).toEqual([
    expect.objectContaining({ name: `crossdock_session_${port}`, path: '/', httpOnly: true, sameSite: 'Strict' }),
  ])
  expect(await page.evaluate(() => (globalThis as unknown as BrowserPage).document.cookie)).toBe('')
  // The browser's own EventSource gets the event stream with that cookie.
  const stream = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const source = new (globalThis as unknown as BrowserPage).EventSource('/api/events')
        source.onopen = () => {
          source.close()
          resolve('open')
        }
        source.onerror = () => {
          source.close()
          resolve('refused')
        }
      }),
  )
  expect(stream).toBe('open')
  await page.getByTestId('nav-accounts').click()
  await expect(page.getByTestId('secret-storage-note')).toBeVisible()
})

test('crossdock ui --open signs the browser in with a one-time launch link', async ({ page, sandbox }) => {
  // A stand-in for the desktop's browser opener: it records the URL it was given.
  const bin = await mkdtemp(join(tmpdir(), 'crossdock-open-'))
  const opened = join(bin, 'opened.txt')
  await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`)
  await chmod(join(bin, 'xdg-open'), 0o755)
  const ui = spawnCrossdock(['ui', '--open'], { ...sandbox.world.env(), PATH: `${bin}:${process.env.PATH}` })
  try {
    const token = new URL(await printedUrl(ui)).searchParams.get('token')!
    await expect.poll(() => readFile(opened, 'utf8').catch(() => '')).toContain('/launch/')
    const launch = await readFile(opened, 'utf8')
    expect(launch).not.toContain(token)

    await page.goto(launch)
    expect(new URL(page.url()).pathname).toBe('/')
    await page.getByTestId('nav-accounts').click()
    await expect(page.getByTestId('secret-storage-note')).toBeVisible()
    // Used once: the same link signs in no other browser.
    const again = await page.context().browser()!.newPage()
    expect((await again.goto(launch))?.status()).toBe(403)
    await again.close()
  } finally {
    ui.child.kill('SIGINT')
    await ui.result
  }
})
