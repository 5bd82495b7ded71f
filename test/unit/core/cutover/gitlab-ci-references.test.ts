import { describe, expect, it } from 'vitest'
import { findGitLabCiReferences, isGitLabCiPath } from '../../../../src-main/core/cutover/gitlab-ci-references'
import { checkedReferences } from '../../../support/found-references'

const found = (source: string, path = '.gitlab-ci.yml') => checkedReferences(findGitLabCiReferences, source, path)

describe('isGitLabCiPath', () => {
  it('takes .gitlab-ci.yml and included *.gitlab-ci.yml files', () => {
    expect(isGitLabCiPath('.gitlab-ci.yml')).toBe(true)
    expect(isGitLabCiPath('ci/deploy.gitlab-ci.yaml')).toBe(true)
    expect(isGitLabCiPath('docs/gitlab-ci.md')).toBe(false)
    expect(isGitLabCiPath('my-gitlab-ci.yml')).toBe(false)
  })
})

describe('findGitLabCiReferences', () => {
  it('reads the top-level, default and job images and services, string and {name} forms, and scripts', () => {
    const source = `image: ruby:3.3
services:
  - postgres:16
default:
  image: { name: "alpine:3.20", entrypoint: [""] }
  services:
    - name: redis:7
      alias: cache
stages: [test]
variables:
  IMAGE: not-an-image-key:1
test:
  stage: test
  image: 'node:20' # job image
  services:
    - mysql:8.4
    - name: docker:27-dind
      command: ["--tls=false"]
  before_script: docker pull acme/seed:3
  script:
    - echo docker run not-this:1
    - docker run --rm nginx:1.27 nginx -t
.hidden-template:
  image:
    name: python:3.12-slim
`
    expect(found(source)).toEqual([
      { text: 'ruby:3.3', place: 'gitlab-ci:image' },
      { text: 'postgres:16', place: 'gitlab-ci:services[0]' },
      { text: 'alpine:3.20', place: 'gitlab-ci:default.image' },
      { text: 'redis:7', place: 'gitlab-ci:default.services[0]' },
      { text: 'node:20', place: 'gitlab-ci:test.image' },
      { text: 'mysql:8.4', place: 'gitlab-ci:test.services[0]' },
      { text: 'docker:27-dind', place: 'gitlab-ci:test.services[1]' },
      { text: 'acme/seed:3', place: 'gitlab-ci:test.before_script' },
      { text: 'nginx:1.27', place: 'gitlab-ci:test.script[1]' },
      { text: 'python:3.12-slim', place: 'gitlab-ci:.hidden-template.image' },
    ])
  })

  it('reports Docker Hub through the dependency proxy as templated, with a note', () => {
    const source = [
      'build:',
      `  image: \${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/node:20`,
      '  services:',
      '    - name: $CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX/postgres:16',
      '    - $CI_REGISTRY_IMAGE/helper:$CI_COMMIT_SHA',
      '',
    ].join('\r\n')
    expect(found(source)).toEqual([
      {
        text: `\${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/node:20`,
        place: 'gitlab-ci:build.image',
        templated: true,
        notes: ['dependency-proxy'],
      },
      {
        text: '$CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX/postgres:16',
        place: 'gitlab-ci:build.services[0]',
        templated: true,
        notes: ['dependency-proxy'],
      },
      { text: '$CI_REGISTRY_IMAGE/helper:$CI_COMMIT_SHA', place: 'gitlab-ci:build.services[1]', templated: true },
    ])
  })

  it('finds nothing in settings or job keys that are not images', () => {
    const source = `include:
  - project: acme/ci
    file: image.yml
workflow: { name: "image: nginx:1" }
deploy:
  environment: { name: production, url: https://example.com }
  trigger: { project: acme/deploy }
  image: !reference [.base, image]
`
    expect(found(source)).toEqual([])
  })
})
