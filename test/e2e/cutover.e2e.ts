import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { spawnCrossdock, type RunningCli } from '../support/cli'
import { startKubernetesEmulator, type KubernetesEmulator } from '../support/kubernetes'
import { SAMPLE_NAMESPACE, SAMPLE_PREFIX } from '../support/sample-organisation'
import { expect, printedUrl, test } from './fixtures'
import { shot } from './screenshots'

// The team's files, as a user would have them: a multi-stage Dockerfile (its `# syntax=` directive names an image
// on Docker Hub too, which no rule maps here) and a Kubernetes manifest with comments, a quoted image, a look-alike
// `name:` and a templated reference. In the sample organisation, acme/web:1.0 is in ECR as Docker Hub has it;
// acme/docs:stable is in ECR under another digest (so it needs a copy first).
const DOCKERFILE = [
  '# syntax=docker/dockerfile:1',
  'FROM acme/web:1.0 AS base',
  '# acme/web:1.0 in a comment stays as it is',
  'RUN echo build',
  '',
  'FROM docker.io/acme/docs:stable',
  'COPY --from=base /app /app',
  '',
].join('\n')

// CRLF line ends, a comment after the image and a second document: all kept byte for byte.
const MANIFEST = [
  '# The shop, as deployed',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web # not an image: nginx',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: "acme/web:1.0"   # the storefront',
  '        - name: proxy',
  '          image: ghcr.io/acme/proxy:2',
  '---',
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: migrate',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: migrate',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a templated reference, as the file holds it
  '          image: acme/web:${TAG}',
  '',
].join('\r\n')

test.describe.configure({ mode: 'serial' })
let page: Page
let ui: RunningCli | undefined
let cluster: KubernetesEmulator | undefined
/** The sandbox's ECR registry host, as image references name it. */
let registry: string
const tree = mkdtempSync(join(tmpdir(), 'crossdock-cutover-e2e-'))

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage()
  mkdirSync(join(tree, 'k8s'))
  writeFileSync(join(tree, 'Dockerfile'), DOCKERFILE)
  writeFileSync(join(tree, 'k8s', 'deploy.yaml'), MANIFEST)
})
test.afterAll(async () => {
  await page.close()
  ui?.child.kill('SIGINT')
  await ui?.result
  await cluster?.stop()
  rmSync(tree, { recursive: true, force: true })
})

/** The references' rows as `line:column status text`, file by file. */
async function referenceRows(): Promise<string[]> {
  return page
    .getByTestId('cutover-reference')
    .evaluateAll((rows) =>
      rows.map(
        (row) =>
          `${row.closest('[data-file]').dataset.file} ${row.querySelector('th').textContent.replace('Line ', '')} ` +
          `${row.dataset.status} ${row.querySelector('[data-testid="cutover-reference-text"]').textContent}`,
      ),
    )
}

