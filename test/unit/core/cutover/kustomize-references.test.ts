import { describe, expect, it } from 'vitest'
import type { FoundReference } from '../../../../src-main/core/cutover/found-reference'
import { findKubernetesReferences } from '../../../../src-main/core/cutover/kubernetes-references'
import { findKustomizeReferences, isKustomizationPath } from '../../../../src-main/core/cutover/kustomize-references'

/**
 * Every part checked to be the very characters of the source it claims, and the name's span (a chart's repository)
 * to be the reference's.
 */
function checked(source: string, references: FoundReference[]) {
  for (const { start, end, parts } of references) {
    for (const part of Object.values(parts ?? {})) expect(source.slice(part.start, part.end)).toBe(part.text)
    const own = parts?.repository ?? parts?.name
    if (own) expect({ start, end }).toEqual({ start: own.start, end: own.end })
  }
  return references
}

/** What a reference says, its spans as their text. */
function summary({ text, place, templated, parts, insertion, notes }: FoundReference) {
  const partTexts = Object.fromEntries(Object.entries(parts ?? {}).map(([key, span]) => [key, span.text]))
  return { text, place, templated, parts: partTexts, insertion, notes }
}

function found(source: string) {
  return checked(source, findKustomizeReferences(source, 'kustomization.yaml')).map(summary)
}

describe('isKustomizationPath', () => {
  it('takes the three names Kustomize reads, in any folder', () => {
    expect(isKustomizationPath('kustomization.yaml')).toBe(true)
    expect(isKustomizationPath('overlays/prod/kustomization.yml')).toBe(true)
    expect(isKustomizationPath('base/Kustomization')).toBe(true)
    expect(isKustomizationPath('my-kustomization.yaml')).toBe(false)
    expect(isKustomizationPath('kustomization.yaml.orig')).toBe(false)
  })
})

describe('findKustomizeReferences', () => {
  it('gives each images[] entry the image it pulls, its parts and where newName would go', () => {
    const source = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [deployment.yaml, 'https://github.com/acme/x//base?ref=v1'] # image: not-this:1
images:
  - name: nginx   # matched literally
    newTag: "1.27"
  - name: postgres
    newName: registry.acme.io/postgres
    newTag: 16 # ignored: the digest wins
    digest: sha256:${'a'.repeat(64)}
  # a comment between entries
  - name: redis
    newName: 'bitnami/redis'
  - newTag: no-name
`
    const newNameLine = (after: string) => source.indexOf('\n', source.indexOf(after)) + 1
    expect(found(source)).toEqual([
      {
        text: 'nginx:1.27',
        place: 'kustomize:images[0]',
        parts: { name: 'nginx', newTag: '1.27' },
        insertion: { at: newNameLine('newTag: "1.27"'), indent: '    ' },
        notes: ['resource: deployment.yaml'],
      },
      {
        text: `registry.acme.io/postgres@sha256:${'a'.repeat(64)}`,
        place: 'kustomize:images[1]',
        parts: {
          name: 'postgres',
          newName: 'registry.acme.io/postgres',
          newTag: '16',
          digest: `sha256:${'a'.repeat(64)}`,
        },
        insertion: { at: newNameLine('digest:'), indent: '    ' },
        notes: ['resource: deployment.yaml'],
      },
      {
        text: 'bitnami/redis',
        place: 'kustomize:images[2]',
        parts: { name: 'redis', newName: 'bitnami/redis' },
        insertion: { at: newNameLine("newName: 'bitnami/redis'"), indent: '    ' },
        notes: ['tag from the manifests', 'resource: deployment.yaml'],
      },
    ])
  })

  it('keeps the written tag characters, reads CRLF files and deeper indentation', () => {
    const source = 'images:\r\n    -   name: alpine\t# a\ttab\r\n        newTag: 3.20\r\nresources: []\r\n'
    expect(found(source)).toEqual([
      {
        text: 'alpine:3.20',
        place: 'kustomize:images[0]',
        parts: { name: 'alpine', newTag: '3.20' },
        insertion: { at: source.indexOf('resources'), indent: '        ' },
      },
    ])
  })

  it('reads flow entries with an inline insertion point after their last value, and anchors once', () => {
    const source = `images:
- {name: &base busybox, newTag: "1.36" }
- name: *base
  newName: ghcr.io/acme/busybox
`
    expect(found(source)).toEqual([
      {
        text: 'busybox:1.36',
        place: 'kustomize:images[0]',
        parts: { name: 'busybox', newTag: '1.36' },
        insertion: { at: source.indexOf('"1.36"') + 6, inline: true },
      },
    ])
  })

  it('marks templated overrides and reads nothing of a file that is not YAML', () => {
    const source = 'images:\n  - name: app\n    newTag: $TAG\n'
    expect(found(source)).toEqual([
      {
        text: 'app:$TAG',
        place: 'kustomize:images[0]',
        templated: true,
        parts: { name: 'app', newTag: '$TAG' },
        insertion: { at: source.length, indent: '    ' },
      },
    ])
    expect(found('images:\n  - name: [app\n')).toEqual([])
    expect(found('name: nginx\nimage: nginx:1\n')).toEqual([])
  })

  it('adds an insertion point at the end of a file without a final line break', () => {
    const source = 'images:\n- name: nginx\n  newTag: "1"'
    expect(found(source)[0]?.insertion).toEqual({ at: source.length, indent: '  ' })
  })
})

describe('Kustomize inline patches', () => {
  it('reads the images inline patches add, at their characters inside the block, and rewrites them there', () => {
    const source = `resources: [../../base]
patches:
  - target: {kind: Deployment, name: web}
    patch: |-
      - op: add
        path: /spec/template/spec/containers/-
        value:
          name: statsd
          image: prom/statsd-exporter:v0.26.1
      - op: replace
        path: /spec/template/spec/containers/0/image
        value: nginx:1.27
  - patch: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        template:
          spec:
            initContainers:
              - {name: wait, image: busybox:1.36}
            containers:
              - {name: web, image: "acme/web:2"}
  - path: sidecar.yaml
patchesStrategicMerge:
  - |-
    apiVersion: batch/v1
    kind: CronJob
    metadata: {name: nightly}
    spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: r, image: acme/report:1}]}}}}}
