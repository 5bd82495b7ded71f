import { describe, expect, it } from 'vitest'
import { findCopilotReferences, isCopilotManifestPath } from '../../../../src-main/core/cutover/copilot-references'
import { checkedReferences } from '../../../support/found-references'

const found = (source: string) => checkedReferences(findCopilotReferences, source, 'copilot/api/manifest.yml')

describe('isCopilotManifestPath', () => {
  it("takes a service's or job's manifest under copilot/, nothing else", () => {
    expect(isCopilotManifestPath('copilot/api/manifest.yml')).toBe(true)
    expect(isCopilotManifestPath('infra/copilot/nightly/manifest.yaml')).toBe(true)
    // An environment's manifest (copilot/environments/<env>/) describes a network, not containers.
    expect(isCopilotManifestPath('copilot/environments/prod/manifest.yml')).toBe(false)
    expect(isCopilotManifestPath('copilot/api/addons/db.yml')).toBe(false)
    expect(isCopilotManifestPath('manifest.yml')).toBe(false)
  })
})

describe('findCopilotReferences', () => {
  it('reads the image pulled, sidecars in both forms and environment overrides, not a built image', () => {
    const source = `name: api
type: Load Balanced Web Service
image:
  location: acme/api:2.3.1   # pulled, not built
  port: 8080
sidecars:
  nginx:
    port: 80
    image: nginx:1.27-alpine
  xray:
    image:
      location: public.ecr.aws/xray/aws-xray-daemon:3.3.12
environments:
  prod:
    image:
      location: "acme/api:2.3.0"
  test:
    count: 1
---
name: worker
type: Worker Service
image:
  build: worker/Dockerfile
`
    expect(found(source)).toEqual([
      { text: 'acme/api:2.3.1', place: 'copilot:image.location' },
      { text: 'nginx:1.27-alpine', place: 'copilot:sidecars.nginx.image' },
      { text: 'public.ecr.aws/xray/aws-xray-daemon:3.3.12', place: 'copilot:sidecars.xray.image' },
      { text: 'acme/api:2.3.0', place: 'copilot:environments.prod.image.location' },
    ])
  })

  it("reads an environment's sidecar override; a sidecar built from a Dockerfile pulls nothing", () => {
    const source = `name: api
type: Backend Service
image:
  build: Dockerfile
sidecars:
  proxy:
    image:
      build: proxy/Dockerfile
environments:
  prod:
    sidecars:
      proxy:
        image: envoyproxy/envoy:v1.31.0
      metrics:
        image:
          location: prom/statsd-exporter:\${TAG}
`
    expect(found(source)).toEqual([
      { text: 'envoyproxy/envoy:v1.31.0', place: 'copilot:environments.prod.sidecars.proxy.image' },
      {
        text: `prom/statsd-exporter:\${TAG}`,
        place: 'copilot:environments.prod.sidecars.metrics.image',
        templated: true,
      },
    ])
  })
})