test(
  'cutover: scan a folder against the mapping, see every reference by file, preview the diff, apply with a ' +
    'confirmation naming the files, and only the references change',
  async ({ sandbox }) => {
    const { ecr } = sandbox.world
    registry = ecr.registryHostname
    // A cluster for the live part, reached through the kubeconfig `crossdock ui` reads (as kubectl would).
    cluster = await startKubernetesEmulator({
      objects: [
        {
          kind: 'Secret',
          namespace: 'shop',
          name: 'hub-pull',
          dockerconfigjson: { auths: { 'https://index.docker.io/v1/': { auth: 'YWxpY2U6c2VjcmV0' } } },
        },
        {
          kind: 'Deployment',
          namespace: 'shop',
          name: 'web',
          containers: [{ name: 'web', image: 'acme/web:1.0' }],
          imagePullSecrets: ['hub-pull'],
        },
        {
          kind: 'CronJob',
          namespace: 'ops',
          name: 'docs',
          containers: [{ name: 'docs', image: 'docker.io/acme/docs:stable' }],
        },
        { kind: 'DaemonSet', namespace: 'ops', name: 'agent', containers: [{ name: 'agent', image: 'quay.io/x/a:1' }] },
      ],
    })
    ui = spawnCrossdock(['ui'], { ...sandbox.world.env(), KUBECONFIG: cluster.kubeconfigPath('staging') })
    await page.goto(await printedUrl(ui))
    await page.getByTestId('nav-cutover').click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cutover')

    // In a browser the folder is typed; a relative path is refused before anything is asked.
    await expect(page.getByTestId('cutover-pick-folders')).toHaveCount(0)
    await page.getByTestId('cutover-path').fill('shop')
    await page.getByTestId('cutover-add-path').click()
    await expect(page.getByTestId('cutover-paths-error')).toContainText('full path from the root')
    await page.getByTestId('cutover-path').fill(tree)
    await page.getByTestId('cutover-path').press('Enter')
    await expect(page.getByTestId('cutover-path-item')).toHaveText([`${tree}Remove`])
    await page.getByTestId('cutover-rules').fill(`docker.io/${SAMPLE_NAMESPACE}=${registry}/${SAMPLE_PREFIX}/acme`)
    await page.getByTestId('cutover-scan').click()

    await expect(page.getByTestId('cutover-headline')).toHaveText('4 references still pull from Docker Hub')
    await expect(page.getByTestId('cutover-breakdown')).toHaveText(
      '6 image references in 2 files: 2 migrated, 2 not migrated, 1 not Docker Hub, 1 templated.',
    )
    expect(await referenceRows()).toEqual([
      'Dockerfile 1:10 not-migrated docker/dockerfile:1',
      'Dockerfile 2:6 migrated acme/web:1.0',
      'Dockerfile 6:6 not-migrated docker.io/acme/docs:stable',
      'k8s/deploy.yaml 11:19 migrated acme/web:1.0',
      'k8s/deploy.yaml 13:18 not-docker-hub ghcr.io/acme/proxy:2',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the reference as written
      'k8s/deploy.yaml 24:18 templated acme/web:${TAG}',
    ])
    const syntax = page.locator('[data-testid="cutover-reference"][data-line="1"]')
    await expect(syntax.getByTestId('cutover-reference-note')).toHaveText('no --job or --map rule says where it goes')
    const docs = page.locator('[data-testid="cutover-reference"][data-line="6"]')
    await expect(docs.getByTestId('cutover-reference-fix')).toHaveText(
      `crossdock migrate --from docker.io/acme/docs --to ecr://${ecr.region}/${SAMPLE_PREFIX} --tags 'stable'`,
    )
    await expect(docs).toContainText(`${registry}/${SAMPLE_PREFIX}/acme/docs:stable`)
    await shot(page, 'cutover-scan')

    await page.getByTestId('cutover-filter-on-hub').check()
    expect((await referenceRows()).map((row) => row.split(' ')[2])).toEqual([
      'not-migrated',
      'migrated',
      'not-migrated',
      'migrated',
    ])
    await page.getByTestId('cutover-filter-elsewhere').check()
    expect(await referenceRows()).toEqual(['k8s/deploy.yaml 13:18 not-docker-hub ghcr.io/acme/proxy:2'])
    await page.getByTestId('cutover-filter-all').check()

    // The preview: a diff per file; docs:stable needs a copy first, so it stays out unless included.
    await page.getByTestId('cutover-preview').click()
    await expect(page.getByTestId('cutover-preview-summary')).toHaveText(
      '2 files would change: 2 of 3 moves in the rewrite (2 safe, 1 needs copy).',
    )
    const dockerfile = page.locator('[data-testid="cutover-rewrite"][data-file="Dockerfile"]')
    await expect(dockerfile.getByTestId('cutover-diff-removed')).toHaveText(['-FROM acme/web:1.0 AS base'])
    await expect(dockerfile.getByTestId('cutover-diff-added')).toHaveText([
      `+FROM ${registry}/${SAMPLE_PREFIX}/acme/web:1.0 AS base`,
    ])
    await expect(dockerfile.locator('[data-testid="cutover-edit"][data-verdict="needs-copy"]')).toHaveAttribute(
      'data-chosen',
      'false',
    )
    const manifest = page.locator('[data-testid="cutover-rewrite"][data-file="k8s/deploy.yaml"]')
    await expect(manifest.getByTestId('cutover-diff-added')).toHaveText([
      `+          image: "${registry}/${SAMPLE_PREFIX}/acme/web:1.0"   # the storefront`,
    ])
    // Including the unverified target adds it to the diff; leaving it out again takes it away.
    await page.getByTestId('cutover-include-unverified').check()
    await expect(dockerfile.getByTestId('cutover-diff-added')).toHaveCount(2)
    await page.getByTestId('cutover-include-unverified').uncheck()
    await expect(dockerfile.getByTestId('cutover-diff-added')).toHaveCount(1)
    await shot(page, 'cutover-preview')

    // Apply: the confirmation names the files, and nothing is written before it is confirmed.
    await page.getByTestId('cutover-apply').click()
    const dialog = page.getByRole('dialog', { name: 'Write 2 files?' })
    await expect(dialog.getByTestId('cutover-apply-files').locator('li')).toHaveText([
      join(tree, 'Dockerfile'),
      join(tree, 'k8s', 'deploy.yaml'),
    ])
    await shot(page, 'cutover-apply-confirm')
    expect(readFileSync(join(tree, 'Dockerfile'), 'utf8')).toBe(DOCKERFILE)
    await dialog.getByRole('button', { name: 'Write 2 files' }).click()

    await expect(page.getByTestId('cutover-applied')).toContainText('Wrote 2 files')
    await expect(page.getByTestId('cutover-applied').locator('li')).toHaveText([
      join(tree, 'Dockerfile'),
      join(tree, 'k8s', 'deploy.yaml'),
    ])
    // Scanned again: what moved names ECR now; docs:stable and the syntax image still pull from Docker Hub.
    await expect(page.getByTestId('cutover-headline')).toHaveText('2 references still pull from Docker Hub')
    const moved = `${registry}/${SAMPLE_PREFIX}/acme/web:1.0`
    expect(readFileSync(join(tree, 'Dockerfile'), 'utf8')).toBe(
      DOCKERFILE.replace('FROM acme/web:1.0 AS base', `FROM ${moved} AS base`),
    )
    expect(readFileSync(join(tree, 'k8s', 'deploy.yaml'), 'utf8')).toBe(
      MANIFEST.replace('image: "acme/web:1.0"', `image: "${moved}"`),
    )
    await shot(page, 'cutover-applied')
  },
)

