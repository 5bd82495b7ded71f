import { describe, expect, it } from 'vitest'
import { findKubernetesReferences } from '../../../../src-main/core/cutover/kubernetes-references'
import { checkedReferences } from '../../../support/found-references'

const found = (source: string, path = 'deploy.yaml') => checkedReferences(findKubernetesReferences, source, path)

describe('findKubernetesReferences', () => {
  it('finds the containers of a Deployment among comments, skipping a ConfigMap with image keys', () => {
    const source = `# a ConfigMap first
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data:
  image: not-an-image:1
  manifest.yaml: |
    apiVersion: apps/v1
    kind: Pod
    spec:
      containers: [{name: x, image: inside-a-string:1}]
---
apiVersion: apps/v1 # image: nope:1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: migrate   # runs first
          image: "flyway/flyway:10"
      containers:
        - name: nginx
          image: nginx:1.27 # pinned
        - name: envoy
          image: 'envoyproxy/envoy:v1.31'
      volumes:
        - name: config
          configMap: {name: settings}
        - name: models
          image:
            reference: acme/models:v3
            pullPolicy: IfNotPresent
`
    expect(found(source)).toEqual([
      { text: 'flyway/flyway:10', place: 'k8s:Deployment/web:initContainers[0]' },
      { text: 'nginx:1.27', place: 'k8s:Deployment/web:containers[0]' },
      { text: 'envoyproxy/envoy:v1.31', place: 'k8s:Deployment/web:containers[1]' },
      { text: 'acme/models:v3', place: 'k8s:Deployment/web:volumes[1].image' },
    ])
  })

  it('reads a CronJob, a Pod with ephemeral containers, and a pod-template CRD', () => {
    const source = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - {name: a, image: busybox:1.36}
            - {name: b, image: alpine:3.20}
          containers:
            - {name: job, image: acme/report:2}
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers: [{name: app, image: "node:22"}]
  ephemeralContainers:
    - name: shell
      image: nicolaka/netshoot
      targetContainerName: app
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: canary}
spec:
  template:
    spec:
      containers: [{name: app, image: traefik/whoami}]
`
    expect(found(source)).toEqual([
      { text: 'busybox:1.36', place: 'k8s:CronJob/nightly:initContainers[0]' },
      { text: 'alpine:3.20', place: 'k8s:CronJob/nightly:initContainers[1]' },
      { text: 'acme/report:2', place: 'k8s:CronJob/nightly:containers[0]' },
      { text: 'node:22', place: 'k8s:Pod/debug:containers[0]' },
      { text: 'nicolaka/netshoot', place: 'k8s:Pod/debug:ephemeralContainers[0]' },
      { text: 'traefik/whoami', place: 'k8s:Rollout/canary:containers[0]' },
    ])
  })

  it('follows anchors to the anchored scalar, once, and reads CRLF files', () => {
    const source = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: db}',
      'spec:',
      '  template:',
      '    spec:',
      '      initContainers:',
      '        - name: init\t# a\ttab',
      '          image: &pg postgres:16.4',
      '      containers:',
      '        - name: db',
      '          image: *pg',
      '        - name: exporter',
      '          image: "quay.io/prometheuscommunity/postgres-exporter"',
      '',
    ].join('\r\n')
    expect(found(source)).toEqual([
      { text: 'postgres:16.4', place: 'k8s:StatefulSet/db:initContainers[0]' },
      { text: 'quay.io/prometheuscommunity/postgres-exporter', place: 'k8s:StatefulSet/db:containers[1]' },
    ])
  })

  it('reads a JSON Deployment and the items of a List', () => {
    const json = `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "api", "labels": {"image": "label-not-image"}},
  "spec": {"template": {"spec": {"containers": [{"name": "api", "image": "golang:1.23"}]}}}
}`
    expect(found(json)).toEqual([{ text: 'golang:1.23', place: 'k8s:Deployment/api:containers[0]' }])
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: agent}
    spec: {template: {spec: {containers: [{name: agent, image: datadog/agent:7}]}}}
  - apiVersion: batch/v1
    kind: Job
    metadata: {name: once}
    spec: {template: {spec: {containers: [{name: once, image: perl:5.40}]}}}
  - kind: Deployment
    spec: {template: {spec: {containers: [{name: x, image: no-api-version:1}]}}}
`
    expect(found(list)).toEqual([
      { text: 'datadog/agent:7', place: 'k8s:DaemonSet/agent:containers[0]' },
      { text: 'perl:5.40', place: 'k8s:Job/once:containers[0]' },
    ])
  })

  it("marks templates as templated and reads a chart's templates as the YAML they render to", () => {
    const source = `apiVersion: apps/v1
kind: Deployment
metadata: {name: tpl}
spec:
  template:
    spec:
      containers:
        - name: a
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        - name: b
          image: {{ .Values.sidecar }}
        - name: c
          image: \${IMAGE}
`
    expect(found(source)).toEqual([
      {
        text: '{{ .Values.image.repository }}:{{ .Values.image.tag }}',
        place: 'k8s:Deployment/tpl:containers[0]',
        templated: true,
      },
      { text: '{{ .Values.sidecar }}', place: 'k8s:Deployment/tpl:containers[1]', templated: true },
      { text: `\${IMAGE}`, place: 'k8s:Deployment/tpl:containers[2]', templated: true },
    ])
    const helm = `{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "chart.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          {{- with .Values.resources }}
          resources: {{- toYaml . | nindent 12 }}
          {{- end }}
{{- end }}
---
apiVersion: v1
kind: Pod
metadata: {name: ok}
spec: {containers: [{name: ok, image: redis:7}]}
`
    // A chart's template is read as the YAML it renders to: its actions masked, every offset kept.
    expect(found(helm)).toEqual([
      {
        text: '{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}',
        place: 'k8s:Deployment/{{ include "chart.fullname" . }}:containers[0]',
        templated: true,
      },
      { text: 'redis:7', place: 'k8s:Pod/ok:containers[0]' },
    ])
    expect(found('{{ if }}: [\n  - ]]\n')).toEqual([])
    const unquoted = `apiVersion: v1
kind: Pod
metadata: {name: hooks}
spec:
  containers:
    - name: a
      image: {{ .Values.repository }}:{{ .Values.tag }}
    - name: test
      image: busybox:1.36
`
    expect(found(unquoted)).toEqual([
      { text: '{{ .Values.repository }}:{{ .Values.tag }}', place: 'k8s:Pod/hooks:containers[0]', templated: true },
      { text: 'busybox:1.36', place: 'k8s:Pod/hooks:containers[1]' },
    ])
  })

  it('ignores look-alikes: no kind, no pod spec, names and image keys elsewhere', () => {
    const source = `apiVersion: apps/v1
metadata: {name: nginx}
spec: {template: {spec: {containers: [{name: nginx, image: no-kind:1}]}}}
---
kind: Deployment
name: nginx
image: nginx:1
---
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: require-registry}
spec:
  rules:
    - name: check
      validate:
        pattern:
          spec:
            containers: [{image: "registry.acme.io/*"}]
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: caches.acme.io}
spec:
  template:
    spec:
      image: not-a-pod-spec:1
      initContainers: [{name: a, image: no-containers-no-pod-spec:1}]
      volumes: [{name: v, image: {reference: no-pod-spec-volume:1}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx}
spec:
  template:
    spec:
      containers:
        - name: nginx
`
    expect(found(source)).toEqual([])
  })

  it('finds pod specs operators embed elsewhere, Tekton steps and Argo Workflows templates', () => {
    const source = `apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: {name: drain}
spec:
  jobTargetRef:
    template:
      spec:
        containers:
          - {name: drain, image: acme/drain:3}
---
apiVersion: tekton.dev/v1
kind: Task
metadata: {name: test}
spec:
  stepTemplate: {image: alpine:3.20}
  steps:
    - {name: unit, image: golang:1.23, script: go test ./...}
  sidecars:
    - {name: db, image: postgres:16}
---
apiVersion: tekton.dev/v1
kind: PipelineRun
metadata: {name: nightly}
spec:
  pipelineSpec:
    tasks:
      - name: lint
        taskSpec:
          steps: [{name: lint, image: "golangci/golangci-lint:v1.61"}]
---
apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: report}
spec:
  workflowSpec:
    templates:
      - name: main
        steps: [[{name: gen, template: gen}]]
      - name: gen
        script: {image: python:3.12, source: print(1)}
        sidecars: [{name: cache, image: redis:7}]
      - name: send
        container: {image: curlimages/curl:8.10.1}
`
    expect(found(source)).toEqual([
      { text: 'acme/drain:3', place: 'k8s:ScaledJob/drain:spec.jobTargetRef.template.spec:containers[0]' },
      { text: 'alpine:3.20', place: 'k8s:Task/test:stepTemplate' },
      { text: 'golang:1.23', place: 'k8s:Task/test:steps[0]' },
      { text: 'postgres:16', place: 'k8s:Task/test:sidecars[0]' },
      {
        text: 'golangci/golangci-lint:v1.61',
        place: 'k8s:PipelineRun/nightly:pipelineSpec.tasks[0].taskSpec.steps[0]',
      },
      { text: 'python:3.12', place: 'k8s:CronWorkflow/report:workflowSpec.templates[1].script' },
      { text: 'redis:7', place: 'k8s:CronWorkflow/report:workflowSpec.templates[1].sidecars[0]' },
      { text: 'curlimages/curl:8.10.1', place: 'k8s:CronWorkflow/report:workflowSpec.templates[2].container' },
    ])
  })

  it('reads no admission policy, even one whose patch has the shape of a pod spec', () => {
    const source = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: inject-sidecar}
spec:
  rules:
    - name: inject
      mutate:
        patchStrategicMerge:
          spec:
            template:
              spec:
                containers: [{name: proxy, image: envoyproxy/envoy:v1.30.1}]
`
    expect(found(source)).toEqual([])
  })

  it("reads Helm values written inline (Flux's HelmRelease, Argo CD's valuesObject) and Flux's OCI artifacts", () => {
    const source = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: sessions}
spec:
  chart: {spec: {chart: redis, sourceRef: {kind: HelmRepository, name: bitnami}}}
  values:
    image: {registry: docker.io, repository: bitnami/redis, tag: 7.2.5}
    replicas: 2
---
apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata: {name: redis-chart}
spec:
  url: oci://registry-1.docker.io/bitnamicharts/redis
  ref: {tag: 19.6.4}
---
apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata: {name: podinfo}
spec:
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref: {semver: ">=6.0.0"}
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: web}
spec:
  source:
    chart: web
    helm:
      valuesObject:
        image: {repository: acme/web, tag: "2.0"}
`
    expect(found(source).map(({ parts, notes, confidence, ...reference }) => reference)).toEqual([
      { text: 'docker.io/bitnami/redis:7.2.5', place: 'k8s:HelmRelease/sessions:spec.values.image' },
      { text: 'registry-1.docker.io/bitnamicharts/redis:19.6.4', place: 'k8s:OCIRepository/redis-chart:spec.url' },
      {
        text: 'ghcr.io/stefanprodan/manifests/podinfo',
        place: 'k8s:OCIRepository/podinfo:spec.url',
        templated: true,
      },
      { text: 'acme/web:2.0', place: 'argocd:Application/web:spec.source.helm.valuesObject.image' },
    ])
  })
})
