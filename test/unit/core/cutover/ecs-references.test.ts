import { describe, expect, it } from 'vitest'
import { findEcsReferences, isEcsDefinitionPath } from '../../../../src-main/core/cutover/ecs-references'
import { checkedReferences } from '../../../support/found-references'

const found = (source: string, path = 'task-definition.json') => checkedReferences(findEcsReferences, source, path)

describe('isEcsDefinitionPath', () => {
  it('reads JSON, YAML and CloudFormation .template files, whatever they are called', () => {
    expect(isEcsDefinitionPath('deploy/task-def.json')).toBe(true)
    expect(isEcsDefinitionPath('cfn/stack.template')).toBe(true)
    expect(isEcsDefinitionPath('template.YML')).toBe(true)
    expect(isEcsDefinitionPath('main.tf')).toBe(false)
  })
})

describe('findEcsReferences', () => {
  it('reads a task definition as RegisterTaskDefinition takes it, CRLF line ends included', () => {
    const source = [
      '{',
      '  "family": "web",',
      '  "containerDefinitions": [',
      '    { "name": "nginx", "image": "nginx:1.27", "essential": true },',
      '    { "name": "sidecar", "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/envoy:v1" },',
      '    { "name": "log_router", "firelensConfiguration": { "type": "fluentbit" } }',
      '  ],',
      '  "volumes": [{ "name": "image", "host": { "sourcePath": "/var/image" } }]',
      '}',
    ].join('\r\n')
    expect(found(source)).toEqual([
      { text: 'nginx:1.27', place: 'ecs:containerDefinitions[0].image' },
      { text: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/envoy:v1', place: 'ecs:containerDefinitions[1].image' },
    ])
  })

  it('reads what DescribeTaskDefinition prints, with the task definition wrapped', () => {
    const source = `{
  "taskDefinition": {
    "taskDefinitionArn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7",
    "containerDefinitions": [
      { "name": "api", "image": "acme/api@sha256:${'b'.repeat(64)}", "cpu": 0 },
      { "name": "redis", "image": "redis" }
    ]
  }
}`
    expect(found(source)).toEqual([
      { text: `acme/api@sha256:${'b'.repeat(64)}`, place: 'ecs:containerDefinitions[0].image' },
      { text: 'redis', place: 'ecs:containerDefinitions[1].image' },
    ])
  })

  it('reads CloudFormation YAML task definitions, intrinsic functions as templated', () => {
    const source = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ImageUri: { Type: String, Default: "nginx:1.25" }
Resources:
  # Image: commented:1
  Service:
    Type: AWS::ECS::Service
    Properties: { ContainerDefinitions: [{ Image: "not-a-task-definition:1" }] }
  WebTask:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: web
          Image: 'nginx:1.27-alpine' # pinned
        - Name: app
          Image: !Sub "\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.amazonaws.com/app:\${Tag}"
        - Name: param
          Image: !Ref ImageUri
        - Name: joined
          Image:
            Fn::Join: ["", ["acme/", "worker:", !Ref Tag]]
        - Name: literal-sub
          Image: { "Fn::Sub": "bitnami/redis:7.4" }
`
    expect(found(source, 'template.yaml')).toEqual([
      { text: 'nginx:1.27-alpine', place: 'cloudformation:WebTask.ContainerDefinitions[0].Image' },
      {
        text: `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.amazonaws.com/app:\${Tag}`,
        place: 'cloudformation:WebTask.ContainerDefinitions[1].Image',
        templated: true,
      },
      { text: '!Ref ImageUri', place: 'cloudformation:WebTask.ContainerDefinitions[2].Image', templated: true },
      {
        text: 'Fn::Join: ["", ["acme/", "worker:", !Ref Tag]]',
        place: 'cloudformation:WebTask.ContainerDefinitions[3].Image',
        templated: true,
      },
      { text: 'bitnami/redis:7.4', place: 'cloudformation:WebTask.ContainerDefinitions[4].Image' },
    ])
  })

  it('reads CloudFormation JSON, Fn::Sub with variables included', () => {
    const source = `{
  "Resources": {
    "Task": {
      "Type": "AWS::ECS::TaskDefinition",
      "Properties": {
        "ContainerDefinitions": [
          { "Name": "a", "Image": { "Fn::Sub": ["\${Registry}/api:1", { "Registry": "docker.io/acme" }] } },
          { "Name": "b", "Image": "postgres:16" }
        ]
      }
    }
  }
}`
    expect(found(source, 'stack.json')).toEqual([
      { text: `\${Registry}/api:1`, place: 'cloudformation:Task.ContainerDefinitions[0].Image', templated: true },
      { text: 'postgres:16', place: 'cloudformation:Task.ContainerDefinitions[1].Image' },
    ])
  })

  it('finds nothing in look-alikes: nested containerDefinitions, Kubernetes manifests, package.json', () => {
    expect(found('{ "outputs": { "containerDefinitions": [{ "image": "nginx:1" }] } }')).toEqual([])
    expect(found('apiVersion: apps/v1\nkind: Deployment\nspec: { containers: [{ image: nginx }] }', 'd.yaml')).toEqual(
      [],
    )
    expect(found('{ "name": "nginx", "image": "logo.png", "scripts": {} }', 'package.json')).toEqual([])
  })

  it('reads AWS Batch jobs, CodeBuild projects, image parameters as likely, CodePipeline placeholders as templated', () => {
    const template = `Parameters:
  WorkerImage:
    Type: String
    Default: acme/worker:3.1
  Environment: {Type: String, Default: prod}
Resources:
  Export:
    Type: AWS::Batch::JobDefinition
    Properties:
      Type: container
      ContainerProperties:
        Image: python:3.12-slim
        Command: [python, export.py]
  Train:
    Type: AWS::Batch::JobDefinition
    Properties:
      Type: multinode
      NodeProperties:
        NodeRangeProperties:
          - TargetNodes: "0:"
            Container: {Image: !Ref WorkerImage}
  Etl:
    Type: AWS::Batch::JobDefinition
    Properties:
      EcsProperties:
        TaskProperties:
          - Containers:
              - {Name: main, Image: acme/etl:2}
              - {Name: log, Image: "fluent/fluent-bit:3.1"}
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      Environment: {Type: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_SMALL, Image: docker:27-cli}
  Curated:
    Type: AWS::CodeBuild::Project
    Properties:
      Environment: {Image: aws/codebuild/standard:7.0}
`
    expect(found(template, 'batch.yaml')).toEqual([
      { text: 'acme/worker:3.1', place: 'cloudformation:Parameters.WorkerImage.Default', confidence: 'likely' },
      { text: 'python:3.12-slim', place: 'cloudformation:Export.ContainerProperties.Image' },
      {
        text: '!Ref WorkerImage',
        place: 'cloudformation:Train.NodeProperties.NodeRangeProperties[0].Container.Image',
        templated: true,
      },
      { text: 'acme/etl:2', place: 'cloudformation:Etl.EcsProperties.TaskProperties[0].Containers[0].Image' },
      {
        text: 'fluent/fluent-bit:3.1',
        place: 'cloudformation:Etl.EcsProperties.TaskProperties[0].Containers[1].Image',
      },
      { text: 'docker:27-cli', place: 'cloudformation:Build.Environment.Image' },
    ])
    const taskdef = '{"family": "web", "containerDefinitions": [{"name": "web", "image": "<IMAGE1_NAME>"}]}'
    expect(found(taskdef, 'taskdef.json')).toEqual([
      { text: '<IMAGE1_NAME>', place: 'ecs:containerDefinitions[0].image', templated: true },
    ])
    expect(found('Parameters:\n  ApiImage: {Default: nginx}\n', 'params.yaml')).toEqual([])
  })

  it("reads a Batch node range's ECS and EKS containers and EKS jobs' pods, intrinsic functions as templated", () => {
    const template = `{
  "Resources": {
    "Mpi": {
      "Type": "AWS::Batch::JobDefinition",
      "Properties": {
        "Type": "multinode",
        "NodeProperties": {
          "MainNode": 0,
          "NumNodes": 2,
          "NodeRangeProperties": [
            { "TargetNodes": "0", "Container": { "Image": { "Fn::Sub": "\${Registry}/mpi-main:1" } } },
            {
              "TargetNodes": "1:",
              "EcsProperties": {
                "TaskProperties": [
                  { "Containers": [{ "Name": "w", "Image": { "Fn::Join": ["", ["acme/mpi:", "2"]] } }] }
                ]
              }
            }
          ]
        }
      }
    },
    "Pods": {
      "Type": "AWS::Batch::JobDefinition",
      "Properties": {
        "EksProperties": {
          "PodProperties": {
            "InitContainers": [{ "Name": "init", "Image": "busybox:1.36" }],
            "Containers": [{ "Name": "main", "Image": { "Ref": "PodImage" } }]
          }
        }
      }
    }
  }
}`
    expect(found(template, 'batch.json')).toEqual([
      {
        text: `\${Registry}/mpi-main:1`,
        place: 'cloudformation:Mpi.NodeProperties.NodeRangeProperties[0].Container.Image',
        templated: true,
      },
      {
        text: '{ "Fn::Join": ["", ["acme/mpi:", "2"]] }',
        place:
          'cloudformation:Mpi.NodeProperties.NodeRangeProperties[1]' +
          '.EcsProperties.TaskProperties[0].Containers[0].Image',
        templated: true,
      },
      { text: 'busybox:1.36', place: 'cloudformation:Pods.EksProperties.PodProperties.InitContainers[0].Image' },
      {
        text: '{ "Ref": "PodImage" }',
        place: 'cloudformation:Pods.EksProperties.PodProperties.Containers[0].Image',
        templated: true,
      },
    ])
  })
})
