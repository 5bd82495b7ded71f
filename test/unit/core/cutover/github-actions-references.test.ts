import { describe, expect, it } from 'vitest'
import {
  findGitHubActionsReferences,
  isGitHubActionsPath,
} from '../../../../src-main/core/cutover/github-actions-references'
import { checkedReferences } from '../../../support/found-references'

const found = (source: string, path = '.github/workflows/ci.yml') =>
  checkedReferences(findGitHubActionsReferences, source, path)

describe('isGitHubActionsPath', () => {
  it('takes workflow files and action metadata, nothing else under .github', () => {
    expect(isGitHubActionsPath('.github/workflows/ci.yml')).toBe(true)
    expect(isGitHubActionsPath('.github/workflows/release.yaml')).toBe(true)
    expect(isGitHubActionsPath('actions/lint/action.yml')).toBe(true)
    expect(isGitHubActionsPath('.github/dependabot.yml')).toBe(false)
    expect(isGitHubActionsPath('.github/workflows/scripts/build.sh')).toBe(false)
  })
})

describe('findGitHubActionsReferences', () => {
  it('reads job containers, services, docker:// steps and what run scripts pull with docker', () => {
    const source = `name: ci
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    container: node:20-bookworm # the build image
    services:
      db:
        image: "postgres:16"
        env: { POSTGRES_PASSWORD: test }
      cache: redis:7
    steps:
      - uses: actions/checkout@v4
      - run: docker pull acme/fixtures:1
      - run: |
          echo "docker run not-this:1"
          docker run --rm -e CI=1 -v "$PWD:/src" koalaman/shellcheck:v0.10.0 src/*.sh
      - uses: docker://alpine:3.20
        with: { args: echo hi }
  lint:
    container:
      image: 'golangci/golangci-lint:v1.61'
      options: --user 1001
    steps:
      - uses: ./.github/actions/local
`
    expect(found(source)).toEqual([
      { text: 'node:20-bookworm', place: 'github-actions:jobs.build.container' },
      { text: 'postgres:16', place: 'github-actions:jobs.build.services.db' },
      { text: 'redis:7', place: 'github-actions:jobs.build.services.cache' },
      { text: 'acme/fixtures:1', place: 'github-actions:jobs.build.steps[1].run' },
      { text: 'koalaman/shellcheck:v0.10.0', place: 'github-actions:jobs.build.steps[2].run' },
      { text: 'alpine:3.20', place: 'github-actions:jobs.build.steps[3].uses' },
      { text: 'golangci/golangci-lint:v1.61', place: 'github-actions:jobs.lint.container' },
    ])
  })

  it('marks expressions as templated, with CRLF line ends', () => {
    const source = [
      'jobs:',
      '  test:',
      '    strategy: { matrix: { node: [18, 20] } }',
      `    container: node:\${{ matrix.node }}-alpine`,
      '    services:',
      `      db: { image: "\${{ vars.DB_IMAGE }}" }`,
      '',
    ].join('\r\n')
    expect(found(source)).toEqual([
      { text: `node:\${{ matrix.node }}-alpine`, place: 'github-actions:jobs.test.container', templated: true },
      { text: `\${{ vars.DB_IMAGE }}`, place: 'github-actions:jobs.test.services.db', templated: true },
    ])
  })

  it('reads a Docker action that runs an image, not one that builds a Dockerfile', () => {
    const image = `name: greet
runs:
  using: docker
  image: docker://ghcr.io/acme/greeter:1.2.0
  args: ["image: fake:1"]
`
    const dockerfile = 'name: build\nruns:\n  using: docker\n  image: Dockerfile\n'
    expect(found(image, 'action.yml')).toEqual([
      { text: 'ghcr.io/acme/greeter:1.2.0', place: 'github-actions:runs.image' },
    ])
    expect(found(dockerfile, 'action.yml')).toEqual([])
  })

  it('reads docker:// steps of a composite action', () => {
    const source =
      "runs:\n  using: composite\n  steps:\n    - run: echo\n    - uses: 'docker://hadolint/hadolint:v2.12.0'\n"
    expect(found(source, 'action.yaml')).toEqual([
      { text: 'hadolint/hadolint:v2.12.0', place: 'github-actions:runs.steps[1].uses' },
    ])
  })
})
