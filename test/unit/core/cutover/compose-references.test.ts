import { describe, expect, it } from 'vitest'
import { findComposeReferences, isComposePath } from '../../../../src-main/core/cutover/compose-references'
import { NOT_REWRITABLE } from '../../../../src-main/core/cutover/yaml-source'
import { checkedReferences } from '../../../support/found-references'

const found = (source: string, path = 'compose.yaml') => checkedReferences(findComposeReferences, source, path)

describe('isComposePath', () => {
  it('takes compose files and their overrides by name, anywhere', () => {
    expect(isComposePath('compose.yaml')).toBe(true)
    expect(isComposePath('compose.override.yaml')).toBe(true)
    expect(isComposePath('deploy/docker-compose.yml')).toBe(true)
    expect(isComposePath('docker-compose.prod.yml')).toBe(true)
    expect(isComposePath('docker-compose-dev.yaml')).toBe(true)
  })

  it('leaves other YAML alone', () => {
    expect(isComposePath('composer.yaml')).toBe(false)
    expect(isComposePath('k8s/compose.json')).toBe(false)
    expect(isComposePath('my-compose.yml')).toBe(false)
    expect(isComposePath('compose.yaml.bak')).toBe(false)
  })
})

describe('findComposeReferences', () => {
  it('finds each service image, plain or quoted, among comments', () => {
    const source = `# image: commented:1
name: shop # image: not-this:1
services:
  web:   # the front end
    image: nginx:1.27 # pinned
    ports: ["80:80"]
  db:
    image: "postgres:16"
    environment:
      image: not-an-image:1
  cache:
    image: 'redis:7'
  worker:
    command: ["run", "image: nope:1"]
`
    expect(found(source)).toEqual([
      { text: 'nginx:1.27', place: 'compose:services.web.image' },
      { text: 'postgres:16', place: 'compose:services.db.image' },
      { text: 'redis:7', place: 'compose:services.cache.image' },
    ])
  })

  it('finds an anchored image once, at the anchor, under the first service that uses it', () => {
    const source = `x-app: &app
  image: &app-image ghcr.io/acme/app:\${TAG:-latest}
  restart: always
x-unused: &unused
  image: never-used:1
services:
  api:
    <<: *app
    command: serve
  jobs:
    image: *app-image
  admin:
    <<: [*app]
    image: python:3.12   # its own key wins over the merged one
`
    expect(found(source)).toEqual([
      { text: `ghcr.io/acme/app:\${TAG:-latest}`, place: 'compose:services.api.image', templated: true },
      { text: 'python:3.12', place: 'compose:services.admin.image' },
    ])
  })

  it('lists an image beside build: as built here, and variables as templated', () => {
    const source = `services:
  app:
    build: .
    image: acme/app:dev
  proxy:
    image: \${REGISTRY}/proxy
    profiles: [debug]
  sidecar:
    extends: { file: common.yml, service: base }
`
    expect(found(source)).toEqual([
      { text: 'acme/app:dev', place: 'compose:services.app.image', notes: ['built-here'] },
      { text: `\${REGISTRY}/proxy`, place: 'compose:services.proxy.image', templated: true },
    ])
  })

  it('reads flow style, CRLF line ends, tabs in comments and JSON', () => {
    const crlf =
      'services:\r\n  web: {image: "nginx:1", ports: [80]}\t# a\ttab\r\n  db:\r\n    image: mysql:8\t#\tc\r\n'
    expect(found(crlf)).toEqual([
      { text: 'nginx:1', place: 'compose:services.web.image' },
      { text: 'mysql:8', place: 'compose:services.db.image' },
    ])
    const json = '{"services": {"web": {"image": "httpd:2.4", "name": "nginx"}}}'
    expect(found(json)).toEqual([{ text: 'httpd:2.4', place: 'compose:services.web.image' }])
  })

  it('marks block, escaped and folded scalars as not rewritable, and ignores empty or missing images', () => {
    const source = `services:
  a:
    image: |-
      alpine:3.20
  b:
    image: "busybox\\x3a1"
  c:
    image:
  d:
    image: ""
  e:
    image: {}
  f:
    image: nginx
      :1.27
  g:
    image: |
      redis:7
`
    const references = findComposeReferences(source, 'compose.yaml')
    expect(references.map(({ text, place, notes }) => ({ text, place, notes }))).toEqual([
      { text: 'alpine:3.20', place: 'compose:services.a.image', notes: [NOT_REWRITABLE] },
      { text: 'busybox:1', place: 'compose:services.b.image', notes: [NOT_REWRITABLE] },
      { text: 'nginx :1.27', place: 'compose:services.f.image', notes: [NOT_REWRITABLE] },
      { text: 'redis:7', place: 'compose:services.g.image', notes: [NOT_REWRITABLE] },
    ])
  })

  it('takes every document of a stream and returns nothing for text that is not YAML', () => {
    expect(found('services:\n  a:\n    image: one:1\n---\nservices:\n  b:\n    image: two:2\n')).toEqual([
      { text: 'one:1', place: 'compose:services.a.image' },
      { text: 'two:2', place: 'compose:services.b.image' },
    ])
    expect(found('services:\n  web:\n    image: [unclosed\n')).toEqual([])
    expect(found('version: "3"\nname: nginx\nimage: nginx:1\n')).toEqual([])
  })

  it('finds the images build contexts pull, in the mapping and the list form, and no other context', () => {
    const source = `services:
  api:
    build:
      context: .
      additional_contexts:
        base: docker-image://alpine:3.20
        assets: ../assets
        src: https://github.com/acme/src.git
  web:
    build:
      context: web
      additional_contexts:
        - node=docker-image://node:20-alpine
        - "cache=docker-image://acme/cache:1"
        - other=service:api
`
    expect(found(source)).toEqual([
      { text: 'alpine:3.20', place: 'compose:services.api.build.additional_contexts.base' },
      { text: 'node:20-alpine', place: 'compose:services.web.build.additional_contexts.node' },
      { text: 'acme/cache:1', place: 'compose:services.web.build.additional_contexts.cache' },
    ])
  })
})
