import { describe, expect, it } from 'vitest'
import type { FoundReference } from '../../../../src-main/core/cutover/found-reference'
import { findHelmValuesReferences, isHelmValuesPath } from '../../../../src-main/core/cutover/helm-values-references'
import { checkedReferences } from '../../../support/found-references'

/**
 * The references found, each span checked to be the very characters of the source it claims: a reference's own
 * span is its text, or, for an image map, the repository part's.
 */
const found = (source: string, path = 'values.yaml') => checkedReferences(findHelmValuesReferences, source, path)

/** A reference's parts as `{key: text}`, for readable expectations. */
function partTexts(reference: Omit<FoundReference, 'start' | 'end'>) {
  return Object.fromEntries(Object.entries(reference.parts ?? {}).map(([key, part]) => [key, part.text]))
}

describe('isHelmValuesPath', () => {
  it('takes every values file, environment variants and folders included', () => {
    expect(isHelmValuesPath('values.yaml')).toBe(true)
    expect(isHelmValuesPath('charts/api/values-prod.yaml')).toBe(true)
    expect(isHelmValuesPath('deploy/values.prod.yml')).toBe(true)
    expect(isHelmValuesPath('charts/api/Chart.yaml')).toBe(false)
    expect(isHelmValuesPath('charts/api/templates/values.tpl')).toBe(false)
    expect(isHelmValuesPath('myvalues.yaml')).toBe(false)
  })
})

describe('findHelmValuesReferences', () => {
  it('reads image maps with registry, repository, tag and digest as one reference with parts', () => {
    const source = `image:
  registry: docker.io
  repository: bitnami/nginx
  tag: "1.27.3" # pinned
  digest: sha256:${'c'.repeat(64)}
  pullPolicy: IfNotPresent
sidecar:
  image:
    repository: 'envoyproxy/envoy'
    version: 1.30
`
    const references = found(source)
    expect(references.map(({ parts, ...reference }) => reference)).toEqual([
      {
        text: `docker.io/bitnami/nginx:1.27.3@sha256:${'c'.repeat(64)}`,
        place: 'helm:image',
        confidence: 'certain',
      },
      { text: 'envoyproxy/envoy:1.30', place: 'helm:sidecar.image', confidence: 'certain' },
    ])
    expect(partTexts(references[0])).toEqual({
      registry: 'docker.io',
      repository: 'bitnami/nginx',
      tag: '1.27.3',
      digest: `sha256:${'c'.repeat(64)}`,
    })
    expect(partTexts(references[1])).toEqual({ repository: 'envoyproxy/envoy', version: '1.30' })
  })

  it('reads plain strings under image-named keys, in lists too, and not look-alikes', () => {
    const source = `apiVersion: apps/v1
name: nginx
initImage: busybox:1.36
logoImage: https://example.com/logo.png
enableImage: true
imagePullPolicy: Always
extraContainers:
  - name: redis
    image: "redis:7"
  - name: exporter
    image: oliver006/redis_exporter:v1.62.0
# image: commented/out:1
`
    expect(found(source)).toEqual([
      { text: 'busybox:1.36', place: 'helm:initImage' },
      { text: 'redis:7', place: 'helm:extraContainers[0].image' },
      { text: 'oliver006/redis_exporter:v1.62.0', place: 'helm:extraContainers[1].image' },
    ])
  })

  it('notes an empty tag as the appVersion and leaves room between its quotes for one', () => {
    const source = 'image:\r\n  repository: grafana/grafana\r\n  tag: ""\r\n'
    const [reference] = found(source)
    expect(reference).toMatchObject({ text: 'grafana/grafana', notes: ['tag from appVersion'] })
    expect(reference.parts?.tag).toEqual({ start: source.indexOf('""') + 1, end: source.indexOf('""') + 1, text: '' })
  })

  it('pulls every image from the global registry where one is set, their own registry or not', () => {
    const source = `global:
  imageRegistry: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub
image:
  repository: bitnami/postgresql
  tag: 16.4.0
metrics:
  image:
    registry: docker.io
    repository: bitnami/postgres-exporter
    tag: 0.15.0
`
    const mirror = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub'
    expect(found(source).map(({ parts, ...reference }) => reference)).toEqual([
      {
        text: `${mirror}/bitnami/postgresql:16.4.0`,
        place: 'helm:image',
        confidence: 'certain',
        notes: [`global-registry: ${mirror}`],
      },
      {
        text: `${mirror}/bitnami/postgres-exporter:0.15.0`,
        place: 'helm:metrics.image',
        confidence: 'certain',
        notes: [`global-registry: ${mirror}`],
      },
    ])
  })

  it("reads ingress-nginx's image maps, whose repository key is image", () => {
    const source = `controller:
  image:
    registry: registry.k8s.io
    image: ingress-nginx/controller
    tag: "v1.10.1"
    digest: sha256:${'e'.repeat(64)}
`
    expect(found(source)).toEqual([
      {
        text: `registry.k8s.io/ingress-nginx/controller:v1.10.1@sha256:${'e'.repeat(64)}`,
        place: 'helm:controller.image',
        confidence: 'certain',
        parts: expect.objectContaining({ repository: expect.objectContaining({ text: 'ingress-nginx/controller' }) }),
      },
    ])
  })

  it('reads the strings of a map named for images as likely, and no file names under image keys', () => {
    const source = `hooks:
  images:
    kubectl: bitnami/kubectl:1.29
    curl: "curlimages/curl:8.8.0"
ui:
  logoImage: assets/logo.svg
  backgroundImage: https://cdn.example.com/bg.png
`
    expect(found(source)).toEqual([
      { text: 'bitnami/kubectl:1.29', place: 'helm:hooks.images.kubectl', confidence: 'likely' },
      { text: 'curlimages/curl:8.8.0', place: 'helm:hooks.images.curl', confidence: 'likely' },
    ])
  })

  it('reads global.image.registry as the global registry too', () => {
    const source =
      'global:\n  image:\n    registry: mirror.example.com\nworker:\n  image: { repository: acme/worker }\n'
    expect(found(source)[0].notes).toEqual(['global-registry: mirror.example.com'])
  })

  it('takes a repository map outside an image key as likely only when its path says image', () => {
    const source = `images:
  api:
    repository: acme/api
    tag: "2.1"
git:
  repository: https://github.com/acme/api.git
backup:
  repository: acme/backup
`
    expect(found(source).map(({ parts, ...reference }) => reference)).toEqual([
      { text: 'acme/api:2.1', place: 'helm:images.api', confidence: 'likely' },
    ])
  })

  it('marks Helm templates as templated', () => {
    const source = `image:
  repository: "{{ .Values.global.registry }}/app"
  tag: "{{ .Chart.AppVersion }}"
job:
  image: '{{ include "job.image" . }}'
`
    expect(found(source).map(({ parts, ...reference }) => reference)).toEqual([
      {
        text: '{{ .Values.global.registry }}/app:{{ .Chart.AppVersion }}',
        place: 'helm:image',
        confidence: 'certain',
        templated: true,
      },
      { text: '{{ include "job.image" . }}', place: 'helm:job.image', templated: true },
    ])
  })

  it('finds an anchored image once, where it is written', () => {
    const source = 'defaults:\n  image: &img alpine:3.20\nworker:\n  image: *img\n'
    expect(found(source)).toEqual([{ text: 'alpine:3.20', place: 'helm:defaults.image' }])
  })
})
