import { readFileSync } from 'node:fs'
import { ApiException, AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  createManualClock,
  encodeContinue,
  type KubernetesEmulator,
  type SeedObject,
  startKubernetesEmulator,
} from '../../../support/kubernetes'

// The Kubernetes API server emulator, checked with the real @kubernetes/client-node (and plain fetch where the wire
// form matters) against the Kubernetes API concepts: collections and their List kinds, chunked lists with `limit`
// and `continue`, Status errors, and the ownerReferences controllers set on what they make.

const HUB_AUTH = Buffer.from('alice:dckr_pat_x').toString('base64')

const SEEDS: SeedObject[] = [
  { kind: 'Namespace', name: 'empty' },
  {
    kind: 'Deployment',
    namespace: 'shop',
    name: 'web',
    replicas: 2,
    containers: [{ name: 'nginx', image: 'nginx:1.27' }],
    initContainers: [{ name: 'wait', image: 'busybox:1.36' }],
    imagePullSecrets: ['hub-creds'],
  },
  { kind: 'Deployment', namespace: 'shop', name: 'api', containers: [{ name: 'api', image: 'node:20-alpine' }] },
  {
    kind: 'StatefulSet',
    namespace: 'shop',
    name: 'db',
    replicas: 2,
    containers: [{ name: 'pg', image: 'postgres:16' }],
  },
  {
    kind: 'Secret',
    namespace: 'shop',
    name: 'hub-creds',
    dockerconfigjson: { auths: { 'https://index.docker.io/v1/': { auth: HUB_AUTH } } },
  },
  { kind: 'Pod', namespace: 'shop', name: 'debug', containers: [{ name: 'sh', image: 'busybox' }] },
  {
    kind: 'CronJob',
    namespace: 'shop',
    name: 'report',
    jobs: 2,
    containers: [{ name: 'report', image: 'python:3.12-slim' }],
  },
  {
    kind: 'DaemonSet',
    namespace: 'ops',
    name: 'log-agent',
    containers: [{ name: 'fb', image: 'fluent/fluent-bit:3.0' }],
  },
  { kind: 'Job', namespace: 'ops', name: 'migrate', containers: [{ name: 'migrate', image: 'alpine:3.20' }] },
  {
    kind: 'Deployment',
    namespace: 'ops',
    name: 'metrics',
    containers: [{ name: 'p', image: 'prom/prometheus:v2.53.0' }],
  },
  {
    kind: 'Pod',
    namespace: 'ops',
    name: 'orphan',
    containers: [{ name: 'app', image: 'redis:7' }],
    ownerReferences: [{ kind: 'ReplicaSet', name: 'gone-6d4cf56db6' }],
  },
  { kind: 'Deployment', name: 'hello', containers: [{ name: 'hello', image: 'hello-world' }] },
]

let emulator: KubernetesEmulator
const extra: KubernetesEmulator[] = []

beforeAll(async () => {
  emulator = await startKubernetesEmulator({ pageSize: 2, nodes: ['node-a', 'node-b'], objects: SEEDS })
})

afterAll(async () => {
  await Promise.all(extra.map((e) => e.stop()))
  await emulator?.stop()
})

function clientsOf(kubeconfig: string, context?: string) {
  const config = new KubeConfig()
  config.loadFromFile(kubeconfig)
  if (context) config.setCurrentContext(context)
  return {
    apps: config.makeApiClient(AppsV1Api),
    batch: config.makeApiClient(BatchV1Api),
    core: config.makeApiClient(CoreV1Api),
  }
}

/** A Status (or a list) as it came over the wire. */
interface Wire {
  kind?: string
  metadata?: { continue?: string; resourceVersion?: string }
  message?: string
  reason?: string
  code?: number
  items?: Array<{ metadata: { resourceVersion?: string } }>
  [field: string]: unknown
}

/** The client's ApiException for a refused call: its HTTP code and the Status it carried, if any. */
async function refusal(call: Promise<unknown>): Promise<{ code: number; status?: Wire }> {
  try {
    await call
  } catch (error) {
    if (!(error instanceof ApiException)) throw error
    const body = error.body as string | undefined
    return { code: error.code, ...(body ? { status: JSON.parse(body) as Wire } : {}) }
  }
  throw new Error('the call was answered, not refused')
}

