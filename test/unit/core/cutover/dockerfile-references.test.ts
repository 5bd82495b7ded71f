import { describe, expect, it } from 'vitest'
import { findDockerfileReferences, isDockerfilePath } from '../../../../src-main/core/cutover/dockerfile-references'
import type { FoundReference } from '../../../../src-main/core/cutover/found-reference'
import { checkedReferences } from '../../../support/found-references'

const found = (source: string, path = 'Dockerfile') => checkedReferences(findDockerfileReferences, source, path)

/** What a rewrite does with the references: each one not templated replaced by `replace(text)`. */
function rewritten(source: string, replace: (text: string) => string): string {
  const references: FoundReference[] = findDockerfileReferences(source, 'Dockerfile').filter((r) => !r.templated)
  let result = source
  for (const { start, end, text } of [...references].reverse()) {
    result = result.slice(0, start) + replace(text) + result.slice(end)
  }
  return result
}

describe('isDockerfilePath', () => {
  it('takes Dockerfiles and Containerfiles however they are named', () => {
    for (const path of [
      'Dockerfile',
      'dockerfile',
      'Dockerfile.prod',
      'services/api/Dockerfile',
      'api.Dockerfile',
      'prod.dockerfile',
      'Dockerfile-dev',
      'Containerfile',
      'build/base.containerfile',
      'C:\\repo\\Dockerfile',
    ]) {
      expect(isDockerfilePath(path), path).toBe(true)
    }
  })

  it('refuses files of other formats named after a Dockerfile, and other names', () => {
    for (const path of [
      'dockerfile-lint.json',
      'Dockerfile.md',
      'docs/dockerfile-guide.md',
      'Dockerfile.prod.dockerignore',
      'dockerfile-rules.yml',
      'build-dockerfile.sh',
      '.dockerignore',
      'DOCKERFILE',
      'docker-compose.yml',
      'Dockerfile/README',
    ]) {
      expect(isDockerfilePath(path), path).toBe(false)
    }
  })
})