test('cutover: the live workloads of a Kubernetes cluster, and the gauge down to done', async () => {
  await page.getByTestId('cutover-live-kubernetes').check()
  await page.getByTestId('cutover-live-context').fill('staging')
  await page.getByTestId('cutover-live-check').click()
  await expect(page.getByTestId('cutover-live-headline')).toHaveText('2 of 3 workloads still pull from Docker Hub')
  const meter = page.getByTestId('cutover-live-gauge').getByRole('meter')
  await expect(meter).toHaveAttribute('aria-valuetext', '2 of 3 workloads still pull from Docker Hub')
  const row = (workload: string) => page.locator(`[data-testid="cutover-live-row"][data-workload="${workload}"]`)
  await expect(row('k8s:Deployment/shop/web')).toHaveAttribute('data-status', 'migrated')
  await expect(row('k8s:Deployment/shop/web').getByTestId('cutover-live-secret')).toHaveText('Yes')
  await expect(row('k8s:CronJob/ops/docs')).toHaveAttribute('data-status', 'not-migrated')
  await expect(row('k8s:CronJob/ops/docs').getByTestId('cutover-live-secret')).toHaveText('No')
  // The Dockerfile still names docs:stable: the workload is linked to the line that defines it.
  await expect(row('k8s:CronJob/ops/docs')).toContainText(`${join(tree, 'Dockerfile')}:6`)
  await expect(row('k8s:DaemonSet/ops/agent')).toHaveAttribute('data-status', 'not-docker-hub')
  await page.getByTestId('cutover-live').scrollIntoViewIfNeeded()
  await shot(page, 'cutover-live')

  // The cluster moves to ECR: checked again, nothing pulls from Docker Hub any more.
  const moved = `${registry}/${SAMPLE_PREFIX}/acme`
  cluster!.remove('Deployment', 'shop', 'web')
  cluster!.remove('CronJob', 'ops', 'docs')
  cluster!.add(
    { kind: 'Deployment', namespace: 'shop', name: 'web', containers: [{ name: 'web', image: `${moved}/web:1.0` }] },
    { kind: 'CronJob', namespace: 'ops', name: 'docs', containers: [{ name: 'docs', image: `${moved}/docs:stable` }] },
  )
  await page.getByTestId('cutover-live-check').click()
  await expect(page.getByTestId('cutover-live-headline')).toHaveText(
    'Done: none of the 3 workloads pulls from Docker Hub',
  )
  await shot(page, 'cutover-live-done')

  // The dark theme: statuses, diff colours and the gauge follow it.
  await page.getByTestId('theme-select').selectOption('dark')
  await page.getByTestId('cutover-preview').click()
  await expect(page.getByTestId('cutover-preview-summary')).toBeVisible()
  await shot(page, 'cutover-dark')
  await page.getByTestId('theme-select').selectOption('light')
})