/** A GET with the emulator's token, another one, or none (null). */
async function raw(path: string, token: string | null = emulator.token) {
  const res = await fetch(`${emulator.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {})
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Wire }
}

const keyOf = (o: { metadata?: { namespace?: string; name?: string } }) =>
  `${o.metadata?.namespace}/${o.metadata?.name}`

describe('the kubeconfig and authentication', () => {
  it('writes a kubeconfig whose context reaches the server with its bearer token', async () => {
    const path = emulator.kubeconfigPath('kind-test')
    const written = parse(readFileSync(path, 'utf8'))
    expect(written).toMatchObject({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'kind-test',
      clusters: [{ name: 'kind-test-cluster', cluster: { server: emulator.url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'kind-test-user', user: { token: emulator.token } }],
      contexts: [{ name: 'kind-test', context: { cluster: 'kind-test-cluster', user: 'kind-test-user' } }],
    })
    emulator.resetLogs()
    const list = await clientsOf(path).core.listNamespace()
    expect(list.items.map((n) => n.metadata?.name)).toEqual([
      'default',
      'empty',
      'kube-node-lease',
      'kube-public',
      'kube-system',
      'ops',
      'shop',
    ])
    expect(emulator.logs).toEqual([
      expect.objectContaining({ method: 'GET', path: '/api/v1/namespaces', query: {}, status: 200, authorized: true }),
    ])
  })

  it('refuses a request without a bearer token, or with another one, with 401 and a Status', async () => {
    const anonymous = clientsOf(emulator.kubeconfigPath('anonymous', { token: null }))
    expect((await refusal(anonymous.apps.listDeploymentForAllNamespaces())).code).toBe(401)
    expect(emulator.logs.at(-1)).toMatchObject({ path: '/apis/apps/v1/deployments', status: 401, authorized: false })
    const stranger = clientsOf(emulator.kubeconfigPath('stranger', { token: 'not-the-token' }))
    expect((await refusal(stranger.core.readNamespacedSecret({ namespace: 'shop', name: 'hub-creds' }))).code).toBe(401)
    for (const token of [null, 'not-the-token']) {
      expect(await raw('/api/v1/pods', token)).toEqual({
        status: 401,
        type: 'application/json',
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        },
      })
    }
  })

  it('serves the context setCurrentContext picks, not the current one', async () => {
    const path = emulator.kubeconfigPath('emulator', { otherContexts: ['prod'], currentContext: 'prod' })
    expect((await refusal(clientsOf(path).apps.listNamespacedDeployment({ namespace: 'shop' }))).code).toBe(401)
    const list = await clientsOf(path, 'emulator').apps.listNamespacedDeployment({ namespace: 'shop' })
    expect(list.items.map(keyOf)).toEqual(['shop/api', 'shop/web'])
  })
})

describe('collections', () => {
  it('answers every list endpoint with its List kind, and items without kind or apiVersion', async () => {
    const lists: Array<[string, string, string]> = [
      ['/apis/apps/v1/deployments', 'DeploymentList', 'apps/v1'],
      ['/apis/apps/v1/namespaces/shop/statefulsets', 'StatefulSetList', 'apps/v1'],
      ['/apis/apps/v1/daemonsets', 'DaemonSetList', 'apps/v1'],
      ['/apis/apps/v1/namespaces/shop/replicasets', 'ReplicaSetList', 'apps/v1'],
      ['/apis/batch/v1/namespaces/shop/cronjobs', 'CronJobList', 'batch/v1'],
      ['/apis/batch/v1/jobs', 'JobList', 'batch/v1'],
      ['/api/v1/namespaces/ops/pods', 'PodList', 'v1'],
      ['/api/v1/namespaces', 'NamespaceList', 'v1'],
    ]
    for (const [path, kind, apiVersion] of lists) {
      const { status, body } = await raw(path)
      expect(status, path).toBe(200)
      expect(body, path).toMatchObject({ kind, apiVersion, metadata: { resourceVersion: expect.any(String) } })
      const items = body.items ?? []
      expect(items.length, path).toBeGreaterThan(0)
      for (const item of items) {
        expect(item, path).not.toHaveProperty('kind')
        expect(item, path).not.toHaveProperty('apiVersion')
        expect(item.metadata.resourceVersion, path).toMatch(/^\d+$/)
      }
    }
  })

  it('lists one namespace under /namespaces/NS, nothing for a namespace without objects', async () => {
    const { apps, batch, core } = clientsOf(emulator.kubeconfigPath())
    emulator.resetLogs()
    expect((await apps.listNamespacedDeployment({ namespace: 'ops' })).items.map(keyOf)).toEqual(['ops/metrics'])
    expect((await batch.listNamespacedJob({ namespace: 'ops' })).items.map(keyOf)).toEqual(['ops/migrate'])
    expect((await core.listNamespacedPod({ namespace: 'empty' })).items).toEqual([])
    expect((await core.listNamespacedPod({ namespace: 'nowhere' })).items).toEqual([])
    expect(emulator.logs.map((entry) => [entry.path, entry.status])).toEqual([
      ['/apis/apps/v1/namespaces/ops/deployments', 200],
      ['/apis/batch/v1/namespaces/ops/jobs', 200],
      ['/api/v1/namespaces/empty/pods', 200],
      ['/api/v1/namespaces/nowhere/pods', 200],
    ])
  })

  it('answers a request without limit with the whole collection, whatever the server’s page size', async () => {
    const { core } = clientsOf(emulator.kubeconfigPath())
    const pods = await core.listPodForAllNamespaces()
    // web 2, db 2, debug, report's 2 Jobs' pods, api 1, hello 1, log-agent 2 (one per node), migrate, metrics, orphan
    expect(pods.items).toHaveLength(14)
    expect(pods.metadata?._continue).toBeUndefined()
    expect(pods.metadata?.remainingItemCount).toBeUndefined()
  })
})

describe('chunked lists (limit and continue)', () => {
  it('pages through every Deployment across namespaces, the server capping the client’s limit', async () => {
    const { apps } = clientsOf(emulator.kubeconfigPath())
    emulator.resetLogs()
    const seen: string[] = []
    const versions = new Set<string | undefined>()
    const remaining: Array<number | undefined> = []
    let token: string | undefined
    do {
      const page = await apps.listDeploymentForAllNamespaces({ limit: 500, ...(token ? { _continue: token } : {}) })
      seen.push(...page.items.map(keyOf))
      versions.add(page.metadata?.resourceVersion)
      remaining.push(page.metadata?.remainingItemCount)
      token = page.metadata?._continue || undefined
    } while (token)
    expect(seen).toEqual(['default/hello', 'ops/metrics', 'shop/api', 'shop/web'])
    expect(remaining).toEqual([2, undefined])
    expect(versions.size).toBe(1)
    expect(emulator.logs.map((entry) => [entry.path, entry.query.limit, entry.query.continue !== undefined])).toEqual([
      ['/apis/apps/v1/deployments', '500', false],
      ['/apis/apps/v1/deployments', '500', true],
    ])
  })

  it('honours a limit below the page size, chunk by chunk, in one namespace', async () => {
    const { core } = clientsOf(emulator.kubeconfigPath())
    const chunks: string[][] = []
    let token: string | undefined
    do {
      const page = await core.listNamespacedPod({ namespace: 'ops', limit: 1, _continue: token })
      chunks.push(page.items.map((p) => p.metadata!.name!))
      token = page.metadata?._continue
    } while (token)
    expect(chunks).toHaveLength(5)
    expect(chunks.every((chunk) => chunk.length === 1)).toBe(true)
    expect(chunks.flat()).toEqual([...chunks.flat()].sort())
    expect(chunks.flat()).toContain('orphan')
  })

  it('keeps a continued list on the snapshot of its first chunk; a new list sees the change', async () => {
    const { apps } = clientsOf(emulator.kubeconfigPath())
    const first = await apps.listDeploymentForAllNamespaces({ limit: 2 })
    emulator.add({ kind: 'Deployment', namespace: 'shop', name: 'b-late', containers: [{ name: 'a', image: 'a:1' }] })
    emulator.remove('Deployment', 'shop', 'api')
    try {
      const rest = await apps.listDeploymentForAllNamespaces({ limit: 2, _continue: first.metadata!._continue })
      expect(rest.items.map(keyOf)).toEqual(['shop/api', 'shop/web'])
      expect(rest.metadata?._continue).toBeUndefined()
      expect(rest.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion)
      const fresh = await apps.listNamespacedDeployment({ namespace: 'shop' })
      expect(fresh.items.map(keyOf)).toEqual(['shop/b-late', 'shop/web'])
      expect(Number(fresh.metadata?.resourceVersion)).toBeGreaterThan(Number(first.metadata?.resourceVersion))
      const gone = emulator.objects('Pod', 'shop').filter((pod) => pod.metadata.name.startsWith('api-'))
      expect(gone).toEqual([])
    } finally {
      emulator.remove('Deployment', 'shop', 'b-late')
      emulator.add(SEEDS.find((seed) => seed.kind === 'Deployment' && seed.name === 'api')!)
    }
  })

  it('answers a well-formed continue token it never issued with 410 Gone, reason Expired', async () => {
    const { apps } = clientsOf(emulator.kubeconfigPath())
    const forged = encodeContinue({ rv: 1001, start: 'ops/metrics\u0000' })
    const answer = await refusal(apps.listDeploymentForAllNamespaces({ limit: 2, _continue: forged }))
    expect(answer).toMatchObject({
      code: 410,
      status: { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 },
    })
    expect(answer.status?.message).toContain('too old to display a consistent list result')
    expect(answer.status?.metadata).toEqual({})
    expect(emulator.logs.at(-1)).toMatchObject({ path: '/apis/apps/v1/deployments', status: 410 })
  })

  it('refuses a token issued for another collection with 410 too', async () => {
    const { apps } = clientsOf(emulator.kubeconfigPath())
    const deployments = await apps.listDeploymentForAllNamespaces({ limit: 1 })
    const token = deployments.metadata!._continue!
    expect((await refusal(apps.listStatefulSetForAllNamespaces({ limit: 1, _continue: token }))).code).toBe(410)
    expect((await refusal(apps.listNamespacedDeployment({ namespace: 'shop', limit: 1, _continue: token }))).code).toBe(
      410,
    )
  })

  it('refuses a token that does not decode with 400 BadRequest, as the API server’s store does', async () => {
    const { core } = clientsOf(emulator.kubeconfigPath())
    const notJson = Buffer.from('not json').toString('base64url')
    const otherVersion = Buffer.from('{"v":"meta.k8s.io/v0","rv":5,"start":"a"}').toString('base64url')
    const climbing = encodeContinue({ rv: 1001, start: '../secrets' })
    for (const token of ['%%%not-base64', notJson, otherVersion, climbing]) {
      const answer = await refusal(core.listPodForAllNamespaces({ limit: 2, _continue: token }))
      expect(answer, token).toMatchObject({ code: 400, status: { kind: 'Status', reason: 'BadRequest', code: 400 } })
      expect(answer.status?.message, token).toMatch(/^invalid continue token: continue key is not valid/)
    }
  })

  it('refuses resourceVersion alongside continue, and a limit that is not a number', async () => {
    const { metadata } = (await raw('/api/v1/pods?limit=1')).body
    const token = encodeURIComponent(metadata?.continue ?? '')
    const both = await raw(`/api/v1/pods?limit=1&continue=${token}&resourceVersion=${metadata?.resourceVersion}`)
    expect(both.status).toBe(400)
    expect(both.body.message).toBe('specifying resource version is not allowed when using continue')
    expect((await raw(`/api/v1/pods?limit=1&continue=${token}`)).status).toBe(200)
    expect((await raw('/api/v1/pods?limit=ten')).body).toMatchObject({ reason: 'BadRequest', code: 400 })
  })

  it('expires an issued token after five minutes: 410 with a token that continues at the latest snapshot', async () => {
    const clock = createManualClock(Date.UTC(2025, 0, 6, 9, 30))
    const small = await startKubernetesEmulator({
      clock,
      objects: ['a', 'b', 'c'].map((name) => ({ kind: 'Secret', namespace: 'team', name }) as const),
    })
    extra.push(small)
    const { core } = clientsOf(small.kubeconfigPath())
    const first = await core.listNamespacedSecret({ namespace: 'team', limit: 1 })
    clock.advance(299_000)
    const second = await core.listNamespacedSecret({
      namespace: 'team',
      limit: 1,
      _continue: first.metadata!._continue,
    })
    expect(second.items.map((s) => s.metadata?.name)).toEqual(['b'])
    clock.advance(2_000)
    const late = await refusal(
      core.listNamespacedSecret({ namespace: 'team', limit: 1, _continue: first.metadata!._continue }),
    )
    expect(late).toMatchObject({ code: 410, status: { reason: 'Expired', metadata: { continue: expect.any(String) } } })
    expect(late.status?.message).toContain('use the continue token in this response')
    small.add({ kind: 'Secret', namespace: 'team', name: 'd' })
    const resumed = await core.listNamespacedSecret({
      namespace: 'team',
      _continue: late.status?.metadata?.continue,
    })
    expect(resumed.items.map((s) => s.metadata?.name)).toEqual(['b', 'c', 'd'])
    const fresh = await core.listNamespacedSecret({ namespace: 'team', limit: 1 })
    small.expireContinueTokens()
    expect(
      (await refusal(core.listNamespacedSecret({ namespace: 'team', _continue: fresh.metadata!._continue }))).code,
    ).toBe(410)
  })
})

describe('objects', () => {
  it('reads a kubernetes.io/dockerconfigjson Secret with its kind, and 404s one that is not there', async () => {
    const { core } = clientsOf(emulator.kubeconfigPath())
    const secret = await core.readNamespacedSecret({ namespace: 'shop', name: 'hub-creds' })
    expect(secret).toMatchObject({ kind: 'Secret', apiVersion: 'v1', type: 'kubernetes.io/dockerconfigjson' })
    const config = JSON.parse(Buffer.from(secret.data!['.dockerconfigjson']!, 'base64').toString('utf8'))
    expect(config).toEqual({ auths: { 'https://index.docker.io/v1/': { auth: HUB_AUTH } } })
    for (const [namespace, name] of [
      ['shop', 'nope'],
      ['ops', 'hub-creds'],
    ] as const) {
      expect(await refusal(core.readNamespacedSecret({ namespace, name }))).toEqual({
        code: 404,
        status: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `secrets "${name}" not found`,
          reason: 'NotFound',
          details: { name, kind: 'secrets' },
          code: 404,
        },
      })
    }
  })

  it('names a group in a NotFound of a grouped resource, and 404s or 405s what it does not serve', async () => {
    expect((await raw('/apis/apps/v1/namespaces/shop/deployments/nope')).body).toMatchObject({
      message: 'deployments.apps "nope" not found',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
    })
    expect((await raw('/apis/apps/v1/namespaces/shop/deployments/web')).body).toMatchObject({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { namespace: 'shop', name: 'web' },
    })
    for (const path of [
      '/apis/apps/v1/pods',
      '/api/v1/pods/debug',
      '/apis/networking.k8s.io/v1/ingresses',
      '/healthz',
    ]) {
      expect((await raw(path)).body, path).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 })
    }
    const post = await fetch(`${emulator.url}/api/v1/namespaces/shop/pods`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.token}`, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(post.status).toBe(405)
    expect(await post.json()).toMatchObject({ reason: 'MethodNotAllowed', code: 405 })
  })

  it('gives the pods a controller made ownerReferences to it, and only bare pods go without', async () => {
    const { apps, batch, core } = clientsOf(emulator.kubeconfigPath())
    const pods = (await core.listPodForAllNamespaces()).items
    const ownerOf = (pod: (typeof pods)[number]) => pod.metadata?.ownerReferences ?? []
    expect(pods.filter((pod) => ownerOf(pod).length === 0).map(keyOf)).toEqual(['shop/debug'])

    const [web] = (await apps.listNamespacedDeployment({ namespace: 'shop' })).items.filter(
      (d) => d.metadata?.name === 'web',
    )
    const [webSet] = (await apps.listNamespacedReplicaSet({ namespace: 'shop' })).items.filter(
      (rs) => rs.metadata?.ownerReferences?.[0]?.uid === web!.metadata?.uid,
    )
    expect(webSet!.metadata).toMatchObject({
      name: expect.stringMatching(/^web-[b-z2-9]{10}$/),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', controller: true }],
    })
    const webPods = pods.filter((pod) => ownerOf(pod)[0]?.uid === webSet!.metadata?.uid)
    expect(webPods.map((pod) => pod.metadata?.name)).toEqual([
      expect.stringMatching(new RegExp(`^${webSet!.metadata!.name}-[b-z2-9]{5}$`)),
      expect.stringMatching(new RegExp(`^${webSet!.metadata!.name}-[b-z2-9]{5}$`)),
    ])
    expect(ownerOf(webPods[0]!)[0]).toMatchObject({ apiVersion: 'apps/v1', kind: 'ReplicaSet', controller: true })

    const ownedBy = (kind: string, name: string) =>
      pods.filter((pod) => ownerOf(pod).some((ref) => ref.kind === kind && ref.name === name)).map(keyOf)
    expect(ownedBy('StatefulSet', 'db')).toEqual(['shop/db-0', 'shop/db-1'])
    expect(ownedBy('DaemonSet', 'log-agent')).toHaveLength(2)
    const agents = pods.filter((pod) => ownerOf(pod)[0]?.name === 'log-agent').map((pod) => pod.spec?.nodeName)
    expect(agents.sort()).toEqual(['node-a', 'node-b'])
    expect(ownedBy('Job', 'migrate')).toHaveLength(1)
    expect(ownedBy('ReplicaSet', 'gone-6d4cf56db6')).toEqual(['ops/orphan'])

    const jobs = (await batch.listNamespacedJob({ namespace: 'shop' })).items
    expect(jobs).toHaveLength(2)
    for (const job of jobs) {
      expect(job.metadata?.name).toMatch(/^report-\d{8}$/)
      expect(job.metadata?.ownerReferences).toEqual([
        expect.objectContaining({ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', controller: true }),
      ])
      expect(ownedBy('Job', job.metadata!.name!)).toHaveLength(1)
    }
  })

  it('carries the images and pull secrets of the pod template, defaulted as the API server does', async () => {
    const { apps, batch, core } = clientsOf(emulator.kubeconfigPath())
    const web = await apps.readNamespacedDeployment({ namespace: 'shop', name: 'web' })
    expect(web.spec?.template.spec).toMatchObject({
      containers: [{ name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' }],
      initContainers: [{ name: 'wait', image: 'busybox:1.36' }],
      imagePullSecrets: [{ name: 'hub-creds' }],
      restartPolicy: 'Always',
    })
    const debug = await core.readNamespacedPod({ namespace: 'shop', name: 'debug' })
    expect(debug.spec?.containers[0]).toMatchObject({ image: 'busybox', imagePullPolicy: 'Always' })
    expect(debug.spec?.imagePullSecrets).toBeUndefined()
    expect(debug.metadata?.creationTimestamp).toBeInstanceOf(Date)
    const report = await batch.readNamespacedCronJob({ namespace: 'shop', name: 'report' })
    expect(report.spec?.jobTemplate.spec?.template.spec?.containers[0]?.image).toBe('python:3.12-slim')
    expect(report.spec?.jobTemplate.spec?.template.spec?.restartPolicy).toBe('Never')
    const webPods = emulator.objects('Pod', 'shop').filter((pod) => pod.metadata.name.startsWith('web-'))
    expect(webPods.map((pod) => (pod.spec as { imagePullSecrets?: unknown }).imagePullSecrets)).toEqual([
      [{ name: 'hub-creds' }],
      [{ name: 'hub-creds' }],
    ])
  })

  it('runs kube-system’s workloads when asked, the static pods owned by their Node', async () => {
    const cluster = await startKubernetesEmulator({ systemWorkloads: true })
    extra.push(cluster)
    const { apps, core } = clientsOf(cluster.kubeconfigPath())
    const deployments = await apps.listNamespacedDeployment({ namespace: 'kube-system' })
    expect(deployments.items.map((d) => d.spec?.template.spec?.containers[0]?.image)).toEqual([
      'registry.k8s.io/coredns/coredns:v1.11.3',
    ])
    const pods = (await core.listNamespacedPod({ namespace: 'kube-system' })).items
    expect(pods).toHaveLength(5)
    const etcd = pods.find((pod) => pod.metadata?.name === 'etcd-node-1')
    expect(etcd?.metadata?.ownerReferences).toEqual([
      expect.objectContaining({ apiVersion: 'v1', kind: 'Node', name: 'node-1', controller: true }),
    ])
    expect((await core.listNamespacedPod({ namespace: 'default' })).items).toEqual([])
  })
})
