import { describe, expect, it } from 'vitest'
import { applyEdits, proposeEdit, rewriteProblem } from '../../../../src-main/core/cutover/reference-rewrite'
import type { ScannedReference } from '../../../../src-main/core/cutover/reference-scan'
import { findTerraformReferences, isTerraformPath } from '../../../../src-main/core/cutover/terraform-references'
import { checkedReferences } from '../../../support/found-references'

const found = (source: string, path = 'main.tf') => checkedReferences(findTerraformReferences, source, path)

describe('isTerraformPath', () => {
  it('takes .tf, .tofu and .tfvars files anywhere, nothing else', () => {
    expect(isTerraformPath('main.tf')).toBe(true)
    expect(isTerraformPath('infra/modules/ecs/service.tofu')).toBe(true)
    expect(isTerraformPath('envs/prod.tfvars')).toBe(true)
    expect(isTerraformPath('prod.tfvars.json')).toBe(false)
    expect(isTerraformPath('main.tf.bak')).toBe(false)
  })
})

describe('findTerraformReferences', () => {
  it('reads container_definitions written with jsonencode, in HCL object syntax and JSON-style keys', () => {
    const source = `resource "aws_ecs_task_definition" "api" {
  family = "api" # image = "not-this:1"
  container_definitions = jsonencode([
    {
      name  = "api"
      image = "nginx:1.27" // the web server
      portMappings = [{ containerPort = 80, hostPort = 80 }]
    },
    { "name" : "log", "image" : "\${var.registry}/fluent-bit:\${lookup(var.tags, "fluent")}" },
    merge(local.sidecar, { image = "not-reached:1" }),
  ])
}
`
    expect(found(source)).toEqual([
      { text: 'nginx:1.27', place: 'terraform:aws_ecs_task_definition.api.container_definitions[0].image' },
      {
        text: `\${var.registry}/fluent-bit:\${lookup(var.tags, "fluent")}`,
        place: 'terraform:aws_ecs_task_definition.api.container_definitions[1].image',
        templated: true,
      },
    ])
  })

  it('reads container_definitions written as a heredoc of JSON, with holes, directives and CRLF line ends', () => {
    const source = [
      'resource "aws_ecs_task_definition" "worker" {',
      '  container_definitions = <<-EOF',
      '    [',
      `      {"name": "queue", "image": "redis:7.2-alpine", "cpu": \${var.cpu}, "essential": true},`,
      '      %{ if var.debug }{"name": "debug", "image": "busybox:1.36"},%{ endif }',
      `      {"name": "app", "image": "bitnami/kafka@sha256:${'a'.repeat(64)}"}`,
      '    ]',
      '  EOF',
      '}',
      'resource "docker_image" "after" { name = "alpine:3.20" }',
    ].join('\r\n')
    expect(found(source)).toEqual([
      { text: 'redis:7.2-alpine', place: 'terraform:aws_ecs_task_definition.worker.container_definitions[0].image' },
      { text: 'busybox:1.36', place: 'terraform:aws_ecs_task_definition.worker.container_definitions[1].image' },
      {
        text: `bitnami/kafka@sha256:${'a'.repeat(64)}`,
        place: 'terraform:aws_ecs_task_definition.worker.container_definitions[2].image',
      },
      { text: 'alpine:3.20', place: 'terraform:docker_image.after.name' },
    ])
  })

  it('leaves container definitions read from files to the finders of those files', () => {
    const source = `resource "aws_ecs_task_definition" "a" {
  container_definitions = file("\${path.module}/containers.json")
}
resource "aws_ecs_task_definition" "b" {
  container_definitions = templatefile("containers.json.tpl", { image = "nginx:1" })
}
`
    expect(found(source)).toEqual([])
  })

  it('reads CodeBuild environment images but not CodeBuild curated images', () => {
    const source = `resource "aws_codebuild_project" "curated" {
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/amazonlinux2-x86_64-standard:5.0"
  }
}
resource "aws_codebuild_project" "node" {
  source { type = "GITHUB" }
  environment { image = "node:20-bookworm" }
}
`
    expect(found(source)).toEqual([
      { text: 'node:20-bookworm', place: 'terraform:aws_codebuild_project.node.environment.image' },
    ])
  })

  it('reads every container and init container of a Kubernetes resource, numbered per block type', () => {
    const source = `resource "kubernetes_deployment" "web" {
  metadata { name = "web" }
  spec {
    template {
      spec {
        init_container {
          name  = "migrate"
          image = "busybox"
        }
        container {
          name  = "nginx"
          image = "nginx:1.21.6"
        }
        container {
          image = "envoyproxy/envoy:v1.30.1"
        }
      }
    }
  }
}
`
    expect(found(source)).toEqual([
      { text: 'busybox', place: 'terraform:kubernetes_deployment.web.spec.template.spec.init_container[0].image' },
      { text: 'nginx:1.21.6', place: 'terraform:kubernetes_deployment.web.spec.template.spec.container[0].image' },
      {
        text: 'envoyproxy/envoy:v1.30.1',
        place: 'terraform:kubernetes_deployment.web.spec.template.spec.container[1].image',
      },
    ])
  })

  it('reads the container lists of a kubernetes_manifest, written as HCL objects at any depth', () => {
    const source = `resource "kubernetes_manifest" "nightly" {
  manifest = {
    apiVersion = "batch/v1"
    kind       = "CronJob"
    metadata   = { name = "nightly", namespace = "jobs" }
    spec = {
      schedule = "0 3 * * *"
      jobTemplate = { spec = { template = { spec = {
        initContainers = [{ name = "wait", image = "busybox:1.36" }]
        containers = [
          { name = "report", image = "acme/report:2.1", args = ["--image", "not-this:1"] },
        ]
      } } } }
    }
  }
}
`
    const spec = 'terraform:kubernetes_manifest.nightly.manifest.spec.jobTemplate.spec.template.spec'
    expect(found(source)).toEqual([
      { text: 'busybox:1.36', place: `${spec}.initContainers[0].image` },
      { text: 'acme/report:2.1', place: `${spec}.containers[0].image` },
    ])
  })

  it('reads values named for an image as likely references: variables, their defaults, locals', () => {
    const tfvars = `# prod
api_image    = "acme/api:2.0"
image_tag    = "2.0"
worker-image = "\${var.registry}/worker:2.0"
images = {
  nginx = "nginx:1.27"
}
replicas = 3
`
    expect(found(tfvars, 'envs/prod.tfvars')).toEqual([
      { text: 'acme/api:2.0', place: 'terraform:var.api_image', confidence: 'likely' },
      {
        text: `\${var.registry}/worker:2.0`,
        place: 'terraform:var.worker-image',
        templated: true,
        confidence: 'likely',
      },
      { text: 'nginx:1.27', place: 'terraform:var.images.nginx', confidence: 'likely' },
    ])
    const source = `variable "api_image" {
  type    = string
  default = "acme/api:1.9"
}
variable "region" { default = "eu-west-1" }
locals {
  sidecar_image = "envoyproxy/envoy:v1.30.1"
  name          = "nginx"
}
`
    expect(found(source)).toEqual([
      { text: 'acme/api:1.9', place: 'terraform:variable.api_image.default', confidence: 'likely' },
      { text: 'envoyproxy/envoy:v1.30.1', place: 'terraform:local.sidecar_image', confidence: 'likely' },
    ])
  })

  it('reads the Docker provider: the pulled image name, a container image, not a built image or a container name', () => {
    const source = `resource "docker_image" "nginx" {
  name = "nginx:latest"
}
resource "docker_image" "built" {
  name = "acme/app:dev"
  build { context = "." }
}
resource "docker_container" "web" {
  name  = "web"
  image = docker_image.nginx.image_id
}
resource "docker_container" "db" {
  name  = "db"
  image = "postgres:16"
}
`
    expect(found(source)).toEqual([
      { text: 'nginx:latest', place: 'terraform:docker_image.nginx.name' },
      { text: 'postgres:16', place: 'terraform:docker_container.db.image' },
    ])
  })

  it('reads dynamic container and init_container blocks as their content, placed [dynamic]', () => {
    const source = `resource "kubernetes_deployment" "web" {
  spec {
    template {
      spec {
        dynamic "init_container" {
          for_each = var.migrations
          content {
            name  = init_container.key
            image = "flyway/flyway:10.15"
          }
        }
        container {
          image = "nginx:1.27"
        }
        dynamic "container" {
          for_each = var.sidecars
          iterator = sidecar
          content {
            image = "\${var.registry}/\${sidecar.value.name}:1"
          }
        }
        dynamic "container" {
          for_each = var.more
          content { image = sidecar.value.image }
        }
        container {
          image = "envoyproxy/envoy:v1.30.1"
        }
        dynamic "volume" {
          for_each = var.volumes
          content { name = volume.key }
        }
      }
    }
  }
}
resource "kubernetes_pod" "job" {
  spec {
    dynamic "container" {
      for_each = toset(["a"])
    }
  }
}
`
    const spec = 'terraform:kubernetes_deployment.web.spec.template.spec'
    expect(found(source)).toEqual([
      { text: 'flyway/flyway:10.15', place: `${spec}.init_container[dynamic].image` },
      { text: 'nginx:1.27', place: `${spec}.container[0].image` },
      { text: `\${var.registry}/\${sidecar.value.name}:1`, place: `${spec}.container[dynamic].image`, templated: true },
      { text: 'envoyproxy/envoy:v1.30.1', place: `${spec}.container[1].image` },
    ])
  })

  it('reads the YAML a kubernetes_manifest decodes from a heredoc, at the file offsets, holes templated', () => {
    const source = [
      'resource "kubernetes_manifest" "web" {',
      '  manifest = yamldecode(<<-YAML',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      '    metadata:',
      '      name: web # image: not-this:1',
      '    spec:',
      '      template:',
      '        spec:',
      '          initContainers:',
      '            - name: wait',
      '              image: "busybox:1.36"',
      '          containers:',
      '            - name: web',
      `              image: \${var.registry}/web:\${var.tag == "" ? "latest" : var.tag} # a: b`,
      '            - name: proxy',
      '              image: envoyproxy/envoy:v1.30.1',
      '              env:',
      '                %{ if var.debug }- { name: DEBUG, value: "1" }%{ endif }',
      '  YAML',
      '  )',
      '}',
      'resource "kubernetes_manifest" "job" {',
      '  manifest = merge(yamldecode(<<EOT',
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata: { name: once }',
      'spec: { template: { spec: { containers: [{ name: a, image: "alpine:3.20" }] } } }',
      'EOT',
      '  ), { metadata = { namespace = "jobs" } })',
      '}',
      'resource "kubernetes_manifest" "from_file" {',
      `  manifest = yamldecode(file("\${path.module}/deployment.yaml"))`,
      '}',
      'resource "kubernetes_manifest" "other" {',
      '  wait { fields = { image = "not-this:2" } }',
      '  manifest = { kind = "ConfigMap", data = { image = yamldecode(<<-X',
      '    image: not-this:3',
      '    X',
      '  ) } }',
      '}',
    ].join('\r\n')
    expect(found(source)).toEqual([
      {
        text: 'busybox:1.36',
        place: 'terraform:kubernetes_manifest.web.manifest:k8s:Deployment/web:initContainers[0]',
      },
      {
        text: `\${var.registry}/web:\${var.tag == "" ? "latest" : var.tag}`,
        place: 'terraform:kubernetes_manifest.web.manifest:k8s:Deployment/web:containers[0]',
        templated: true,
      },
      {
        text: 'envoyproxy/envoy:v1.30.1',
        place: 'terraform:kubernetes_manifest.web.manifest:k8s:Deployment/web:containers[1]',
      },
      { text: 'alpine:3.20', place: 'terraform:kubernetes_manifest.job.manifest:k8s:Job/once:containers[0]' },
    ])
  })

  it('reads lists named for images as likely references, item by item', () => {
    const tfvars = `prepull_images = [
  "busybox:1.36",
  "registry.k8s.io/pause:3.9", # the pause container
  var.extra,
]
tags = ["1.0"]
images = { sidecars = ["envoyproxy/envoy:v1.30.1"] }
`
    expect(found(tfvars, 'prod.tfvars')).toEqual([
      { text: 'busybox:1.36', place: 'terraform:var.prepull_images[0]', confidence: 'likely' },
      { text: 'registry.k8s.io/pause:3.9', place: 'terraform:var.prepull_images[1]', confidence: 'likely' },
      { text: 'envoyproxy/envoy:v1.30.1', place: 'terraform:var.images.sidecars[0]', confidence: 'likely' },
    ])
    const source = `variable "prepull_images" {
  type    = list(string)
  default = ["busybox:1.36"]
}
locals {
  warm_images = [{ name = "nginx", image = "nginx:1.27" }, "redis:7.2"]
  zones       = ["eu-west-1a"]
}
`
    expect(found(source)).toEqual([
      { text: 'busybox:1.36', place: 'terraform:variable.prepull_images.default[0]', confidence: 'likely' },
      { text: 'nginx:1.27', place: 'terraform:local.warm_images[0].image', confidence: 'likely' },
      { text: 'redis:7.2', place: 'terraform:local.warm_images[1]', confidence: 'likely' },
    ])
  })

  it('reads helm_release charts pulled from an OCI registry, by repository and name or by URL', () => {
    const source = `resource "helm_release" "cache" {
  name       = "cache"
  repository = "oci://registry-1.docker.io/bitnamicharts"
  chart      = "redis"
  version    = "19.6.4"
}
resource "helm_release" "db" {
  chart   = "oci://registry-1.docker.io/bitnamicharts/postgresql"
  version = "15.5.0+build.7"
}
resource "helm_release" "latest" {
  repository = "oci://registry-1.docker.io/bitnamicharts/"
  chart      = "nginx"
}
resource "helm_release" "pinned_by_variable" {
  chart   = "oci://registry-1.docker.io/bitnamicharts/kafka"
  version = "\${var.kafka_version}"
}
resource "helm_release" "classic" {
  repository = "https://charts.bitnami.com/bitnami"
  chart      = "redis"
  version    = "19.6.4"
}
resource "helm_release" "local" { chart = "./charts/api" }
resource "helm_release" "templated" {
  repository = "oci://\${var.registry}/charts"
  chart      = "api"
}
`
    const span = (text: string, from = 0) => {
      const start = source.indexOf(text, from)
      return { start, end: start + text.length, text }
    }
    const db = source.indexOf('"db"')
    const latest = source.indexOf('"latest"')
    const kafka = source.indexOf('"pinned_by_variable"')
    expect(found(source)).toEqual([
      {
        text: 'registry-1.docker.io/bitnamicharts/redis:19.6.4',
        place: 'terraform:helm_release.cache',
        parts: { repository: span('registry-1.docker.io/bitnamicharts'), name: span('redis'), version: span('19.6.4') },
        notes: ['chart-repository'],
      },
      {
        text: 'registry-1.docker.io/bitnamicharts/postgresql:15.5.0_build.7',
        place: 'terraform:helm_release.db',
        parts: {
          repository: span('registry-1.docker.io/bitnamicharts', db),
          name: span('postgresql', db),
          version: span('15.5.0+build.7'),
        },
        notes: ['chart-repository'],
      },
      {
        text: 'registry-1.docker.io/bitnamicharts/nginx',
        place: 'terraform:helm_release.latest',
        parts: { repository: span('registry-1.docker.io/bitnamicharts/', latest), name: span('nginx') },
        notes: ['chart-repository', 'version range: none'],
        templated: true,
      },
      {
        text: 'registry-1.docker.io/bitnamicharts/kafka',
        place: 'terraform:helm_release.pinned_by_variable',
        parts: {
          repository: span('registry-1.docker.io/bitnamicharts', kafka),
          name: span('kafka', kafka),
          version: span(`\${var.kafka_version}`),
        },
        notes: ['chart-repository', `version range: \${var.kafka_version}`],
        templated: true,
      },
    ])
  })

  it('moves a helm_release chart repository and keeps the name and version, in both shapes', () => {
    const source = `resource "helm_release" "cache" {
  repository = "oci://registry-1.docker.io/bitnamicharts"
  chart      = "redis"
  version    = "19.6.4"
}
resource "helm_release" "db" {
  chart   = "oci://registry-1.docker.io/bitnamicharts/postgresql"
  version = "15.5.0"
}
`
    const ecr = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
    const edits = findTerraformReferences(source, 'main.tf').flatMap((reference) => {
      const target = `${ecr}/hub/${reference.text.slice('registry-1.docker.io/'.length)}`
      const scanned = { file: 'main.tf', status: 'migrated', target, found: reference } as ScannedReference
      const proposal = proposeEdit(scanned, { pinDigest: false, kustomizeEntries: [], lineEnd: '\n' })!
      expect(proposal.verdict).toBe('safe')
      return proposal.edits
    })
    const after = applyEdits(source, edits)
    expect(after).toBe(
      source
        .replace('oci://registry-1.docker.io/bitnamicharts"', `oci://${ecr}/hub/bitnamicharts"`)
        .replace('oci://registry-1.docker.io/bitnamicharts/postgresql', `oci://${ecr}/hub/bitnamicharts/postgresql`),
    )
    expect(rewriteProblem(source, after, edits, (text) => findTerraformReferences(text, 'main.tf'))).toBeUndefined()
  })

  it('never matches inside comments, other strings or escaped interpolations', () => {
    const source = `/* resource "docker_image" "old" { name = "old:1" } */
// resource "docker_image" "older" { name = "older:1" }
resource "docker_container" "c" {
  labels = { note = "image = \\"fake:1\\"" }
  image  = "registry.example.com/tools/$\${literal}:1"
}
data "docker_image" "lookup" { name = "data-source:1" }
resource "aws_ecs_task_definition" "empty" {
  container_definitions = jsonencode([{ name = "x", image = "" }])
}
`
    expect(found(source)).toEqual([
      { text: 'registry.example.com/tools/$${literal}:1', place: 'terraform:docker_container.c.image' },
    ])
  })
})
