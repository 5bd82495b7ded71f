import { describe, expect, it } from 'vitest'
import { findBuildspecReferences, isBuildspecPath } from '../../../../src-main/core/cutover/buildspec-references'
import { checkedReferences } from '../../../support/found-references'

const found = (source: string, path = 'buildspec.yml') => checkedReferences(findBuildspecReferences, source, path)

describe('isBuildspecPath', () => {
  it('takes buildspec files and their variants anywhere', () => {
    expect(isBuildspecPath('buildspec.yml')).toBe(true)
    expect(isBuildspecPath('ci/buildspec-deploy.yaml')).toBe(true)
    expect(isBuildspecPath('ci/my-buildspec.yml')).toBe(false)
    expect(isBuildspecPath('buildspec.json')).toBe(false)
  })
})

describe('findBuildspecReferences', () => {
  it('reads the image argument of docker pull, run and create, skipping options and their values', () => {
    const source = `version: 0.2
phases:
  pre_build:
    commands:
      - echo logging in # docker pull not-a-command:1
      - docker pull nginx:1.27
      - docker run --rm -e FOO=bar --name smoke -v "$PWD:/src" -p 8080:80 -it redis:7 redis-cli ping
      - sudo -E docker --context ci container create --platform=linux/amd64 -dP postgres:16 postgres -c x=1
  build:
    commands:
      - 'docker pull -q "bitnami/kafka:3.8" && docker image pull --platform linux/arm64 alpine:3.20'
      - echo docker run not-this:1
  post_build:
    finally:
      - docker run -eKEY=v -w /app node:20 npm test; docker compose run web
`
    expect(found(source)).toEqual([
      { text: 'nginx:1.27', place: 'codebuild:phases.pre_build.commands[1]' },
      { text: 'redis:7', place: 'codebuild:phases.pre_build.commands[2]' },
      { text: 'postgres:16', place: 'codebuild:phases.pre_build.commands[3]' },
      { text: 'bitnami/kafka:3.8', place: 'codebuild:phases.build.commands[0]' },
      { text: 'alpine:3.20', place: 'codebuild:phases.build.commands[0]' },
      { text: 'node:20', place: 'codebuild:phases.post_build.finally[0]' },
    ])
  })

  it('takes only the cache sources of docker build, not the image it builds', () => {
    const source = `phases:
  build:
    commands:
      - docker build -t acme/app:latest --cache-from acme/app:cache .
      - docker buildx build --cache-from=type=registry,ref=acme/app:buildcache --build-arg BASE=python:3.12 .
      - docker build --cache-from type=local,src=/tmp/cache -f Dockerfile .
`
    expect(found(source)).toEqual([
      { text: 'acme/app:cache', place: 'codebuild:phases.build.commands[0]' },
      { text: 'acme/app:buildcache', place: 'codebuild:phases.build.commands[1]' },
    ])
  })

  it('places images inside block scalars at their own characters, with CRLF line ends', () => {
    const source = [
      'phases:',
      '  install:',
      '    commands:',
      '      - |',
      '        docker pull ubuntu:24.04',
      '        docker run --rm \\',
      '          ubuntu:24.04 true',
      '      - >-',
      '        docker pull',
      '        "busybox:1.36"',
      '',
    ].join('\r\n')
    const references = found(source)
    expect(references).toEqual([
      { text: 'ubuntu:24.04', place: 'codebuild:phases.install.commands[0]' },
      { text: 'ubuntu:24.04', place: 'codebuild:phases.install.commands[0]' },
      { text: 'busybox:1.36', place: 'codebuild:phases.install.commands[1]' },
    ])
    const starts = findBuildspecReferences(source, 'buildspec.yml').map((reference) => reference.start)
    expect(starts).toEqual([
      source.indexOf('ubuntu:24.04'),
      source.lastIndexOf('ubuntu:24.04'),
      source.indexOf('busybox'),
    ])
  })

  it('marks images the shell computes as templated', () => {
    const source = `phases:
  build:
    commands:
      - docker pull $REPOSITORY_URI:$IMAGE_TAG
      - docker run "\${BASE_IMAGE}" echo
      - docker pull $(cat image.txt)
`
    expect(found(source)).toEqual([
      { text: '$REPOSITORY_URI:$IMAGE_TAG', place: 'codebuild:phases.build.commands[0]', templated: true },
      { text: `\${BASE_IMAGE}`, place: 'codebuild:phases.build.commands[1]', templated: true },
      { text: '$(cat image.txt)', place: 'codebuild:phases.build.commands[2]', templated: true },
    ])
  })

  it('reads batch build images, and never CodeBuild curated images', () => {
    const source = `batch:
  build-list:
    - identifier: linux
      env:
        image: aws/codebuild/amazonlinux2-x86_64-standard:5.0
    - identifier: node
      env: { image: "node:22-alpine", compute-type: BUILD_GENERAL1_SMALL }
  build-graph:
    - identifier: python
      env:
        image: python:3.13
  build-matrix:
    static:
      env: { image: golang:1.23 }
    dynamic:
      env:
        image:
          - rust:1.82
          - aws/codebuild/standard:7.0
phases:
  build:
    commands:
      - docker run aws/codebuild/standard:7.0 true
`
    expect(found(source)).toEqual([
      { text: 'node:22-alpine', place: 'codebuild:batch.build-list[1].env.image' },
      { text: 'python:3.13', place: 'codebuild:batch.build-graph[0].env.image' },
      { text: 'golang:1.23', place: 'codebuild:batch.build-matrix.static.env.image' },
      { text: 'rust:1.82', place: 'codebuild:batch.build-matrix.dynamic.env.image[0]' },
    ])
  })
})
