import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCrossdock } from '../../support/cli'
import { startKubernetesEmulator, type KubernetesEmulator } from '../../support/kubernetes'

let cluster: KubernetesEmulator

beforeAll(async () => {
  cluster = await startKubernetesEmulator({
    // One object a page: the product must follow `continue` tokens to see everything.
    pageSize: 1,
    objects: [
      {
        kind: 'Secret',
        namespace: 'shop',
        name: 'hub-pull',
        dockerconfigjson: { auths: { 'https://index.docker.io/v1/': { auth: 'YWxpY2U6c2VjcmV0' } } },
      },
      {
        kind: 'Secret',
        namespace: 'ops',
        name: 'ghcr-pull',
        dockerconfigjson: { auths: { 'ghcr.io': { auth: 'eDp5' } } },
      },
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        containers: [{ name: 'web', image: 'acme/web:1.0' }],
        initContainers: [{ name: 'migrate', image: 'ghcr.io/acme/migrate:3' }],
        imagePullSecrets: ['hub-pull'],
      },
      { kind: 'StatefulSet', namespace: 'shop', name: 'db', containers: [{ name: 'db', image: 'postgres:16' }] },
      {
        kind: 'CronJob',
        namespace: 'ops',
        name: 'nightly',
        containers: [{ name: 'report', image: 'docker.io/acme/report:2' }],
        imagePullSecrets: ['ghcr-pull'],
      },
      {
        kind: 'DaemonSet',
        namespace: 'ops',
        name: 'agent',
        containers: [{ name: 'agent', image: 'quay.io/acme/agent:1' }],
      },
      { kind: 'Pod', namespace: 'ops', name: 'debug', containers: [{ name: 'sh', image: 'busybox' }] },
    ],
  })
})
afterAll(async () => {
  await cluster?.stop()
})

interface LiveJson {
  workloads: {
    workload: string
    container: string
    image: string
    status: string
    pullSecrets?: { dockerHub: boolean }
  }[]
  stillOnDockerHub: number
  total: number
}

async function live(...args: string[]): Promise<LiveJson> {
  const kubeconfig = cluster.kubeconfigPath('staging', { otherContexts: ['prod'], currentContext: 'prod' })
  const result = await runCrossdock(['refs', 'live', '--kubeconfig', kubeconfig, '--offline', '--json', ...args], {})
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as LiveJson
}

describe('crossdock refs live --kube-context', () => {
  it("reads every controller and bare pod in every namespace, page by page, and not the controllers' own pods", async () => {
    cluster.resetLogs()
    const found = await live('--kube-context', 'staging')
    expect(found.workloads.map((w) => [w.workload, w.container, w.image, w.status])).toEqual([
      ['k8s:Deployment/shop/web', 'migrate', 'ghcr.io/acme/migrate:3', 'not-docker-hub'],
      ['k8s:Deployment/shop/web', 'web', 'acme/web:1.0', 'unknown'],
      ['k8s:StatefulSet/shop/db', 'db', 'postgres:16', 'unknown'],
      ['k8s:DaemonSet/ops/agent', 'agent', 'quay.io/acme/agent:1', 'not-docker-hub'],
      ['k8s:CronJob/ops/nightly', 'report', 'docker.io/acme/report:2', 'unknown'],
      ['k8s:Pod/ops/debug', 'sh', 'busybox', 'unknown'],
    ])
    expect({ still: found.stillOnDockerHub, total: found.total }).toEqual({ still: 4, total: 5 })
    // The Deployment pulls with a Secret for Docker Hub; the CronJob's Secret is for another registry.
    expect(found.workloads.find((w) => w.container === 'web')?.pullSecrets?.dockerHub).toBe(true)
    expect(found.workloads.find((w) => w.container === 'report')?.pullSecrets?.dockerHub).toBe(false)
    expect(cluster.logs.filter((request) => request.query.continue !== undefined).length).toBeGreaterThan(0)
    expect(cluster.logs.filter((request) => request.status !== 200)).toEqual([])
  })

  it('keeps to one namespace when asked, and uses the context named rather than the current one', async () => {
    const shop = await live('--kube-context', 'staging', '--namespace', 'shop')
    expect([...new Set(shop.workloads.map((w) => w.workload))]).toEqual([
      'k8s:Deployment/shop/web',
      'k8s:StatefulSet/shop/db',
    ])
    const kubeconfig = cluster.kubeconfigPath('staging', { otherContexts: ['prod'], currentContext: 'prod' })
    // The current context `prod` has a token the cluster refuses: reading it fails, naming the cause.
    const refused = await runCrossdock(['refs', 'live', '--kubeconfig', kubeconfig, '--offline'], {})
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('The Kubernetes API of context prod refused the credentials (HTTP 401)')
    expect(refused.stderr).not.toContain('Headers')
    const unknown = await runCrossdock(
      ['refs', 'live', '--kubeconfig', kubeconfig, '--kube-context', 'nope', '--offline'],
      {},
    )
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('no context named nope')
  })
})