describe('findDockerfileReferences', () => {
  it('finds each stage base and skips stages named earlier, whatever their case', () => {
    const source = `FROM golang:1.22 AS Build
RUN go build -o /out/app ./...
FROM build AS test
RUN go test ./...
FROM alpine:3.20
COPY --from=BUILD /out/app /usr/local/bin/app
`
    expect(found(source)).toEqual([
      { text: 'golang:1.22', place: 'dockerfile:FROM' },
      { text: 'alpine:3.20', place: 'dockerfile:FROM' },
    ])
  })

  it('takes a FROM naming a stage declared only later as an image, as BuildKit does', () => {
    const source = 'FROM tools\nFROM alpine:3.20 AS tools\n'
    expect(found(source)).toEqual([
      { text: 'tools', place: 'dockerfile:FROM' },
      { text: 'alpine:3.20', place: 'dockerfile:FROM' },
    ])
  })

  it('keeps the --platform flag out of the span', () => {
    const source = `FROM --platform=$BUILDPLATFORM golang:1.22 AS build
FROM --platform=linux/amd64 alpine:3.20 AS base
FROM   --platform=linux/arm64   \t debian:12-slim
`
    expect(found(source)).toEqual([
      { text: 'golang:1.22', place: 'dockerfile:FROM' },
      { text: 'alpine:3.20', place: 'dockerfile:FROM' },
      { text: 'debian:12-slim', place: 'dockerfile:FROM' },
    ])
  })

  it('tells a COPY --from image from a stage, a stage index and scratch', () => {
    const source = `FROM node:20 AS deps
FROM alpine:3.20
COPY --from=deps /app/node_modules /app/node_modules
COPY --from=0 /etc/os-release /tmp/
COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
COPY --chown=1000:1000 --from=later /bin/tool /bin/
COPY --from=scratch / /empty
COPY --from="quay.io/prometheus/busybox:latest" /bin/sh /bin/sh
COPY --link --from=docker.io/library/redis:7 ["/usr/local/bin/redis-server", "/bin/"]
FROM busybox AS later
`
    expect(found(source)).toEqual([
      { text: 'node:20', place: 'dockerfile:FROM' },
      { text: 'alpine:3.20', place: 'dockerfile:FROM' },
      { text: 'nginx:1.27', place: 'dockerfile:COPY --from' },
      { text: 'quay.io/prometheus/busybox:latest', place: 'dockerfile:COPY --from' },
      { text: 'docker.io/library/redis:7', place: 'dockerfile:COPY --from' },
      { text: 'busybox', place: 'dockerfile:FROM' },
    ])
  })

  it('lists a COPY --from with a variable as templated, since BuildKit does not expand it', () => {
    const source = `ARG IMAGE=nginx:1.27\nFROM alpine\nCOPY --from=\${IMAGE} /a /b\n`
    expect(found(source)).toEqual([
      { text: 'alpine', place: 'dockerfile:FROM' },
      { text: `\${IMAGE}`, place: 'dockerfile:COPY --from', templated: true },
    ])
  })

  it('finds images mounted by RUN --mount from=, but not stages', () => {
    const source = `FROM alpine:3.20 AS tools
FROM debian:12
RUN --mount=type=bind,from=tools,source=/bin,target=/t \\
    --mount=type=cache,target=/root/.cache,FROM=ghcr.io/acme/cache:1 make
RUN --network=none --mount=type=bind,from=golang:1.22,source=/usr/local/go,target=/go go version
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
`
    expect(found(source)).toEqual([
      { text: 'alpine:3.20', place: 'dockerfile:FROM' },
      { text: 'debian:12', place: 'dockerfile:FROM' },
      { text: 'ghcr.io/acme/cache:1', place: 'dockerfile:RUN --mount' },
      { text: 'golang:1.22', place: 'dockerfile:RUN --mount' },
    ])
  })

  it('reads the COPY --from and RUN --mount of ONBUILD triggers as likely references, not its stages', () => {
    const source = `FROM node:20 AS deps
onbuild COPY --from=acme/assets:1 /assets /srv/assets
ONBUILD RUN --mount=type=cache,from=acme/cache:2,target=/c npm ci
ONBUILD COPY --from=deps /app /app
ONBUILD RUN echo --from=not-this:1
`
    expect(found(source)).toEqual([
      { text: 'node:20', place: 'dockerfile:FROM' },
      { text: 'acme/assets:1', place: 'dockerfile:ONBUILD COPY --from', confidence: 'likely' },
      { text: 'acme/cache:2', place: 'dockerfile:ONBUILD RUN --mount', confidence: 'likely' },
    ])
  })

  it('reports the # syntax directive, only at the top of the file', () => {
    const source = '# check=skip=all\n#  syntax = docker/dockerfile:1.7-labs  \nFROM alpine\n'
    expect(found(source)).toEqual([
      { text: 'docker/dockerfile:1.7-labs', place: 'dockerfile:# syntax' },
      { text: 'alpine', place: 'dockerfile:FROM' },
    ])
    // After a blank line, a plain comment or an instruction, `# syntax=` is a comment.
    for (const head of ['\n', '# build the api\n', 'FROM alpine\n']) {
      const late = `${head}# syntax=docker/dockerfile:1\nFROM node:20\n`
      expect(found(late).map((reference) => reference.place)).not.toContain('dockerfile:# syntax')
    }
  })

  it('reads a directive after a byte order mark at the right offset', () => {
    const source = '\uFEFF# syntax=docker/dockerfile:1\nFROM alpine\n'
    expect(found(source)).toEqual([
      { text: 'docker/dockerfile:1', place: 'dockerfile:# syntax' },
      { text: 'alpine', place: 'dockerfile:FROM' },
    ])
  })

  it('follows # escape=` : backtick continuations, backslashes as plain characters', () => {
    const source = `# escape=\`
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS base
RUN dir c:\\
FROM \`
    mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022
COPY --from=base C:\\app C:\\app
RUN Write-Host hello \`
    FROM not-an-instruction:1
`
    expect(found(source)).toEqual([
      { text: 'mcr.microsoft.com/windows/servercore:ltsc2022', place: 'dockerfile:FROM' },
      { text: 'mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022', place: 'dockerfile:FROM' },
    ])
  })

  it('without # escape, a backslash at the end of a line continues the instruction', () => {
    const source = 'FROM alpine\nRUN dir c:\\\nFROM node:20\n'
    expect(found(source)).toEqual([{ text: 'alpine', place: 'dockerfile:FROM' }])
  })

  it('follows line continuations, with trailing blanks, comment lines and blank lines inside', () => {
    const source = `FROM \\
  node:20 \\
  AS build
FROM \\ \t
# a comment inside the instruction
\t
  python:3.12 AS py
`
    expect(found(source)).toEqual([
      { text: 'node:20', place: 'dockerfile:FROM' },
      { text: 'python:3.12', place: 'dockerfile:FROM' },
    ])
  })

  it('gives offsets into a CRLF file, continuations and heredocs included', () => {
    const source = [
      '# syntax=docker/dockerfile:1',
      'ARG BASE=node:20',
      'FROM $BASE AS build',
      'RUN <<EOF',
      'FROM fake:1',
      'EOF',
      'FROM \\',
      '  nginx:1.27',
      'COPY --from=build /app /usr/share/nginx/html',
      '',
    ].join('\r\n')
    expect(found(source)).toEqual([
      { text: 'docker/dockerfile:1', place: 'dockerfile:# syntax' },
      { text: 'node:20', place: 'dockerfile:ARG BASE (used by FROM)' },
      { text: 'nginx:1.27', place: 'dockerfile:FROM' },
    ])
    expect(rewritten(source, (text) => `ecr.example/${text}`)).toBe(
      source
        .replace('docker/dockerfile:1', 'ecr.example/docker/dockerfile:1')
        .replace('=node:20', '=ecr.example/node:20')
        .replace('  nginx:1.27', '  ecr.example/nginx:1.27'),
    )
  })

  it('skips heredoc bodies: RUN, COPY, <<-, quoted delimiters, several on one line', () => {
    const source = `FROM alpine:3.20
RUN <<EOF
FROM fake:1
EOF
COPY <<-"CONF" /etc/app.conf
\tFROM fake:2
\tCONF
RUN 3<<'A' cat - <<B > /out
FROM fake:3
A
FROM fake:4
B
run cat <<eof
FROM fake:5
EOF
eof
FROM debian:12
`
    expect(found(source)).toEqual([
      { text: 'alpine:3.20', place: 'dockerfile:FROM' },
      { text: 'debian:12', place: 'dockerfile:FROM' },
    ])
  })

  it('reads no heredoc in an exec-form instruction or after a plain <<', () => {
    const source = `FROM alpine
RUN ["sh", "-c", "cat <<EOF"]
FROM node:20
RUN echo "a" << EOF
FROM python:3.12
`
    expect(found(source).map((reference) => reference.text)).toEqual(['alpine', 'node:20', 'python:3.12'])
  })

  it('ignores FROM in comments and in the arguments of other instructions', () => {
    const source = `# FROM fake:1
   # FROM fake:2
FROM alpine
RUN apt-get update \\
  # FROM fake:3
  && apt-get install -y curl
RUN echo # FROM fake:4
LABEL description="FROM fake:5"
ONBUILD RUN echo from
`
    expect(found(source)).toEqual([{ text: 'alpine', place: 'dockerfile:FROM' }])
  })

  it('finds an image in the ARG default a FROM uses, quotes excluded, once however often it is used', () => {
    const source = `ARG NODE=node:20
ARG QUOTED="python:3.12-slim"
ARG SINGLE='ruby:3.3'
ARG UNUSED=redis:7
ARG A=alpine:3.20 B=busybox:1.36
FROM $NODE AS one
FROM \${QUOTED} AS two
FROM "\${SINGLE}" AS three
FROM \${NODE} AS four
FROM $B
`
    expect(found(source)).toEqual([
      { text: 'node:20', place: 'dockerfile:ARG NODE (used by FROM)' },
      { text: 'python:3.12-slim', place: 'dockerfile:ARG QUOTED (used by FROM)' },
      { text: 'ruby:3.3', place: 'dockerfile:ARG SINGLE (used by FROM)' },
      { text: 'busybox:1.36', place: 'dockerfile:ARG B (used by FROM)' },
    ])
  })

  it('rewrites an ARG default used by FROM and leaves every variable as it was', () => {
    const source = `ARG BASE="node:20"\nFROM \${BASE} AS build\nFROM \${REGISTRY:-docker.io}/api:\${TAG}\n`
    expect(rewritten(source, (text) => `ecr.example/${text}`)).toBe(
      `ARG BASE="ecr.example/node:20"\nFROM \${BASE} AS build\nFROM \${REGISTRY:-docker.io}/api:\${TAG}\n`,
    )
  })

  it('follows an ARG default through another ARG to where the image is written', () => {
    const source = `ARG IMAGE=node:20\nARG BASE=$IMAGE\nFROM \${BASE}\n`
    expect(found(source)).toEqual([{ text: 'node:20', place: 'dockerfile:ARG IMAGE (used by FROM)' }])
  })

  it('uses only the ARGs declared before the first FROM for FROM lines', () => {
    const source = `ARG BASE=node:20
FROM alpine AS a
ARG BASE=python:3.12
ARG LATE=ruby:3.3
FROM $BASE
FROM $LATE
`
    expect(found(source)).toEqual([
      { text: 'node:20', place: 'dockerfile:ARG BASE (used by FROM)' },
      { text: 'alpine', place: 'dockerfile:FROM' },
      { text: '$LATE', place: 'dockerfile:FROM', templated: true },
    ])
  })

  it('lists images built from several pieces or from values the file does not fix as templated', () => {
    const unset = `ARG REGISTRY\nARG TAG=1.2\nFROM \${REGISTRY}/api:\${TAG}\nFROM $BASE\n`
    expect(found(unset)).toEqual([
      { text: `\${REGISTRY}/api:\${TAG}`, place: 'dockerfile:FROM', templated: true },
      { text: '$BASE', place: 'dockerfile:FROM', templated: true },
    ])
    const defaults = `ARG REGISTRY=docker.io
ARG TAG=1.2
FROM \${REGISTRY}/api:\${TAG}
`
    expect(found(defaults)).toEqual([
      {
        text: `\${REGISTRY}/api:\${TAG}`,
        place: 'dockerfile:FROM',
        templated: true,
        notes: ['resolved: docker.io/api:1.2'],
      },
    ])
  })

  it('moves the name of an image whose tag alone comes from ARGs, keeping the variables, and judges what it makes', () => {
    const source = `ARG GO=1.23
FROM --platform=$BUILDPLATFORM golang:\${GO}-alpine AS build
FROM node:\${NODE:-20}-alpine
ARG LATE=1
`
    const references = found(source)
    expect(references.map(({ text, place, parts }) => ({ text, place, name: parts?.repository?.text }))).toEqual([
      { text: 'golang:1.23-alpine', place: 'dockerfile:FROM', name: 'golang' },
      { text: 'node:20-alpine', place: 'dockerfile:FROM', name: 'node' },
    ])
  })

  it('takes the :- default of an unset ARG on the FROM line as the reference', () => {
    expect(found(`ARG BASE\nFROM \${BASE:-node:20}\n`)).toEqual([{ text: 'node:20', place: 'dockerfile:FROM' }])
    // `:-` takes the default for an empty value too; `-` only for an unset one.
    const empty = `ARG EMPTY=\nFROM \${EMPTY:-python:3.12}\nFROM \${EMPTY-ruby:3.3}\n`
    expect(found(empty)).toEqual([{ text: 'python:3.12', place: 'dockerfile:FROM' }])
    // Set by a global ARG, the name's own value wins; an ARG declared in a stage is not in scope for FROM.
    const set = `ARG OTHER=python:3.12\nFROM \${OTHER:-ignored:1}\nARG LATE=ruby:3.3\nFROM \${LATE:-debian:12}\n`
    expect(found(set)).toEqual([
      { text: 'python:3.12', place: 'dockerfile:ARG OTHER (used by FROM)' },
      { text: 'debian:12', place: 'dockerfile:FROM' },
    ])
  })

  it('skips a FROM built to pick a stage, and lists one that matches no stage', () => {
    const source = `ARG VARIANT=arm64
FROM alpine:3.20 AS stage-amd64
FROM alpine:3.20 AS stage-arm64
FROM stage-$TARGETARCH AS final
FROM stage-\${VARIANT}
FROM node-$TARGETARCH
`
    expect(found(source)).toEqual([
      { text: 'alpine:3.20', place: 'dockerfile:FROM' },
      { text: 'alpine:3.20', place: 'dockerfile:FROM' },
      { text: 'node-$TARGETARCH', place: 'dockerfile:FROM', templated: true },
    ])
  })

  it('skips an ARG default that names a stage or scratch', () => {
    const source = 'ARG TARGET=builder\nARG EMPTY=scratch\nFROM golang:1.22 AS builder\nFROM $TARGET\nFROM $EMPTY\n'
    expect(found(source)).toEqual([{ text: 'golang:1.22', place: 'dockerfile:FROM' }])
  })

  it('expands words as BuildKit does: quotes, escapes, a lone $', () => {
    const source = `ARG LONE=odd$
ARG ESCAPED="node:\\$TAG"
FROM "alpine:3.20"
FROM $LONE
FROM \${ESCAPED}
`
    expect(found(source)).toEqual([
      { text: 'odd$', place: 'dockerfile:ARG LONE (used by FROM)' },
      { text: 'alpine:3.20', place: 'dockerfile:FROM' },
      { text: `\${ESCAPED}`, place: 'dockerfile:FROM', templated: true, notes: ['resolved: node:$TAG'] },
    ])
  })

  it('ends builder flags at a bare --', () => {
    expect(found('FROM alpine\nCOPY -- --from=nginx:1.27 /dst/\n')).toEqual([
      { text: 'alpine', place: 'dockerfile:FROM' },
    ])
  })

  it('never reports scratch, in any case', () => {
    const source = 'FROM scratch\nFROM SCRATCH AS empty\nFROM Scratch\nCOPY --from=ScRaTcH / /\n'
    expect(found(source)).toEqual([])
  })

  it('reads instructions in any case', () => {
    const source = `from alpine:3.20 as base
From base AS next
copy --from=nginx:1.27 /etc/nginx /etc/nginx
run --mount=type=bind,from=golang:1.22,target=/go true
`
    expect(found(source)).toEqual([
      { text: 'alpine:3.20', place: 'dockerfile:FROM' },
      { text: 'nginx:1.27', place: 'dockerfile:COPY --from' },
      { text: 'golang:1.22', place: 'dockerfile:RUN --mount' },
    ])
  })

  it('reads tab-separated instructions and digests', () => {
    const digest = `sha256:${'a'.repeat(64)}`
    const source = `FROM\tnode:20@${digest}\tAS\tbuild\n\tFROM\t\tpython:3.12\n`
    expect(found(source)).toEqual([
      { text: `node:20@${digest}`, place: 'dockerfile:FROM' },
      { text: 'python:3.12', place: 'dockerfile:FROM' },
    ])
  })

  it('finds nothing in an empty file or one of comments only', () => {
    expect(found('')).toEqual([])
    expect(found('# nothing to build\n\n   \n')).toEqual([])
  })
})