`
    const references = findKustomizeReferences(source, 'kustomization.yaml')
    for (const { start, end, text } of references) expect(source.slice(start, end)).toBe(text)
    expect(references.map(({ text, place }) => ({ text, place }))).toEqual([
      { text: 'prom/statsd-exporter:v0.26.1', place: 'kustomize:patches[0]/ops[0].value' },
      { text: 'nginx:1.27', place: 'kustomize:patches[0]/ops[1].value' },
      { text: 'busybox:1.36', place: 'kustomize:patches[1]/Deployment/web:initContainers[0]' },
      { text: 'acme/web:2', place: 'kustomize:patches[1]/Deployment/web:containers[0]' },
      { text: 'acme/report:1', place: 'kustomize:patchesStrategicMerge[0]/CronJob/nightly:containers[0]' },
    ])
  })
})

describe('Kustomize helmCharts', () => {
  it('reads the charts pulled from an OCI registry, not those of an https repository', () => {
    const source = `helmCharts:
  - name: redis
    repo: oci://registry-1.docker.io/bitnamicharts
    version: 19.6.4
    releaseName: cache
  - name: ingress-nginx
    repo: https://kubernetes.github.io/ingress-nginx
    version: 4.10.1
images:
  - name: redis
    newTag: "7.2"
`
    expect(found(source)).toEqual([
      {
        text: 'registry-1.docker.io/bitnamicharts/redis:19.6.4',
        place: 'kustomize:helmCharts[0]',
        templated: undefined,
        parts: { repository: 'registry-1.docker.io/bitnamicharts', name: 'redis', version: '19.6.4' },
        insertion: undefined,
        notes: ['chart-repository'],
      },
      expect.objectContaining({ text: 'redis:7.2', place: 'kustomize:images[0]' }),
    ])
  })
})

describe('Argo CD Application kustomize images (through the Kubernetes finder)', () => {
  it('finds what follows = and notes the strings that only retag', () => {
    const source = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: shop}
spec:
  source:
    kustomize:
      images:
        - nginx=registry.acme.io/nginx:1.27
        - "redis:7"
  sources:
    - kustomize: {images: ['app=ghcr.io/acme/app@sha256:${'b'.repeat(64)}']}
---
apiVersion: app.k8s.io/v1beta1
kind: Application
metadata: {name: other}
spec: {source: {kustomize: {images: [not-argo:1]}}}
`
    const references = findKubernetesReferences(source, 'apps/shop.yaml')
    for (const { start, end, text } of references) expect(source.slice(start, end)).toBe(text)
    expect(references.map(({ text, place, notes }) => ({ text, place, notes }))).toEqual([
      { text: 'registry.acme.io/nginx:1.27', place: 'argocd:Application/shop:spec.source.kustomize.images[0]' },
      {
        text: 'redis:7',
        place: 'argocd:Application/shop:spec.source.kustomize.images[1]',
        notes: ['no-new-name'],
      },
      {
        text: `ghcr.io/acme/app@sha256:${'b'.repeat(64)}`,
        place: 'argocd:Application/shop:spec.sources[0].kustomize.images[0]',
      },
    ])
  })
})
